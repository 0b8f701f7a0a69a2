/**
 * Case lookup for the global officer search (comms module, owner: comms): by case number or title
 * (substring and pg_trgm typos), limited IN THE QUERY to cases whose handling org lies in the caller's
 * cases.read scope. Selects only number, title, state and org: never the submitter, the identity or
 * the encrypted details, so anonymous cases stay anonymous.
 */
import { type SqlBool, sql } from 'kysely';
import { scopeOrgIds } from '../../kernel/auth/access.js';
import type { Database } from '../../kernel/db/pool.js';

export type CaseSearchHit = { id: string; ref: string; title: string; state: string; orgName: string };

export async function searchCasesInScope(
  db: Database,
  userId: string,
  query: string,
  limit: number,
): Promise<CaseSearchHit[]> {
  const q = query.trim();
  if (!q) return [];
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .selectFrom('cases as c')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .where(sql<SqlBool>`c.org_id IN (${scopeOrgIds(db, userId, 'cases.read')})`)
    .where((eb) =>
      eb.or([
        eb(eb.fn('upper', ['c.ref']), '=', q.toUpperCase()),
        sql<SqlBool>`c.title ILIKE ${like}`,
        sql<SqlBool>`c.title % ${q}`,
      ]),
    )
    .select([
      'c.id',
      'c.ref',
      'c.title',
      'c.state',
      'o.name as org_name',
      sql<number>`(upper(c.ref) = ${q.toUpperCase()})::int * 2 + similarity(c.title, ${q})`.as('score'),
    ])
    .orderBy('score', 'desc')
    .orderBy('c.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, ref: r.ref, title: r.title, state: r.state, orgName: r.org_name }));
}
