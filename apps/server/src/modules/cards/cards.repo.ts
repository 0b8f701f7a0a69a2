/** SQL of the e-member cards. */
import { sql } from 'kysely';
import type { Database } from '../../kernel/db/pool.js';

export function cardsRepo(db: Database) {
  const withMember = () =>
    db
      .selectFrom('member_cards as c')
      .innerJoin('members as m', 'm.id', 'c.member_id')
      .innerJoin('orgs as u', 'u.id', 'c.union_id')
      .selectAll('c')
      .select(['m.name as member_name', 'm.member_no', 'm.status as member_status', 'u.name as union_name'])
      // the date as YYYY-MM-DD text (pg would parse it as a local-time Date)
      .select(sql<string>`c.valid_until::text`.as('valid_until_text'));
  return {
    liveOfMember: (memberId: string) =>
      withMember().where('c.member_id', '=', memberId).where('c.revoked_at', 'is', null).executeTakeFirst(),
    byId: (id: string) => withMember().where('c.id', '=', id).executeTakeFirst(),
    insert: (v: {
      member_id: string;
      union_id: string;
      org_id: string;
      valid_until: string;
      issued_at: Date;
    }) =>
      db
        .insertInto('member_cards')
        .values(v)
        .onConflict((oc) => oc.column('member_id').where('revoked_at', 'is', null).doNothing())
        .returning('id')
        .executeTakeFirst(),
    revoke: (id: string, v: { revoked_at: Date; revoked_by: string | null; revoke_reason: string }) =>
      db
        .updateTable('member_cards')
        .set(v)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returning(['id', 'member_id', 'org_id'])
        .executeTakeFirst(),
    /** Live cards whose membership has ended (not in `liveStatuses`). */
    liveOfEndedMembers: (liveStatuses: string[], limit: number) =>
      db
        .selectFrom('member_cards as c')
        .innerJoin('members as m', 'm.id', 'c.member_id')
        .where('c.revoked_at', 'is', null)
        .where('m.status', 'not in', liveStatuses)
        .select(['c.id', 'c.member_id', 'c.org_id', 'm.status'])
        .limit(limit)
        .execute(),
    memberOrg: (memberId: string) =>
      db
        .selectFrom('members')
        .where('id', '=', memberId)
        .select(['id', 'org_id', 'union_id', 'status'])
        .executeTakeFirst(),
  };
}
