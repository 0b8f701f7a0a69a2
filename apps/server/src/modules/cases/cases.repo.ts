/** All SQL of the cases tables (case_types, cases, case_events, case_escalations). */
import {
  type Expression,
  type Insertable,
  type Selectable,
  type SqlBool,
  sql,
  type Updateable,
} from 'kysely';
import type { Database } from '../../kernel/db/pool.js';
import type { CaseEventsTable, CasesTable } from '../../kernel/db/types.js';

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
  page: number;
  pageSize: number;
};

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

export function casesRepo(db: Database) {
  const event = (e: NewCaseEvent) => ({ ...e, details: JSON.stringify(e.details ?? {}) });
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
    listForHandler: async (f: HandlerListFilter) => {
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
      if (f.breached !== undefined) {
        q = q.where((eb) =>
          f.breached
            ? eb.or([eb('c.fr_breached_at', 'is not', null), eb('c.res_breached_at', 'is not', null)])
            : eb.and([eb('c.fr_breached_at', 'is', null), eb('c.res_breached_at', 'is', null)]),
        );
      }
      const [items, total] = await Promise.all([
        q
          .select(LIST_COLUMNS)
          .orderBy('c.created_at', 'desc')
          .orderBy('c.id')
          .limit(f.pageSize)
          .offset((f.page - 1) * f.pageSize)
          .execute(),
        q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
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
      const r = await sql<{ id: string; ref: string; from_org_id: string; to_org_id: string }>`
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
              RETURNING c.id, c.ref, due.org_id AS from_org_id, c.org_id AS to_org_id
            ), esc AS (
              INSERT INTO case_escalations (case_id, clock, at, from_org_id, to_org_id)
              SELECT id, ${c.name}, ${now}, from_org_id, to_org_id FROM moved
              ON CONFLICT DO NOTHING
            ), ev AS (
              INSERT INTO case_events (case_id, at, actor_role, kind, action, visible_to_member, details)
              SELECT id, ${now}, 'system', 'escalation', ${c.name}, true,
                jsonb_build_object('fromOrgId', from_org_id, 'toOrgId', to_org_id) FROM moved
            )
            SELECT id, ref, from_org_id, to_org_id FROM moved`.execute(db);
      return r.rows;
    },

    escalations: (caseId: string) =>
      db.selectFrom('case_escalations').selectAll().where('case_id', '=', caseId).execute(),
  };
}
