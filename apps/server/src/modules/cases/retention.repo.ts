/**
 * Deletion of cases after their archive period (docs/privacy.md "Retention", docs/cases.md): a case
 * closed before the cutoff goes with its events (messages, notes, transitions), escalations and
 * attachment rows, in the caller's transaction. A reopened case has `closed_at` NULL and a case closed
 * again counts from that last close, so open and recently closed cases are never touched. The
 * pre-aggregated analytics (case_rollup_*) keep their counts: they hold counts per org node, type and
 * month, no personal data, and the purge names itself to the delete trigger (0038). Cases are not in search_docs:
 * the officer search reads `cases` itself, so the deleted case drops out of it with its row.
 */
import { sql } from 'kysely';
import type { Database } from '../../kernel/db/pool.js';
import { removeStored } from './attachment-files.js';

/** The archive period of the casework file (labour disputes, injury reports, grievances): 10 years. */
export const CASE_ARCHIVE_DAYS = 3650;

export type ClosedCasesPurge = {
  /** Cases deleted. */
  count: number;
  /** Removes the deleted attachments' files; call only after the transaction committed. */
  removeFiles: (dataDir: string) => Promise<void>;
};

/**
 * Deletes, in `db` (a transaction), every case closed before `cutoff` and all its rows. The cases are
 * locked first, so a reopen in flight either commits before (and the case no longer qualifies) or
 * waits and finds the case gone.
 */
export async function purgeCasesClosedBefore(db: Database, cutoff: Date): Promise<ClosedCasesPurge> {
  const locked = await db
    .selectFrom('cases')
    .select('id')
    .where('closed_at', 'is not', null)
    .where('closed_at', '<', cutoff)
    .orderBy('id')
    .forUpdate()
    .execute();
  if (locked.length === 0) return { count: 0, removeFiles: async () => {} };
  const doomed = () =>
    db.selectFrom('cases').select('id').where('closed_at', 'is not', null).where('closed_at', '<', cutoff);
  const files = await db
    .deleteFrom('case_attachments')
    .where('case_id', 'in', doomed())
    .returning('stored_name')
    .execute();
  await db.deleteFrom('case_events').where('case_id', 'in', doomed()).execute();
  await db.deleteFrom('case_escalations').where('case_id', 'in', doomed()).execute();
  // the analytics of those months keep their counts (migration 0038)
  await sql`SELECT set_config('unionhall.case_archive_purge', 'on', true)`.execute(db);
  const res = await db
    .deleteFrom('cases')
    .where('closed_at', 'is not', null)
    .where('closed_at', '<', cutoff)
    .executeTakeFirst();
  const storedNames = files.map((f) => f.stored_name);
  return {
    count: Number(res.numDeletedRows),
    // a file already missing is not an error (removeStored ignores it)
    removeFiles: async (dataDir) => {
      for (const name of storedNames) await removeStored(dataDir, name);
    },
  };
}
