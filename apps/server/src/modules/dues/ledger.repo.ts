/** SQL of the dues ledger (append-only) and the member lookups the ledger needs. */
import { type Insertable, sql } from 'kysely';
import type { Database } from '../../kernel/db/pool.js';
import type { DuesLedgerTable } from '../../kernel/db/types.js';
import type { LedgerEntry } from './dues.calc.js';

export type NewLedgerEntry = Insertable<DuesLedgerTable>;

export function ledgerRepo(db: Database) {
  return {
    member(memberId: string) {
      return db
        .selectFrom('members')
        .where('id', '=', memberId)
        .select(['id', 'union_id', 'org_id', 'status', 'user_id', 'name', 'member_no'])
        .executeTakeFirst();
    },

    /** Locks the member row so concurrent ledger writes for one member serialise. */
    async lockMember(memberId: string): Promise<boolean> {
      const r = await db
        .selectFrom('members')
        .where('id', '=', memberId)
        .select('id')
        .forUpdate()
        .executeTakeFirst();
      return r !== undefined;
    },

    async entries(memberId: string): Promise<LedgerEntry[]> {
      const rows = await db
        .selectFrom('dues_ledger')
        .where('member_id', '=', memberId)
        .select(['id', 'kind', 'amount_fen', 'period', 'reverses_id'])
        .orderBy('seq')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        amountFen: r.amount_fen,
        period: r.period,
        reversesId: r.reverses_id,
      }));
    },

    entriesOfMembers(memberIds: string[]) {
      if (memberIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('dues_ledger')
        .where('member_id', 'in', memberIds)
        .select(['id', 'member_id', 'kind', 'amount_fen', 'period', 'reverses_id'])
        .orderBy('seq')
        .execute();
    },

    /** Full entries for display (newest first). */
    history(memberId: string, limit: number) {
      return db
        .selectFrom('dues_ledger')
        .where('member_id', '=', memberId)
        .select(['id', 'seq', 'kind', 'amount_fen', 'period', 'source', 'reference', 'reverses_id', 'at'])
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
    },

    byReference(reference: string) {
      return db
        .selectFrom('dues_ledger')
        .where('reference', '=', reference)
        .select(['id', 'member_id', 'kind', 'amount_fen', 'period', 'reverses_id'])
        .executeTakeFirst();
    },

    byId(id: string) {
      return db
        .selectFrom('dues_ledger')
        .where('id', '=', id)
        .select(['id', 'member_id', 'kind', 'amount_fen', 'period', 'reverses_id', 'reference'])
        .executeTakeFirst();
    },

    /** The charge and exemption entries of one member's period. */
    periodEntries(memberId: string, period: string) {
      return db
        .selectFrom('dues_ledger')
        .where('member_id', '=', memberId)
        .where('period', '=', period)
        .where('kind', 'in', ['charge', 'exemption'])
        .select(['id', 'member_id', 'kind', 'amount_fen', 'period', 'reverses_id', 'reference'])
        .orderBy('seq')
        .execute();
    },

    /** Sum of the reversal amounts already booked against an entry. */
    async reversedSum(entryId: string): Promise<number> {
      const r = await db
        .selectFrom('dues_ledger')
        .where('reverses_id', '=', entryId)
        .select(sql<number>`coalesce(sum(amount_fen), 0)::int`.as('s'))
        .executeTakeFirstOrThrow();
      return Number(r.s);
    },

    async insert(entry: NewLedgerEntry): Promise<string> {
      const r = await db.insertInto('dues_ledger').values(entry).returning('id').executeTakeFirstOrThrow();
      return r.id;
    },

    /** Latest schedule row per member at or before `period` (exemption status for standing). */
    latestSchedule(memberIds: string[], period: string) {
      if (memberIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('dues_schedule')
        .where('member_id', 'in', memberIds)
        .where('period', '<=', period)
        .distinctOn('member_id')
        .select(['member_id', 'period', 'due_fen', 'gross_fen', 'exemption'])
        .orderBy('member_id')
        .orderBy('period', 'desc')
        .execute();
    },
  };
}
