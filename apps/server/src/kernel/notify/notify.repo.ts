/** All SQL of the notification tables (notification_prefs, notifications, notification_deliveries). */
import type { Expression, Selectable, SqlBool } from 'kysely';
import type { Database } from '../db/pool.js';
import type { NotificationDeliveriesTable, NotificationPrefsTable } from '../db/types.js';

export type PrefsRow = Selectable<NotificationPrefsTable>;
export type DeliveryRow = Selectable<NotificationDeliveriesTable>;

export function notifyRepo(db: Database) {
  return {
    userContact(userId: string) {
      return db
        .selectFrom('users')
        .where('id', '=', userId)
        .select(['id', 'email', 'org_id', 'display_name'])
        .executeTakeFirst();
    },

    prefsOf(userId: string) {
      return db.selectFrom('notification_prefs').where('user_id', '=', userId).selectAll().executeTakeFirst();
    },

    /** Creates the row with defaults (and a fresh unsubscribe key) when missing; returns it. */
    async ensurePrefs(userId: string, unsubscribeKey: string): Promise<PrefsRow> {
      await db
        .insertInto('notification_prefs')
        .values({ user_id: userId, unsubscribe_key: unsubscribeKey })
        .onConflict((oc) => oc.column('user_id').doNothing())
        .execute();
      return db
        .selectFrom('notification_prefs')
        .where('user_id', '=', userId)
        .selectAll()
        .executeTakeFirstOrThrow();
    },

    updatePrefs(
      userId: string,
      patch: Partial<
        Pick<
          PrefsRow,
          | 'locale'
          | 'email_enabled'
          | 'sms_enabled'
          | 'muted_categories'
          | 'quiet_start'
          | 'quiet_end'
          | 'time_zone'
          | 'digest'
        >
      > & { unsubscribed_at?: Date | null; digest_sent_at?: Date | null; updated_at: Date },
    ) {
      return db.updateTable('notification_prefs').set(patch).where('user_id', '=', userId).execute();
    },

    prefsByUnsubscribeKey(key: string) {
      return db
        .selectFrom('notification_prefs')
        .where('unsubscribe_key', '=', key)
        .select(['user_id', 'unsubscribed_at'])
        .executeTakeFirst();
    },

    insertNotification(row: {
      user_id: string;
      template: string;
      category: string;
      title: string;
      body: string;
      link: string | null;
      created_at: Date;
    }) {
      return db
        .insertInto('notifications')
        .values(row)
        .returning(['id', 'created_at'])
        .executeTakeFirstOrThrow();
    },

    /** Members who take a digest and may get mail (e-mail on, not unsubscribed), with an address. */
    digestCandidates() {
      return db
        .selectFrom('notification_prefs as p')
        .innerJoin('users as u', 'u.id', 'p.user_id')
        .where('p.digest', '<>', 'off')
        .where('p.email_enabled', '=', true)
        .where('p.unsubscribed_at', 'is', null)
        .where('u.status', '=', 'active')
        .where('u.email', 'is not', null)
        .select([
          'u.id',
          'u.email',
          'u.org_id',
          'p.digest',
          'p.digest_sent_at',
          'p.locale',
          'p.time_zone',
          'p.quiet_start',
          'p.quiet_end',
          'p.unsubscribe_key',
          'p.muted_categories',
        ])
        .execute();
    },

    /** Unread in-app notifications created after `since`, newest first. */
    unreadSince(userId: string, since: Date, limit: number) {
      return db
        .selectFrom('notifications')
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .where('created_at', '>', since)
        .select(['template', 'category', 'title', 'created_at'])
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
    },

    markDigestSent(userId: string, at: Date) {
      return db
        .updateTable('notification_prefs')
        .set({ digest_sent_at: at })
        .where('user_id', '=', userId)
        .execute();
    },

    listNotifications(
      userId: string,
      opts: { before?: { at: Date; id: string }; limit: number; unreadOnly: boolean },
    ) {
      let q = db
        .selectFrom('notifications')
        .where('user_id', '=', userId)
        .select(['id', 'template', 'category', 'title', 'body', 'link', 'created_at', 'read_at'])
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(opts.limit);
      if (opts.unreadOnly) q = q.where('read_at', 'is', null);
      if (opts.before) {
        const b = opts.before;
        q = q.where((eb) =>
          eb.or([eb('created_at', '<', b.at), eb.and([eb('created_at', '=', b.at), eb('id', '<', b.id)])]),
        );
      }
      return q.execute();
    },

    notificationOf(userId: string, id: string) {
      return db
        .selectFrom('notifications')
        .where('user_id', '=', userId)
        .where('id', '=', id)
        .select(['id', 'created_at'])
        .executeTakeFirst();
    },

    async unreadCount(userId: string): Promise<number> {
      const r = await db
        .selectFrom('notifications')
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    async markRead(userId: string, ids: string[] | 'all', at: Date): Promise<number> {
      let q = db
        .updateTable('notifications')
        .set({ read_at: at })
        .where('user_id', '=', userId)
        .where('read_at', 'is', null);
      if (ids !== 'all') {
        if (ids.length === 0) return 0;
        q = q.where('id', 'in', ids);
      }
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    insertDelivery(row: {
      user_id: string | null;
      org_id: string | null;
      channel: 'email' | 'sms';
      template: string;
      locale: string;
      recipient_enc: Buffer;
      params_enc: Buffer;
      next_attempt_at: Date;
      created_at: Date;
    }) {
      return db.insertInto('notification_deliveries').values(row).returning('id').executeTakeFirstOrThrow();
    },

    /**
     * Claims up to `limit` due deliveries for this process: bumps their attempt count and leases them
     * until `leaseUntil`, so another process (or a crash) cannot send them twice within the lease.
     */
    claimDue(now: Date, leaseUntil: Date, limit: number) {
      return db
        .updateTable('notification_deliveries')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntil }))
        .where(
          'id',
          'in',
          db
            .selectFrom('notification_deliveries')
            .where('status', '=', 'pending')
            .where('next_attempt_at', '<=', now)
            .orderBy('next_attempt_at')
            .limit(limit)
            .select('id')
            .forUpdate()
            .skipLocked(),
        )
        .returningAll()
        .execute();
    },

    markSent(id: string, at: Date) {
      return db
        .updateTable('notification_deliveries')
        .set({ status: 'sent', sent_at: at, last_error: null })
        .where('id', '=', id)
        .execute();
    },

    markRetry(id: string, next: Date, error: string) {
      return db
        .updateTable('notification_deliveries')
        .set({ next_attempt_at: next, last_error: error })
        .where('id', '=', id)
        .execute();
    },

    markFailed(id: string, error: string) {
      return db
        .updateTable('notification_deliveries')
        .set({ status: 'failed', last_error: error })
        .where('id', '=', id)
        .execute();
    },

    /** Deliveries matching `scope` (built with inScope over `d.org_id`), newest first. */
    listDeliveries(
      scope: Expression<SqlBool>,
      opts: { status: 'pending' | 'sent' | 'failed'; limit: number },
    ) {
      return db
        .selectFrom('notification_deliveries as d')
        .leftJoin('users as u', 'u.id', 'd.user_id')
        .where('d.status', '=', opts.status)
        .where(scope)
        .select([
          'd.id',
          'd.user_id',
          'u.display_name',
          'd.org_id',
          'd.channel',
          'd.template',
          'd.status',
          'd.attempts',
          'd.last_error',
          'd.created_at',
          'd.next_attempt_at',
        ])
        .orderBy('d.created_at', 'desc')
        .limit(opts.limit)
        .execute();
    },

    deliveryOrg(id: string) {
      return db
        .selectFrom('notification_deliveries')
        .where('id', '=', id)
        .select(['id', 'org_id', 'status'])
        .executeTakeFirst();
    },

    requeue(id: string, now: Date) {
      return db
        .updateTable('notification_deliveries')
        .set({ status: 'pending', attempts: 0, next_attempt_at: now })
        .where('id', '=', id)
        .where('status', '=', 'failed')
        .execute();
    },
  };
}
