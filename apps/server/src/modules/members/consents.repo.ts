/** SQL of the consent ledger (append-only: a withdrawal is a new row with granted = false). */
import type { Database } from '../../kernel/db/pool.js';
import type { MemberConsentsTable } from '../../kernel/db/types.js';

export type NewConsent = {
  member_id: string;
  purpose: string;
  version: string;
  granted: boolean;
  at: Date;
  actor_id: string | null;
  source: MemberConsentsTable['source'];
};

export function consentsRepo(db: Database) {
  return {
    insert: async (rows: NewConsent[]) => {
      if (rows.length) await db.insertInto('member_consents').values(rows).execute();
    },

    /** Latest entry per purpose for one member. */
    current: (memberId: string) =>
      db
        .selectFrom('member_consents')
        .distinctOn('purpose')
        .select(['purpose', 'version', 'granted', 'at', 'source'])
        .where('member_id', '=', memberId)
        .orderBy('purpose')
        .orderBy('id', 'desc')
        .execute(),

    /** Members among `ids` whose latest entry for `purpose` grants it. */
    grantedAmong: async (ids: string[], purpose: string): Promise<Set<string>> => {
      if (ids.length === 0) return new Set();
      const rows = await db
        .selectFrom('member_consents')
        .distinctOn('member_id')
        .select(['member_id', 'granted'])
        .where('member_id', 'in', ids)
        .where('purpose', '=', purpose)
        .orderBy('member_id')
        .orderBy('id', 'desc')
        .execute();
      return new Set(rows.filter((r) => r.granted).map((r) => r.member_id));
    },

    history: (memberId: string) =>
      db
        .selectFrom('member_consents')
        .select(['id', 'purpose', 'version', 'granted', 'at', 'source'])
        .where('member_id', '=', memberId)
        .orderBy('id', 'desc')
        .execute(),

    /** Copies a member's ledger to the record that continues it (transfer between unions). */
    copyLedger: async (fromId: string, toId: string) => {
      const rows = await db
        .selectFrom('member_consents')
        .select(['purpose', 'version', 'granted', 'at', 'actor_id', 'source'])
        .where('member_id', '=', fromId)
        .orderBy('id')
        .execute();
      if (rows.length)
        await db
          .insertInto('member_consents')
          .values(rows.map((r) => ({ ...r, member_id: toId })))
          .execute();
    },
  };
}
