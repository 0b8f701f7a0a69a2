/**
 * Arrears and collection figures straight from the ledger, with the same FIFO rule as dues.calc.ts:
 * per member, net payments (payments minus refunds) cover the periods oldest first, so a period's
 * covered share is LEAST(due, GREATEST(0, paid − dues of the earlier periods)).
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Database } from '../../kernel/db/pool.js';

/** CTE body: (member_id, period, org_id, due, covered) for members picked by `memberFilter`. */
function coverage(memberFilter: Expression<SqlBool>, upTo: string) {
  return sql`
    d AS (
      SELECT l.member_id, l.period, GREATEST(SUM(l.amount_fen), 0)::int AS due
      FROM dues_ledger l
      WHERE l.period IS NOT NULL AND l.period <= ${upTo} AND l.member_id IN (
        SELECT s.member_id FROM dues_schedule s WHERE ${memberFilter})
      GROUP BY l.member_id, l.period
    ),
    p AS (
      SELECT l.member_id, (-SUM(l.amount_fen))::int AS paid
      FROM dues_ledger l
      WHERE l.period IS NULL AND l.member_id IN (SELECT member_id FROM d)
      GROUP BY l.member_id
    ),
    a AS (
      SELECT d.member_id, d.period, d.due, COALESCE(p.paid, 0) AS paid,
             SUM(d.due) OVER (PARTITION BY d.member_id ORDER BY d.period) AS cum
      FROM d LEFT JOIN p ON p.member_id = d.member_id
    ),
    o AS (
      SELECT a.member_id, a.period, s.org_id, a.due,
             LEAST(a.due, GREATEST(0, a.paid - (a.cum - a.due)))::int AS covered
      FROM a JOIN dues_schedule s ON s.member_id = a.member_id AND s.period = a.period
    )`;
}

export type ArrearsRow = {
  member_id: string;
  name: string;
  member_no: string;
  org_id: string;
  org_name: string;
  user_id: string | null;
  months: number;
  owed: number;
  oldest: string;
};

export function analyticsRepo(db: Database) {
  return {
    /** Members (current org in `scope`) with at least `minMonths` open periods up to `upTo`. */
    async arrears(
      scope: Expression<SqlBool>,
      upTo: string,
      minMonths: number,
      limit: number,
      offset: number,
    ) {
      const memberFilter = sql<SqlBool>`s.member_id IN (SELECT m.id FROM members m WHERE ${scope})`;
      const r = await sql<ArrearsRow & { total: number }>`
        WITH ${coverage(memberFilter, upTo)},
        x AS (
          SELECT member_id, COUNT(*) FILTER (WHERE covered < due)::int AS months,
                 SUM(due - covered)::int AS owed, MIN(period) FILTER (WHERE covered < due) AS oldest
          FROM o GROUP BY member_id
        )
        SELECT m.id AS member_id, m.name, m.member_no, m.org_id, g.name AS org_name, m.user_id,
               x.months, x.owed, x.oldest, COUNT(*) OVER ()::int AS total
        FROM x JOIN members m ON m.id = x.member_id JOIN orgs g ON g.id = m.org_id
        WHERE x.months >= ${minMonths} AND ${scope}
        ORDER BY x.months DESC, x.owed DESC, m.member_no
        LIMIT ${limit} OFFSET ${offset}`.execute(db);
      return { rows: r.rows, total: r.rows[0]?.total ?? 0 };
    },

    /**
     * Collection per unit and period: the units are `rootId` itself (members directly on it) and its
     * children (their whole subtrees). Only schedule rows whose org is in `scope` count.
     */
    async collection(
      scope: Expression<SqlBool>,
      scopeOfO: Expression<SqlBool>,
      rootId: string,
      rootPath: string,
      from: string,
      to: string,
    ) {
      const memberFilter = sql<SqlBool>`s.period BETWEEN ${from} AND ${to} AND ${scope}`;
      const r = await sql<{
        unit_id: string;
        unit_name: string;
        period: string;
        due: number;
        covered: number;
        members: number;
      }>`
        WITH ${coverage(memberFilter, to)},
        scoped AS (
          SELECT o.* FROM o JOIN orgs so ON so.id = o.org_id
          WHERE o.period >= ${from} AND so.path LIKE ${`${rootPath}%`} AND ${scopeOfO}
        )
        SELECT COALESCE(u.id, ${rootId}::uuid) AS unit_id, COALESCE(u.name, r.name) AS unit_name, scoped.period,
               SUM(scoped.due)::int AS due, SUM(scoped.covered)::int AS covered, COUNT(*)::int AS members
        FROM scoped
        JOIN orgs so ON so.id = scoped.org_id
        JOIN orgs r ON r.id = ${rootId}::uuid
        LEFT JOIN orgs u ON u.parent_id = r.id AND so.path LIKE u.path || '%'
        GROUP BY 1, 2, 3
        ORDER BY 2, 3`.execute(db);
      return r.rows;
    },

    /** The members behind one figure of the dashboard: a unit's subtree and one period. */
    async collectionMembers(
      scope: Expression<SqlBool>,
      scopeOfO: Expression<SqlBool>,
      unitPath: string,
      period: string,
    ) {
      const memberFilter = sql<SqlBool>`s.period = ${period} AND ${scope}`;
      const r = await sql<{
        member_id: string;
        name: string;
        member_no: string;
        org_name: string;
        due: number;
        covered: number;
      }>`
        WITH ${coverage(memberFilter, period)}
        SELECT m.id AS member_id, m.name, m.member_no, so.name AS org_name, o.due, o.covered
        FROM o JOIN orgs so ON so.id = o.org_id JOIN members m ON m.id = o.member_id
        WHERE o.period = ${period} AND so.path LIKE ${`${unitPath}%`} AND ${scopeOfO}
        ORDER BY (o.due - o.covered) DESC, m.member_no
        LIMIT 1000`.execute(db);
      return r.rows;
    },
  };
}
