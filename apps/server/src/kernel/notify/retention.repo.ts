/**
 * Retention deletes of the notification tables: the privacy retention job's rules (docs/privacy.md
 * "Retention"), each taking the cutoff computed by the caller, and the withdrawal of one link's
 * in-app notifications (elections records disposal). Each returns a row count.
 */
import type { Database } from '../db/pool.js';

const deleted = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);

/** In-app notifications read before `cutoff` (unread ones are kept). */
export async function purgeNotificationsReadBefore(db: Database, cutoff: Date): Promise<number> {
  return deleted(
    await db
      .deleteFrom('notifications')
      .where('read_at', 'is not', null)
      .where('read_at', '<', cutoff)
      .executeTakeFirst(),
  );
}

/** In-app notifications created before `cutoff`, read or not. */
export async function purgeNotificationsCreatedBefore(db: Database, cutoff: Date): Promise<number> {
  return deleted(await db.deleteFrom('notifications').where('created_at', '<', cutoff).executeTakeFirst());
}

/**
 * Outbox rows (e-mail and SMS deliveries) that were sent, or failed for good, before `cutoff`. A failed
 * row has no failure time; its `next_attempt_at` (the lease of its last attempt) is at or after the
 * failure, so the period is never cut short. Pending rows are never deleted.
 */
export async function purgeDeliveriesFinishedBefore(db: Database, cutoff: Date): Promise<number> {
  return deleted(
    await db
      .deleteFrom('notification_deliveries')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'sent'), eb('sent_at', '<', cutoff)]),
          eb.and([eb('status', '=', 'failed'), eb('next_attempt_at', '<', cutoff)]),
        ]),
      )
      .executeTakeFirst(),
  );
}

/** Broadcasts (shared template + encrypted params) created before `cutoff` with no delivery left. */
export async function purgeOrphanBroadcastsBefore(db: Database, cutoff: Date): Promise<number> {
  return deleted(
    await db
      .deleteFrom('notification_broadcasts as b')
      .where('b.created_at', '<', cutoff)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('notification_deliveries as d').whereRef('d.broadcast_id', '=', 'b.id').select('d.id'),
          ),
        ),
      )
      .executeTakeFirst(),
  );
}

/**
 * Every in-app notification of `template` that links to `link` (all recipients), inside the caller's
 * transaction. Used by the elections records disposal: the `election_ballot_cast` rows keep a voter's
 * tracking code next to the account.
 */
export async function retractInAppNotifications(
  db: Database,
  template: string,
  link: string,
): Promise<number> {
  return deleted(
    await db
      .deleteFrom('notifications')
      .where('template', '=', template)
      .where('link', '=', link)
      .executeTakeFirst(),
  );
}
