/** SQL of member_transfers, and the copy of a member record into the receiving union. */
import { sql } from 'kysely';
import type { Actor } from '../../kernel/auth/actor.js';
import { inScope } from '../../kernel/auth/access.js';
import type { Database } from '../../kernel/db/pool.js';

export type TransferRow = {
  id: string;
  member_id: string;
  member_name: string;
  member_org_id: string;
  member_org_path: string;
  from_union_id: string;
  from_union_name: string;
  to_union_id: string;
  to_union_name: string;
  to_org_id: string;
  to_org_path: string;
  status: 'pending' | 'approved' | 'rejected' | 'cancelled';
  reason: string;
  requested_at: Date;
  decided_at: Date | null;
  decision_reason: string | null;
};

export function transfersRepo(db: Database) {
  const base = () =>
    db
      .selectFrom('member_transfers as t')
      .innerJoin('members as m', 'm.id', 't.member_id')
      .innerJoin('orgs as mo', 'mo.id', 'm.org_id')
      .innerJoin('orgs as fu', 'fu.id', 't.from_union_id')
      .innerJoin('orgs as tu', 'tu.id', 't.to_union_id')
      .innerJoin('orgs as tor', 'tor.id', 't.to_org_id')
      .select([
        't.id',
        't.member_id',
        'm.name as member_name',
        'm.org_id as member_org_id',
        'mo.path as member_org_path',
        't.from_union_id',
        'fu.name as from_union_name',
        't.to_union_id',
        'tu.name as to_union_name',
        't.to_org_id',
        'tor.path as to_org_path',
        't.status',
        't.reason',
        't.requested_at',
        't.decided_at',
        't.decision_reason',
      ]);
  return {
    findById: (id: string) =>
      base().where('t.id', '=', id).executeTakeFirst() as Promise<TransferRow | undefined>,

    pendingOf: (memberId: string) =>
      base()
        .where('t.member_id', '=', memberId)
        .where('t.status', '=', 'pending')
        .executeTakeFirst() as Promise<TransferRow | undefined>,

    /** Transfers into (incoming) or out of (outgoing) the actor's scope, newest first. */
    listVisible: (actor: Actor, direction: 'incoming' | 'outgoing', status?: string) => {
      let q = base().where(
        direction === 'incoming'
          ? inScope(db, actor, 'members.read', sql.ref('t.to_org_id'))
          : inScope(db, actor, 'members.read', sql.ref('m.org_id')),
      );
      if (status) q = q.where('t.status', '=', status as TransferRow['status']);
      return q.orderBy('t.requested_at', 'desc').limit(500).execute() as Promise<TransferRow[]>;
    },

    insert: (row: {
      id: string;
      member_id: string;
      from_union_id: string;
      to_union_id: string;
      to_org_id: string;
      reason: string;
      requested_by: string;
      requested_at: Date;
    }) => db.insertInto('member_transfers').values(row).execute(),

    /** Closes a pending transfer; false when it was no longer pending. */
    decide: async (
      id: string,
      set: {
        status: 'approved' | 'rejected' | 'cancelled';
        decided_by: string;
        decided_at: Date;
        decision_reason: string;
        new_member_id?: string;
      },
    ) => {
      const r = await db
        .updateTable('member_transfers')
        .set(set)
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    /** Creates the receiving union's record from the old one (ciphertexts are copied, never decrypted). */
    cloneMember: (
      from: string,
      to: { id: string; unionId: string; orgId: string; memberNo: string; at: Date },
    ) =>
      sql`INSERT INTO members (id, union_id, org_id, user_id, member_no, status, name, name_initials, name_pinyin,
            name_grams, gender, birth_date, id_type, id_number_enc, id_number_bidx, phone_enc, phone_bidx, email,
            address_enc, employer, department, job_title, education, join_date, previous_member_id, created_at,
            updated_at)
          SELECT ${to.id}, ${to.unionId}, ${to.orgId}, user_id, ${to.memberNo}, 'active', name, name_initials,
            name_pinyin, name_grams, gender, birth_date, id_type, id_number_enc, id_number_bidx, phone_enc,
            phone_bidx, email, address_enc, employer, department, job_title, education, join_date, id, ${to.at},
            ${to.at}
          FROM members WHERE id = ${from}`.execute(db),
  };
}
