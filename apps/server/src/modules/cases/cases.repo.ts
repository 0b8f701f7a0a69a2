/** All SQL of the cases tables (case_types, cases, case_events, case_escalations). */
import {
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Selectable,
  type SqlBool,
  sql,
  type Updateable,
} from 'kysely';
import type { Database } from '../../kernel/db/pool.js';
import type { CaseEventsTable, CasesTable, DB } from '../../kernel/db/types.js';

export type CaseRow = Selectable<CasesTable>;
export type NewCase = Insertable<CasesTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
export type NewCaseEvent = Omit<Insertable<CaseEventsTable>, 'details'> & {
  details?: Record<string, unknown>;
};

export type HandlerListFilter = {
  scope: Expression<SqlBool>;
  state?: string;
  open?: boolean;
  typeKey?: string;
  orgId?: string;
  assigneeId?: string;
  originOrgId?: string;
  from?: Date;
  to?: Date;
  location?: string;
  bodyPart?: string;
  breached?: boolean;
  department?: string;
};

/** A page of the queue: by offset (`page`) or after a keyset cursor (created_at, id) of the last row. */
export type HandlerPage = { page: number; pageSize: number; after?: { createdAt: string; id: string } };

/** The queue's total is counted up to this many rows (an exact count over a million rows is too slow). */
export const COUNT_CAP = 1000;

const LIST_COLUMNS = [
  'c.id',
  'c.ref',
  'c.type_key',
  'c.state',
  'c.title',
  'c.anonymous',
  'c.org_id',
  'c.assignee_id',
  'c.created_at',
  'c.updated_at',
  'c.fr_due_at',
  'c.res_due_at',
  'c.fr_breached_at',
  'c.res_breached_at',
  'c.paused_at',
  'c.escalation_level',
] as const;

/** The columns of each SLA clock: the two clocks run the same queries over their own columns. */
const SLA_COLUMNS = {
  fr: {
    name: 'first_response',
    due: 'fr_due_at',
    breached: 'fr_breached_at',
    reminded: 'fr_reminded_at',
    done: 'first_response_at',
    budget: 'fr_budget_ms',
  },
  res: {
    name: 'resolution',
    due: 'res_due_at',
    breached: 'res_breached_at',
    reminded: 'res_reminded_at',
    done: 'resolved_at',
    budget: 'res_budget_ms',
  },
} as const;

/**
 * A scope condition on `c.org_id`: the case's node lies under one of the given subtree paths. The
 * paths are values known when the query is planned, so PostgreSQL estimates the scope from the orgs
 * statistics (a subquery over grants looked like 15 nodes to it, even for the whole federation).
 */
export function underPaths(db: Database, paths: string[]): Expression<SqlBool> {
  const likes = paths.map((p) => sql<SqlBool>`o.path LIKE ${`${p.replace(/[\\%_]/g, '\\$&')}%`}`);
  const any = likes.length === 0 ? sql<SqlBool>`false` : sql<SqlBool>`(${sql.join(likes, sql` OR `)})`;
  return sql<SqlBool>`c.org_id IN (${db.selectFrom('orgs as o').select('o.id').where(any)})`;
}

/**
 * Rows after a keyset cursor in (created_at DESC, id ASC) order. The leading `created_at <= cursor`
 * lets the index scan start at the cursor instead of walking every earlier row again (without it a
 * 100,000-row export read in batches took minutes).
 */
function afterCursor(a: { createdAt: string; id: string }) {
  const at = sql<Date>`${a.createdAt}::timestamptz`;
  return (eb: ExpressionBuilder<DB & { c: CasesTable }, 'c'>) =>
    eb.and([
      eb('c.created_at', '<=', at),
      eb.or([eb('c.created_at', '<', at), eb.and([eb('c.created_at', '=', at), eb('c.id', '>', a.id)])]),
    ]);
}

export function casesRepo(db: Database) {
  const event = (e: NewCaseEvent) => ({ ...e, details: JSON.stringify(e.details ?? {}) });
  const handlerQuery = (f: HandlerListFilter) => {
    let q = db.selectFrom('cases as c').where(f.scope);
    if (f.state) q = q.where('c.state', '=', f.state);
    if (f.open) q = q.where('c.closed_at', 'is', null);
    if (f.typeKey) q = q.where('c.type_key', '=', f.typeKey);
    if (f.orgId) q = q.where('c.org_id', '=', f.orgId);
    if (f.assigneeId) q = q.where('c.assignee_id', '=', f.assigneeId);
    if (f.originOrgId) q = q.where('c.origin_org_id', '=', f.originOrgId);
    if (f.from) q = q.where('c.created_at', '>=', f.from);
    if (f.to) q = q.where('c.created_at', '<', f.to);
    if (f.location) q = q.where('c.location', '=', f.location);
    if (f.bodyPart) q = q.where('c.body_part', '=', f.bodyPart);
    if (f.department) q = q.where('c.department', '=', f.department);
    if (f.breached !== undefined) {
      q = q.where((eb) =>
        f.breached
          ? eb.or([eb('c.fr_breached_at', 'is not', null), eb('c.res_breached_at', 'is not', null)])
          : eb.and([eb('c.fr_breached_at', 'is', null), eb('c.res_breached_at', 'is', null)]),
      );
    }
    return q;
  };
  return {
    typeOverrides: (unionId: string) =>
      db.selectFrom('case_types').select(['key', 'definition']).where('union_id', '=', unionId).execute(),

    upsertType: (unionId: string, key: string, definition: unknown, by: string, at: Date) =>
      db
        .insertInto('case_types')
        .values({
          union_id: unionId,
          key,
          definition: JSON.stringify(definition),
          updated_by: by,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc.columns(['union_id', 'key']).doUpdateSet({
            definition: JSON.stringify(definition),
            updated_by: by,
            updated_at: at,
          }),
        )
        .execute(),

    nextRef: async (): Promise<number> => {
      const r = await sql<{ n: string }>`SELECT nextval('case_ref_seq') AS n`.execute(db);
      return Number(r.rows[0]!.n);
    },

    insert: (row: NewCase) => db.insertInto('cases').values(row).returningAll().executeTakeFirstOrThrow(),

    insertEvent: (e: NewCaseEvent) => db.insertInto('case_events').values(event(e)).execute(),

    findById: (id: string): Promise<CaseRow | undefined> =>
      db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst(),

    /** Locks the row for the rest of the transaction. */
    findForUpdate: (id: string): Promise<CaseRow | undefined> =>
      db.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),

    update: (id: string, patch: Updateable<CasesTable>) =>
      db
        .updateTable('cases')
        .set({ ...patch, version: sql`version + 1` })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),

    events: (caseId: string, memberVisibleOnly: boolean): Promise<CaseEventRow[]> => {
      let q = db.selectFrom('case_events').selectAll().where('case_id', '=', caseId);
      if (memberVisibleOnly) q = q.where('visible_to_member', '=', true);
      return q.orderBy('id').execute();
    },

    /** The handler queue: cases on nodes in the caller's scope (the scope condition comes from the kernel). */
    listForHandler: async (f: HandlerListFilter, p: HandlerPage) => {
      const q = handlerQuery(f);
      let pageQ = q
        .select(LIST_COLUMNS)
        .select(sql<string>`c.created_at::text`.as('cursor_at'))
        .orderBy('c.created_at', 'desc')
        .orderBy('c.id')
        .limit(p.pageSize);
      if (p.after) {
        const a = p.after;
        pageQ = pageQ.where(afterCursor(a));
      } else pageQ = pageQ.offset((p.page - 1) * p.pageSize);
      const [items, total] = await Promise.all([
        pageQ.execute(),
        db
          .selectFrom(
            q
              .select('c.id')
              .limit(COUNT_CAP + 1)
              .as('s'),
          )
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },

    /** Exact number of cases matching the filter (for the export's audit row). */
    countForHandler: async (f: HandlerListFilter) =>
      Number(
        (
          await handlerQuery(f)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),

    /**
     * The same cases in queue order, read in batches after a keyset cursor (the export streams them),
     * with the unit names and, for named cases only, the submitter's display name.
     */
    exportBatch: (
      f: HandlerListFilter,
      after: { createdAt: string; id: string } | undefined,
      size: number,
    ) => {
      let q = handlerQuery(f)
        .innerJoin('orgs as oo', 'oo.id', 'c.origin_org_id')
        .innerJoin('orgs as co', 'co.id', 'c.org_id')
        .leftJoin('users as su', (j) =>
          j.onRef('su.id', '=', 'c.submitter_user_id').on('c.anonymous', '=', false),
        )
        .select([
          'c.id',
          'c.ref',
          'c.type_key',
          'c.state',
          'c.title',
          'c.anonymous',
          'c.department',
          'c.created_at',
          'c.first_response_at',
          'c.resolved_at',
          'c.closed_at',
          'c.fr_breached_at',
          'c.res_breached_at',
          'c.satisfaction',
          'c.location',
          'c.body_part',
          'c.severity',
          'c.days_lost',
          'oo.name as origin_name',
          'co.name as org_name',
          'su.display_name as submitter_name',
          sql<string>`c.created_at::text`.as('cursor_at'),
        ])
        .orderBy('c.created_at', 'desc')
        .orderBy('c.id')
        .limit(size);
      if (after) q = q.where(afterCursor(after));
      return q.execute();
    },

    /** A member's own cases, found by the keyed index of their account (anonymous ones included). */
    listBySubmitter: (bidx: string) =>
      db
        .selectFrom('cases as c')
        .select(LIST_COLUMNS)
        .where('c.submitter_bidx', '=', bidx)
        .orderBy('c.created_at', 'desc')
        .limit(200)
        .execute(),

    /**
     * Marks reminders due (a share of the budget has run) and returns the cases reminded. The
     * conditional update makes each reminder fire once even with several schedulers.
     */
    claimReminders: async (clock: 'fr' | 'res', now: Date, limit: number) => {
      const c = SLA_COLUMNS[clock];
      const r = await sql<{ id: string; ref: string; org_id: string; assignee_id: string | null }>`
            UPDATE cases SET ${sql.ref(c.reminded)} = ${now}
            WHERE id IN (
              SELECT id FROM cases
              WHERE ${sql.ref(c.due)} IS NOT NULL AND ${sql.ref(c.breached)} IS NULL
                AND ${sql.ref(c.reminded)} IS NULL AND paused_at IS NULL AND ${sql.ref(c.done)} IS NULL
                AND ${sql.ref(c.due)} - make_interval(secs => ${sql.ref(c.budget)} * (1 - remind_share) / 1000.0) <= ${now}
              LIMIT ${limit} FOR UPDATE SKIP LOCKED)
            AND ${sql.ref(c.reminded)} IS NULL
            RETURNING id, ref, org_id, assignee_id`.execute(db);
      return r.rows;
    },

    /**
     * Escalates breached clocks one org level up, in one statement: mark the breach (conditional on it
     * not being marked yet), move org_id one step up org_chain, and record the escalation under a
     * unique (case, clock) key and as a case event. Returns the escalated cases.
     */
    escalateBreaches: async (clock: 'fr' | 'res', now: Date, limit: number) => {
      const c = SLA_COLUMNS[clock];
      const r = await sql<{
        id: string;
        ref: string;
        from_org_id: string;
        to_org_id: string;
        union_id: string;
        type_key: string;
        assignee_id: string | null;
      }>`
            WITH due AS (
              SELECT id, org_id FROM cases
              WHERE ${sql.ref(c.due)} <= ${now} AND ${sql.ref(c.breached)} IS NULL AND paused_at IS NULL
                AND ${sql.ref(c.done)} IS NULL AND closed_at IS NULL
              ORDER BY ${sql.ref(c.due)} LIMIT ${limit} FOR UPDATE SKIP LOCKED
            ), moved AS (
              UPDATE cases c SET ${sql.ref(c.breached)} = ${now}, updated_at = ${now}, version = c.version + 1,
                escalation_level = CASE WHEN cardinality(c.org_chain) > c.escalation_level + 1
                  THEN c.escalation_level + 1 ELSE c.escalation_level END,
                org_id = CASE WHEN cardinality(c.org_chain) > c.escalation_level + 1
                  THEN c.org_chain[cardinality(c.org_chain) - c.escalation_level - 1] ELSE c.org_id END
              FROM due WHERE c.id = due.id AND ${sql.ref(`c.${c.breached}`)} IS NULL
              RETURNING c.id, c.ref, due.org_id AS from_org_id, c.org_id AS to_org_id, c.union_id, c.type_key,
                c.assignee_id
            ), esc AS (
              INSERT INTO case_escalations (case_id, clock, at, from_org_id, to_org_id)
              SELECT id, ${c.name}, ${now}, from_org_id, to_org_id FROM moved
              ON CONFLICT DO NOTHING
            ), ev AS (
              INSERT INTO case_events (case_id, at, actor_role, kind, action, visible_to_member, details)
              SELECT id, ${now}, 'system', 'escalation', ${c.name}, true,
                jsonb_build_object('fromOrgId', from_org_id, 'toOrgId', to_org_id) FROM moved
            )
            SELECT id, ref, from_org_id, to_org_id, union_id, type_key, assignee_id FROM moved`.execute(db);
      return r.rows;
    },

    /**
     * The member's department and how many live members of the union share it (the snapshot taken at
     * filing). Reads the members table: the members module's index does not expose departments yet.
     */
    memberDepartment: async (memberId: string) => {
      const r = await db
        .selectFrom('members as m')
        .where('m.id', '=', memberId)
        .select([
          'm.department',
          (eb) =>
            eb
              .selectFrom('members as o')
              .whereRef('o.union_id', '=', 'm.union_id')
              .whereRef('o.department', '=', 'm.department')
              .where('o.status', 'in', ['active', 'retained', 'transferring'])
              .select((e) => e.fn.countAll<string>().as('n'))
              .as('size'),
        ])
        .executeTakeFirst();
      return r?.department ? { department: r.department, size: Number(r.size ?? 0) } : undefined;
    },

    escalations: (caseId: string) =>
      db.selectFrom('case_escalations').selectAll().where('case_id', '=', caseId).execute(),
  };
}
