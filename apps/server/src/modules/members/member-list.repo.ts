/**
 * The scoped, filtered, sorted member list (and the export's keyset walk over the same filter).
 * Pagination is by offset up to a cap: counts stop at COUNT_CAP (or at a time budget, then the planner's
 * estimate is shown as approximate) and pages beyond the cap are refused by the schema, so no request
 * scans more than the cap plus a page (narrow the filter to go further).
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from '../../kernel/auth/actor.js';
import { scopeOrgIds } from '../../kernel/auth/access.js';
import type { Permission } from '../../kernel/auth/permissions.js';
import type { Database } from '../../kernel/db/pool.js';
import type { DB } from '../../kernel/db/types.js';
import type { MemberFilter, MemberSort } from './operations.schemas.js';

export const COUNT_CAP = 10_000;
/** Time a list request may spend counting before it settles for the planner's estimate. */
export const COUNT_BUDGET_MS = 15;

/** A resolved search: exact blind-index matches, or name grams / pinyin prefixes. */
export type Search =
  | { kind: 'phone'; bidx: string }
  | { kind: 'id_number'; bidxs: string[] }
  | { kind: 'text'; grams: string[]; like: string; pinyin: string | null };

export type ListSpec = {
  /** The org nodes to list (the caller's scope, narrowed to the orgId subtree): see scopedOrgIds. */
  orgIds: string[];
  filter: Omit<MemberFilter, 'q' | 'sort' | 'orgId'>;
  search?: Search;
  ids?: string[];
};

const SORT_COLUMNS = {
  joinDate: 'm.join_date',
  name: 'm.name_pinyin',
  memberNo: 'm.member_no',
} as const;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function where(spec: ListSpec) {
  return (eb: ExpressionBuilder<DB & { m: DB['members'] }, 'm'>) => {
    const f = spec.filter;
    // A literal id array (not a subquery) lets the planner estimate the scope from the column
    // statistics, so a union-wide scope walks the sort index and stops after one page.
    const c: Expression<SqlBool>[] = [sql<SqlBool>`m.org_id = ANY(${sql.val(spec.orgIds)}::uuid[])`];
    if (f.status?.length) c.push(eb('m.status', 'in', f.status));
    if (f.gender) c.push(eb('m.gender', '=', f.gender));
    if (f.education) c.push(eb('m.education', '=', f.education));
    if (f.employer) c.push(eb('m.employer', 'ilike', `%${escapeLike(f.employer)}%`));
    if (f.joinedFrom) c.push(sql<SqlBool>`m.join_date >= ${f.joinedFrom}::date`);
    if (f.joinedTo) c.push(sql<SqlBool>`m.join_date <= ${f.joinedTo}::date`);
    if (spec.ids)
      c.push(eb('m.id', 'in', spec.ids.length ? spec.ids : ['00000000-0000-0000-0000-000000000000']));
    const s = spec.search;
    if (s?.kind === 'phone') c.push(eb('m.phone_bidx', '=', s.bidx));
    if (s?.kind === 'id_number') c.push(eb('m.id_number_bidx', 'in', s.bidxs));
    if (s?.kind === 'text') {
      const byName = sql<SqlBool>`(m.name_grams @> ${sql.val(s.grams)}::text[] AND lower(m.name) LIKE ${s.like})`;
      c.push(
        s.pinyin
          ? eb.or([
              byName,
              eb('m.name_initials', 'like', `${s.pinyin}%`),
              eb('m.name_pinyin', 'like', `${s.pinyin}%`),
            ])
          : byName,
      );
    }
    return eb.and(c);
  };
}

/**
 * Ids of the org nodes where the actor holds every one of `permissions` (the kernel's scope query),
 * narrowed to the subtree of `orgId` when given.
 */
export async function scopedOrgIds(db: Database, actor: Actor, permissions: Permission[], orgId?: string) {
  let q = db.selectFrom('orgs as o').select('o.id');
  for (const p of permissions) q = q.where('o.id', 'in', scopeOrgIds(db, actor.userId, p));
  if (orgId) {
    q = q.where(sql<SqlBool>`o.path LIKE (SELECT a.path FROM orgs a WHERE a.id = ${orgId}) || '%'`);
  }
  return (await q.execute()).map((r) => r.id);
}

export function memberListRepo(db: Database) {
  const filtered = (spec: ListSpec) => db.selectFrom('members as m').where(where(spec));
  const listColumns = (spec: ListSpec) =>
    filtered(spec)
      .innerJoin('orgs as o', 'o.id', 'm.org_id')
      .select([
        'm.id',
        'm.member_no',
        'm.name',
        'm.gender',
        'm.status',
        'm.org_id',
        'o.name as org_name',
        'm.employer',
        'm.department',
        'm.phone_enc',
        sql<string | null>`to_char(m.join_date, 'YYYY-MM-DD')`.as('join_date'),
      ]);

  return {
    page: (spec: ListSpec, sort: MemberSort, page: number, pageSize: number) => {
      const desc = sort.startsWith('-');
      const col = SORT_COLUMNS[sort.replace('-', '') as keyof typeof SORT_COLUMNS];
      return listColumns(spec)
        .orderBy(sql.ref(col), desc ? 'desc' : 'asc')
        .orderBy('m.id', desc ? 'desc' : 'asc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute();
    },

    /**
     * How many rows match: counted exactly up to COUNT_CAP within COUNT_BUDGET_MS; when the count
     * would take longer (a broad filter on unindexed columns), the planner's estimate instead.
     */
    count: async (spec: ListSpec): Promise<{ n: number; exact: boolean }> => {
      const capped = (trx: Database) =>
        trx
          .selectFrom(
            trx
              .selectFrom('members as m')
              .where(where(spec))
              .select(sql`1`.as('one'))
              .limit(COUNT_CAP + 1)
              .as('s'),
          )
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n));
      const exact = (n: number) => ({ n: Math.min(n, COUNT_CAP), exact: n <= COUNT_CAP });
      try {
        return exact(
          await db.transaction().execute(async (trx) => {
            await sql`SELECT set_config('statement_timeout', ${String(COUNT_BUDGET_MS)}, true)`.execute(trx);
            return capped(trx);
          }),
        );
      } catch (err) {
        if ((err as { code?: string }).code !== '57014') throw err;
      }
      const plan = await sql<{
        'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }>;
      }>`EXPLAIN (FORMAT JSON) ${filtered(spec).select(sql`1`.as('one'))}`.execute(db);
      const estimate = Math.round(plan.rows[0]!['QUERY PLAN'][0]!.Plan['Plan Rows']);
      // Few expected matches: the page query scans as much as this count would, so count exactly.
      if (estimate < 1000) return exact(await capped(db));
      return { n: Math.min(estimate, COUNT_CAP), exact: false };
    },

    countExact: async (spec: ListSpec): Promise<number> => {
      const r = await filtered(spec)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    /** One batch of the export, in (pinyin, id) order after the given key. */
    exportBatch: (spec: ListSpec, after: { pinyin: string; id: string } | null, limit: number) => {
      let q = listColumns(spec).select([
        'm.name_pinyin',
        'm.id_type',
        'm.id_number_enc',
        'm.email',
        'm.address_enc',
        'm.job_title',
        'm.education',
        sql<string | null>`to_char(m.birth_date, 'YYYY-MM-DD')`.as('birth_date'),
      ]);
      if (after) q = q.where(sql<SqlBool>`(m.name_pinyin, m.id) > (${after.pinyin}, ${after.id}::uuid)`);
      return q.orderBy('m.name_pinyin').orderBy('m.id').limit(limit).execute();
    },
  };
}
