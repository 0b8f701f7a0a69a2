/** SQL of the records disposal after the retention period (migration 0037, docs/elections.md). */
import { sql } from 'kysely';
import type { Database } from '../../kernel/db/pool.js';

/** Statuses whose personal data may be disposed of: voting is over (a never-closed election is not). */
export const DISPOSABLE_STATUSES = ['closed', 'tallied'] as const;

export function retentionRepo(db: Database) {
  return {
    /**
     * Elections past retention and not yet disposed: `retain_until` before `today` (YYYY-MM-DD, the
     * caller's clock) and before the database's date (what the 0037 triggers check).
     */
    dueForDisposal: (today: string) =>
      db
        .selectFrom('elections')
        .select('id')
        .where('records_disposed_at', 'is', null)
        .where('retain_until', '<', today)
        .where('retain_until', '<', sql<string>`current_date`)
        .where('status', 'in', DISPOSABLE_STATUSES)
        .orderBy('retain_until')
        .orderBy('id')
        .execute(),

    /** The election row locked for the disposal transaction, with what the checks need. */
    lockForDisposal: (id: string) =>
      db
        .selectFrom('elections')
        .select([
          'id',
          'org_id',
          'status',
          'contests',
          'eligible_count',
          'records_disposed_at',
          sql<string | null>`retain_until::text`.as('retain_until'),
          sql<boolean>`coalesce(retain_until < current_date, false)`.as('past_in_db'),
        ])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),

    /**
     * Names the election this transaction disposes of; the roll and voted-mark triggers (0037) refuse
     * any DELETE without it. Transaction-local.
     */
    allowDisposal: (id: string) =>
      sql`SELECT set_config('unionhall.election_disposal', ${id}, true)`.execute(db),

    countVotedMarks: async (id: string) => {
      const r = await db
        .selectFrom('election_votes_cast')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('election_id', '=', id)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    /** Voted marks first (they reference the roll), then the roll. */
    deleteVotedMarks: async (id: string) =>
      Number(
        (await db.deleteFrom('election_votes_cast').where('election_id', '=', id).executeTakeFirst())
          .numDeletedRows,
      ),

    deleteRoll: async (id: string) =>
      Number(
        (await db.deleteFrom('election_voters').where('election_id', '=', id).executeTakeFirst())
          .numDeletedRows,
      ),

    /** The trustees' encrypted key shares: only needed during the ceremony. */
    deleteTrusteeShares: async (id: string) =>
      Number(
        (await db.deleteFrom('election_shares').where('election_id', '=', id).executeTakeFirst())
          .numDeletedRows,
      ),

    /** The trustees' share-transport public keys (not part of the record). */
    clearTransportKeys: async (id: string) =>
      Number(
        (
          await db
            .updateTable('election_trustees')
            .set({ transport_key: null })
            .where('election_id', '=', id)
            .where('transport_key', 'is not', null)
            .executeTakeFirst()
        ).numUpdatedRows,
      ),

    markDisposed: (id: string, patch: { at: Date; votedCount: number; contests: unknown }) =>
      db
        .updateTable('elections')
        .set({
          records_disposed_at: patch.at,
          voted_count: patch.votedCount,
          contests: JSON.stringify(patch.contests),
        })
        .where('id', '=', id)
        .execute(),
  };
}
