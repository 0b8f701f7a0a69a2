/** Withdrawing stored in-app notifications whose content must not outlive a retention period. */
import type { Database } from '../db/pool.js';

/**
 * Deletes every in-app notification of `template` that links to `link` (all recipients), inside the
 * caller's transaction. Used by the elections records disposal: the `election_ballot_cast` rows keep a
 * voter's tracking code next to the account.
 * @returns how many rows were deleted
 */
export async function retractInAppNotifications(
  db: Database,
  template: string,
  link: string,
): Promise<number> {
  const r = await db
    .deleteFrom('notifications')
    .where('template', '=', template)
    .where('link', '=', link)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
