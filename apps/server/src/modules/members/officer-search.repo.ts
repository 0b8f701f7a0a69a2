/**
 * Member lookup for the global officer search (comms module): by name (substring through the name
 * grams, typos through pg_trgm, pinyin initials/prefix for Latin queries), limited IN THE QUERY to
 * members whose org lies in the caller's members.read scope. Returns no personal fields beyond the name.
 * An erased member (PIPL deletion, `erased_at`) is never found. Members who left, were expelled or
 * transferred out stay findable for officers (the registry keeps them: rejoining, appeals, history),
 * after the live members and with their status shown.
 */
import { type SqlBool, sql } from 'kysely';
import { scopeOrgIds } from '../../kernel/auth/access.js';
import type { Database } from '../../kernel/db/pool.js';
import { LIVE_STATUSES } from './lifecycle.js';
import { isPinyinQuery, queryGrams } from './name-index.js';

export type MemberSearchHit = {
  id: string;
  name: string;
  memberNo: string;
  status: string;
  orgName: string;
};

export async function searchMembersInScope(
  db: Database,
  userId: string,
  query: string,
  limit: number,
): Promise<MemberSearchHit[]> {
  const q = query.trim();
  const grams = queryGrams(q);
  if (!q || grams.length === 0) return [];
  const pinyin = isPinyinQuery(q) ? q.toLowerCase() : null;
  const rows = await db
    .selectFrom('members as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .where(sql<SqlBool>`m.org_id IN (${scopeOrgIds(db, userId, 'members.read')})`)
    .where('m.erased_at', 'is', null)
    .where((eb) =>
      eb.or([
        sql<SqlBool>`m.name_grams @> ${grams}::text[]`,
        sql<SqlBool>`m.name % ${q}`,
        ...(pinyin
          ? [eb('m.name_initials', 'like', `${pinyin}%`), eb('m.name_pinyin', 'like', `${pinyin}%`)]
          : []),
      ]),
    )
    .select([
      'm.id',
      'm.name',
      'm.member_no',
      'm.status',
      'o.name as org_name',
      sql<number>`(m.name = ${q})::int + similarity(m.name, ${q})`.as('score'),
    ])
    .orderBy(sql`m.status IN (${sql.join(LIVE_STATUSES)})`, 'desc')
    .orderBy('score', 'desc')
    .orderBy('m.name_pinyin')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    memberNo: r.member_no,
    status: r.status,
    orgName: r.org_name,
  }));
}
