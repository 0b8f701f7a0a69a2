/**
 * Reads of the case rollups (migration 0014; a trigger keeps them in step with `cases` in the same
 * transaction). The caller's scope is the set of the topmost nodes where they hold the permission:
 * their subtrees are disjoint, and each node's rollup rows already count its whole subtree.
 */
import { type SqlBool, sql } from 'kysely';
import type { Permission } from '../../../kernel/auth/permissions.js';
import type { Database } from '../../../kernel/db/pool.js';

export type MonthWindow = { fromMonth: string; toMonth: string; typeKey?: string };
export type DayWindow = { previousFrom: string; from: string; to: string };

export function rollupRepo(db: Database) {
  /** SQL: the topmost org nodes where the user holds the permission (no other granted node above). */
  const topNodes = (userId: string, permission: Permission) =>
    db
      .selectFrom('grants as g')
      .innerJoin('roles as r', 'r.key', 'g.role_key')
      .innerJoin('orgs as o', 'o.id', 'g.org_id')
      .where('g.user_id', '=', userId)
      .where(sql<SqlBool>`${permission} = ANY(r.permissions)`)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('grants as g2')
              .innerJoin('roles as r2', 'r2.key', 'g2.role_key')
              .innerJoin('orgs as o2', 'o2.id', 'g2.org_id')
              .where('g2.user_id', '=', userId)
              .where(sql<SqlBool>`${permission} = ANY(r2.permissions)`)
              .whereRef('o2.id', '<>', 'o.id')
              .where(sql<SqlBool>`o.path LIKE o2.path || '%'`)
              .select('g2.id'),
          ),
        ),
      )
      .select(['o.id', 'o.path']);

  const month = (userId: string, w: MonthWindow) => {
    let q = db
      .selectFrom('case_rollup_month as r')
      .where('r.node_id', 'in', topNodes(userId, 'cases.read').clearSelect().select('o.id'))
      .where('r.month', '>=', w.fromMonth)
      .where('r.month', '<', w.toMonth);
    if (w.typeKey) q = q.where('r.type_key', '=', w.typeKey);
    return q;
  };

  return {
    /** The materialised paths of the caller's topmost granted nodes (disjoint subtrees). */
    topPaths: async (userId: string, permission: Permission) =>
      (await topNodes(userId, permission).distinct().execute()).map((r) => r.path),

    byTypeMonth: (userId: string, w: MonthWindow) =>
      month(userId, w)
        .select([
          'r.type_key',
          sql<string>`to_char(r.month, 'YYYY-MM')`.as('month'),
          sql<string>`sum(r.n)`.as('n'),
        ])
        .groupBy(['r.type_key', 'r.month'])
        .having(sql<SqlBool>`sum(r.n) > 0`)
        .orderBy('r.month')
        .orderBy('r.type_key')
        .execute(),

    backlog: (userId: string, w: MonthWindow) =>
      month(userId, w)
        .select(['r.state', sql<string>`sum(r.open_n)`.as('n')])
        .groupBy('r.state')
        .having(sql<SqlBool>`sum(r.open_n) > 0`)
        .orderBy('r.state')
        .execute(),

    summary: (userId: string, w: MonthWindow) =>
      month(userId, w)
        .select([
          sql<string>`coalesce(sum(r.n), 0)`.as('total'),
          sql<string>`coalesce(sum(r.open_n), 0)`.as('open'),
          sql<string>`coalesce(sum(r.breached_n), 0)`.as('breached'),
          sql<string>`coalesce(sum(r.fr_n), 0)`.as('fr_n'),
          sql<string>`coalesce(sum(r.fr_sum_us), 0)`.as('fr_sum_us'),
          sql<string>`coalesce(sum(r.res_n), 0)`.as('res_n'),
          sql<string>`coalesce(sum(r.res_sum_us), 0)`.as('res_sum_us'),
          sql<string>`coalesce(sum(r.rated_n), 0)`.as('rated'),
          sql<string>`coalesce(sum(r.sat_sum), 0)`.as('sat_sum'),
        ])
        .executeTakeFirstOrThrow(),

    /** First-response times in 6-minute buckets (for the median). */
    frHistogram: (userId: string, w: MonthWindow) => {
      let q = db
        .selectFrom('case_rollup_fr as r')
        .where('r.node_id', 'in', topNodes(userId, 'cases.read').clearSelect().select('o.id'))
        .where('r.month', '>=', w.fromMonth)
        .where('r.month', '<', w.toMonth);
      if (w.typeKey) q = q.where('r.type_key', '=', w.typeKey);
      return q
        .select(['r.bucket', sql<string>`sum(r.n)`.as('n')])
        .groupBy('r.bucket')
        .having(sql<SqlBool>`sum(r.n) > 0`)
        .orderBy('r.bucket')
        .execute();
    },

    byOrg: (userId: string, w: MonthWindow) =>
      db
        .selectFrom('case_rollup_origin as r')
        .where('r.node_id', 'in', topNodes(userId, 'cases.read').clearSelect().select('o.id'))
        .where('r.type_key', '=', w.typeKey ?? '*')
        .where('r.month', '>=', w.fromMonth)
        .where('r.month', '<', w.toMonth)
        .select(['r.origin_org_id', sql<string>`sum(r.n)`.as('n'), sql<string>`sum(r.open_n)`.as('open')])
        .groupBy('r.origin_org_id')
        .having(sql<SqlBool>`sum(r.n) > 0`)
        .orderBy(sql`sum(r.n)`, 'desc')
        .orderBy('r.origin_org_id')
        .limit(200)
        .execute(),

    /** When the member head-count snapshot was last refreshed (undefined: never). */
    memberCountsAt: async (): Promise<Date | undefined> =>
      (await db.selectFrom('case_member_counts_state').select('refreshed_at').executeTakeFirst())
        ?.refreshed_at,

    /**
     * Replaces the head-count snapshot: live members per org node and department. Reads the members
     * table (the members module's index offers counts per org only, without departments).
     */
    refreshMemberCounts: async (now: Date) => {
      await db.deleteFrom('case_member_counts').execute();
      await db
        .insertInto('case_member_counts')
        .columns(['org_id', 'department', 'n'])
        .expression(
          db
            .selectFrom('members as m')
            .where('m.status', 'in', ['active', 'retained', 'transferring'])
            .select([
              'm.org_id',
              sql<string>`coalesce(m.department, '')`.as('department'),
              sql<number>`count(*)::int`.as('n'),
            ])
            .groupBy(['m.org_id', sql`coalesce(m.department, '')`]),
        )
        .execute();
      await db
        .insertInto('case_member_counts_state')
        .values({ id: 1, refreshed_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet({ refreshed_at: now }))
        .execute();
    },

    /** Snapshot head counts per org node in the caller's scope (topmost granted subtrees, by path). */
    snapshotCountsByOrg: async (paths: string[]): Promise<Map<string, number>> => {
      if (paths.length === 0) return new Map();
      const rows = await db
        .selectFrom('case_member_counts as mc')
        .innerJoin('orgs as o', 'o.id', 'mc.org_id')
        .where((eb) => eb.or(paths.map((p) => eb('o.path', 'like', `${p}%`))))
        .select(['mc.org_id', sql<string>`sum(mc.n)`.as('n')])
        .groupBy('mc.org_id')
        .execute();
      return new Map(rows.map((r) => [r.org_id, Number(r.n)]));
    },

    /** Snapshot head counts per department in the caller's scope. */
    snapshotCountsByDepartment: async (paths: string[]): Promise<Map<string, number>> => {
      if (paths.length === 0) return new Map();
      const rows = await db
        .selectFrom('case_member_counts as mc')
        .innerJoin('orgs as o', 'o.id', 'mc.org_id')
        .where((eb) => eb.or(paths.map((p) => eb('o.path', 'like', `${p}%`))))
        .where('mc.department', '<>', '')
        .select(['mc.department', sql<string>`sum(mc.n)`.as('n')])
        .groupBy('mc.department')
        .execute();
      return new Map(rows.map((r) => [r.department, Number(r.n)]));
    },

    /** Reports per value of a dimension in the current and the previous window (whole UTC days). */
    dimensionCounts: (userId: string, dim: string, typeKey: string, w: DayWindow) =>
      db
        .selectFrom('case_rollup_dim as r')
        .where('r.node_id', 'in', topNodes(userId, 'cases.read').clearSelect().select('o.id'))
        .where('r.type_key', '=', typeKey)
        .where('r.dim', '=', dim)
        .where('r.day', '>=', w.previousFrom)
        .where('r.day', '<', w.to)
        .select([
          'r.key',
          sql<string>`coalesce(sum(r.n) FILTER (WHERE r.day >= ${w.from}), 0)`.as('count'),
          sql<string>`coalesce(sum(r.n) FILTER (WHERE r.day < ${w.from}), 0)`.as('previous'),
        ])
        .groupBy('r.key')
        .having(sql<SqlBool>`sum(r.n) > 0`)
        .execute(),
  };
}
