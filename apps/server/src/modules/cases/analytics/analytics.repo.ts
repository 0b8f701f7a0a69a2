/**
 * Aggregates computed directly over the cases table: the reference the rollups (rollup.repo.ts) are
 * tested against and the bench baseline, and the weekly digest's per-union counts.
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import { scopeOrgIds } from '../../../kernel/auth/access.js';
import type { Database } from '../../../kernel/db/pool.js';

export type Window = { from: Date; to: Date; typeKey?: string };

export function analyticsRepo(db: Database) {
  const base = (scope: Expression<SqlBool>, w: Window) => {
    let q = db
      .selectFrom('cases as c')
      .where(scope)
      .where('c.created_at', '>=', w.from)
      .where('c.created_at', '<', w.to);
    if (w.typeKey) q = q.where('c.type_key', '=', w.typeKey);
    return q;
  };
  return {
    byTypeMonth: (scope: Expression<SqlBool>, w: Window) =>
      base(scope, w)
        .select([
          'c.type_key',
          sql<string>`to_char(date_trunc('month', c.created_at AT TIME ZONE 'UTC'), 'YYYY-MM')`.as('month'),
          (eb) => eb.fn.countAll<string>().as('n'),
        ])
        .groupBy(['c.type_key', 'month'])
        .orderBy('month')
        .orderBy('c.type_key')
        .execute(),

    byOrg: (scope: Expression<SqlBool>, w: Window) =>
      base(scope, w)
        .select([
          'c.origin_org_id',
          (eb) => eb.fn.countAll<string>().as('n'),
          sql<string>`count(*) FILTER (WHERE c.closed_at IS NULL)`.as('open'),
        ])
        .groupBy('c.origin_org_id')
        .orderBy('n', 'desc')
        .orderBy('c.origin_org_id')
        .limit(200)
        .execute(),

    backlog: (scope: Expression<SqlBool>, w: Window) =>
      base(scope, w)
        .where('c.closed_at', 'is', null)
        .select(['c.state', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy('c.state')
        .orderBy('c.state')
        .execute(),

    summary: (scope: Expression<SqlBool>, w: Window) =>
      base(scope, w)
        .select([
          (eb) => eb.fn.countAll<string>().as('total'),
          sql<string>`count(*) FILTER (WHERE c.closed_at IS NULL)`.as('open'),
          sql<string>`count(*) FILTER (WHERE c.fr_breached_at IS NOT NULL OR c.res_breached_at IS NOT NULL)`.as(
            'breached',
          ),
          sql<string>`count(c.first_response_at)`.as('fr_n'),
          sql<string>`coalesce(sum((extract(epoch FROM c.first_response_at - c.created_at) * 1000000)::bigint), 0)`.as(
            'fr_sum_us',
          ),
          sql<string>`count(c.resolved_at)`.as('res_n'),
          sql<string>`coalesce(sum((extract(epoch FROM c.resolved_at - c.created_at) * 1000000)::bigint), 0)`.as(
            'res_sum_us',
          ),
          sql<string>`count(c.satisfaction)`.as('rated'),
          sql<string>`coalesce(sum(c.satisfaction), 0)`.as('sat_sum'),
        ])
        .executeTakeFirstOrThrow(),

    /** First-response times in 6-minute buckets (for the median). */
    frHistogram: (scope: Expression<SqlBool>, w: Window) =>
      base(scope, w)
        .where('c.first_response_at', 'is not', null)
        .select([
          sql<number>`floor(extract(epoch FROM c.first_response_at - c.created_at) / 360)::int`.as('bucket'),
          (eb) => eb.fn.countAll<string>().as('n'),
        ])
        .groupBy('bucket')
        .orderBy('bucket')
        .execute(),

    /** Report counts per value of a dimension in two adjacent windows (current and previous). */
    dimensionCounts: (
      scope: Expression<SqlBool>,
      dim: 'origin_org_id' | 'location' | 'body_part' | 'department',
      typeKey: string,
      current: { from: Date; to: Date },
      previousFrom: Date,
    ) =>
      db
        .selectFrom('cases as c')
        .where(scope)
        .where('c.type_key', '=', typeKey)
        .where('c.created_at', '>=', previousFrom)
        .where('c.created_at', '<', current.to)
        .where(`c.${dim}`, 'is not', null)
        .select([
          sql<string>`${sql.ref(`c.${dim}`)}::text`.as('key'),
          sql<string>`count(*) FILTER (WHERE c.created_at >= ${current.from})`.as('count'),
          sql<string>`count(*) FILTER (WHERE c.created_at < ${current.from})`.as('previous'),
        ])
        .groupBy(`c.${dim}`)
        .execute(),

    /** Names of org nodes by id (one query for a list of figures). */
    orgNames: async (ids: string[]): Promise<Map<string, string>> => {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    /**
     * Live members per department in the caller's cases.read scope (the head counts of hotspots by
     * department). Reads the members table: the members module's index has no department counts yet.
     */
    memberCountsByDepartment: async (userId: string): Promise<Map<string, number>> => {
      const rows = await db
        .selectFrom('members as m')
        .where('m.org_id', 'in', scopeOrgIds(db, userId, 'cases.read'))
        .where('m.status', 'in', ['active', 'retained', 'transferring'])
        .where('m.department', 'is not', null)
        .select(['m.department', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy('m.department')
        .execute();
      return new Map(rows.map((r) => [r.department as string, Number(r.n)]));
    },

    /** Org ids where the user holds the permission (the caller's subtree). */
    scopeOrgIds: async (userId: string) =>
      (await scopeOrgIds(db, userId, 'cases.read').distinct().execute()).map((r) => r.id),

    /** Unions with reports of a type in the window (for the weekly digest). */
    unionsWithReports: async (typeKey: string, from: Date) =>
      (
        await db
          .selectFrom('cases')
          .select('union_id')
          .distinct()
          .where('type_key', '=', typeKey)
          .where('created_at', '>=', from)
          .execute()
      ).map((r) => r.union_id),

    /** Accounts holding cases.handle on the node or above it (the responsible officers). */
    responsibleOfficers: async (unionId: string) =>
      (
        await db
          .selectFrom('orgs as u')
          .innerJoin('orgs as g_org', (j) => j.on(sql<SqlBool>`u.path LIKE g_org.path || '%'`))
          .innerJoin('grants as g', 'g.org_id', 'g_org.id')
          .innerJoin('roles as r', 'r.key', 'g.role_key')
          .where('u.id', '=', unionId)
          .where(sql<SqlBool>`'cases.handle' = ANY(r.permissions)`)
          .select('g.user_id')
          .distinct()
          .execute()
      ).map((r) => r.user_id),
  };
}
