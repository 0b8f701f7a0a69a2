/** SQL of the breach incident workflow: incidents, the audit-trail reach, the affected-member snapshot. */
import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../kernel/db/pool.js';

export type BreachStatus = 'open' | 'contained' | 'notified' | 'closed';

export type BreachRow = {
  id: string;
  org_id: string;
  title: string;
  description: string;
  status: BreachStatus;
  discovered_at: Date;
  occurred_from: Date | null;
  occurred_to: Date | null;
  cause: string;
  categories: string[];
  consequences: string;
  measures_taken: string;
  member_measures: string;
  contact: string;
  delay_reason: string;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  contained_at: Date | null;
  regulator_notified_at: Date | null;
  regulator_authority: string | null;
  regulator_reference: string | null;
  members_notified_at: Date | null;
  no_member_notice_reason: string | null;
  closed_at: Date | null;
  computed_at: Date | null;
  computed_by: string | null;
  scope: unknown;
  chain: unknown;
  totals: unknown;
  reminded_due_at: Date | null;
  reminded_overdue_at: Date | null;
};

export type BreachWithOrg = BreachRow & {
  org_name: string;
  org_path: string;
  created_by_name: string | null;
};

/** The officer-editable text fields (column names). */
export type BreachFields = Partial<
  Pick<
    BreachRow,
    | 'title'
    | 'description'
    | 'discovered_at'
    | 'occurred_from'
    | 'occurred_to'
    | 'cause'
    | 'categories'
    | 'consequences'
    | 'measures_taken'
    | 'member_measures'
    | 'contact'
    | 'delay_reason'
  >
>;

/** The audit-trail scope of a computation. */
export type ReachScope = {
  from: Date;
  to: Date;
  actions: readonly string[];
  actorIds: string[] | null;
  /** Materialised path of the org node whose subtree the members must belong to. */
  scopePath: string;
};

/** One (member, action, fields) group of audit rows that reached a member. */
export type ReachGroup = {
  member_id: string;
  action: string;
  fields: unknown;
  n: number;
  first_at: Date;
  last_at: Date;
  seqs: string[];
  user_id: string | null;
  reachable: boolean;
  org_id: string;
  in_scope: boolean;
};

/** Audit rows of the scope that name no member (bulk exports, anonymous cases, officer accounts). */
export type UnresolvedGroup = {
  action: string;
  anonymous_case: boolean;
  events: number;
  rows: string;
  fields: unknown[];
};

export type SnapshotRow = {
  member_id: string;
  user_id: string | null;
  org_id: string;
  events: number;
  actions: string[];
  categories: string[];
  first_at: string;
  last_at: string;
  seqs: string[];
  channel: 'account' | 'offline';
};

export type AffectedRow = {
  member_id: string;
  member_no: string;
  name: string;
  org_name: string;
  events: number;
  actions: string[];
  categories: string[];
  first_at: Date;
  last_at: Date;
  sample_seqs: string[];
  channel: 'account' | 'offline';
  notified_at: Date | null;
};

const UUID_RE = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** The audit rows in the scope's window, of its actions, by its actors (when named). */
function hits(s: ReachScope): RawBuilder<unknown> {
  return sql`
    SELECT a.seq, a.at, a.action, a.target_type, a.org_id, a.actor_id, a.details,
           CASE WHEN a.target_id ~ ${UUID_RE} THEN a.target_id::uuid END AS target,
           COALESCE(a.details -> 'fields', a.details -> 'revealed', '[]'::jsonb) AS fields
      FROM audit_log a
     WHERE a.at >= ${s.from} AND a.at <= ${s.to}
       AND a.action = ANY (${[...s.actions]}::text[])
       AND (${s.actorIds}::uuid[] IS NULL OR a.actor_id = ANY (${s.actorIds}::uuid[]))`;
}

/** (audit row, member) pairs: how each target type reaches member records. */
const REACHED = sql`
    SELECT h.seq, m.id AS member_id FROM hits h JOIN members m ON h.target_type = 'member' AND m.id = h.target
    UNION ALL
    SELECT h.seq, m.id FROM hits h JOIN members m ON h.target_type = 'user' AND m.user_id = h.target
    UNION ALL
    SELECT h.seq, m.id FROM hits h
      JOIN cases c ON h.target_type = 'case' AND c.id = h.target AND NOT c.anonymous
      JOIN members m ON m.user_id = c.submitter_user_id
    UNION ALL
    SELECT h.seq, m.id FROM hits h
      JOIN payment_orders p ON h.target_type = 'payment_order' AND p.id = h.target
      JOIN members m ON m.id = p.member_id`;

export function breachRepo(db: Database) {
  return {
    /** Whether the user holds security.admin / audit.read on the node (grants on it or an ancestor). */
    async permsOn(userId: string, orgId: string) {
      const r = await sql<{ manage: boolean | null; view: boolean | null }>`
        SELECT bool_or('security.admin' = ANY (r.permissions)) AS manage,
               bool_or('audit.read' = ANY (r.permissions)) AS view
          FROM orgs t
          JOIN orgs g_org ON t.path LIKE g_org.path || '%'
          JOIN grants g ON g.org_id = g_org.id
          JOIN roles r ON r.key = g.role_key
         WHERE g.user_id = ${userId} AND t.id = ${orgId}`.execute(db);
      const row = r.rows[0];
      return { manage: Boolean(row?.manage), view: Boolean(row?.manage || row?.view) };
    },

    /** Whether the user holds security.admin or audit.read anywhere. */
    async hasAnyGrant(userId: string) {
      const r = await sql<{ n: string }>`SELECT count(*) AS n FROM grants g JOIN roles r ON r.key = g.role_key
        WHERE g.user_id = ${userId}
          AND ('security.admin' = ANY (r.permissions) OR 'audit.read' = ANY (r.permissions))`.execute(db);
      return Number(r.rows[0]?.n ?? 0) > 0;
    },

    /** Nodes where the user may open an incident (security.admin), by path. */
    manageableOrgs: async (userId: string, limit: number) =>
      (
        await sql<{ id: string; name: string; depth: number }>`
          SELECT DISTINCT t.id, t.name, t.depth, t.path FROM orgs t
            JOIN orgs g_org ON t.path LIKE g_org.path || '%'
            JOIN grants g ON g.org_id = g_org.id
            JOIN roles r ON r.key = g.role_key
           WHERE g.user_id = ${userId} AND 'security.admin' = ANY (r.permissions) AND t.status = 'active'
           ORDER BY t.path LIMIT ${limit}`.execute(db)
      ).rows.map(({ id, name, depth }) => ({ id, name, depth })),

    /** The union the node belongs to (itself or its nearest union ancestor), for the report's header. */
    unionOf: async (orgId: string) =>
      (
        await sql<{ id: string; name: string }>`SELECT a.id, a.name
            FROM orgs n JOIN orgs a ON n.path LIKE a.path || '%'
           WHERE n.id = ${orgId} AND a.kind IN ('federation', 'industrial', 'grassroots')
           ORDER BY a.depth DESC LIMIT 1`.execute(db)
      ).rows[0],

    org: async (id: string) =>
      (
        await sql<{ id: string; name: string; path: string; status: string }>`
          SELECT id, name, path, status FROM orgs WHERE id = ${id}`.execute(db)
      ).rows[0],

    insert: async (v: {
      org_id: string;
      title: string;
      description: string;
      discovered_at: Date;
      contact: string;
      created_by: string;
      at: Date;
    }) =>
      (
        await sql<BreachRow>`INSERT INTO privacy_breaches
            (org_id, title, description, discovered_at, contact, created_by, created_at, updated_at)
          VALUES (${v.org_id}, ${v.title}, ${v.description}, ${v.discovered_at}, ${v.contact}, ${v.created_by},
                  ${v.at}, ${v.at})
          RETURNING *`.execute(db)
      ).rows[0]!,

    byId: async (id: string) =>
      (
        await sql<BreachWithOrg>`SELECT b.*, o.name AS org_name, o.path AS org_path,
              u.display_name AS created_by_name
            FROM privacy_breaches b JOIN orgs o ON o.id = b.org_id LEFT JOIN users u ON u.id = b.created_by
           WHERE b.id = ${id}`.execute(db)
      ).rows[0],

    lock: async (id: string) =>
      (await sql<BreachRow>`SELECT * FROM privacy_breaches WHERE id = ${id} FOR UPDATE`.execute(db)).rows[0],

    /**
     * Writes the given fields (column → value); updated_at too. A moved discovery time moves the
     * deadline, so its reminders are due again.
     */
    async updateFields(id: string, f: BreachFields, at: Date, resetReminders: boolean) {
      await sql`UPDATE privacy_breaches SET
          title = COALESCE(${f.title ?? null}, title),
          description = COALESCE(${f.description ?? null}, description),
          discovered_at = COALESCE(${f.discovered_at ?? null}::timestamptz, discovered_at),
          occurred_from = CASE WHEN ${'occurred_from' in f}::boolean THEN ${f.occurred_from ?? null}::timestamptz
                               ELSE occurred_from END,
          occurred_to = CASE WHEN ${'occurred_to' in f}::boolean THEN ${f.occurred_to ?? null}::timestamptz
                             ELSE occurred_to END,
          cause = COALESCE(${f.cause ?? null}, cause),
          categories = COALESCE(${f.categories ?? null}::text[], categories),
          consequences = COALESCE(${f.consequences ?? null}, consequences),
          measures_taken = COALESCE(${f.measures_taken ?? null}, measures_taken),
          member_measures = COALESCE(${f.member_measures ?? null}, member_measures),
          contact = COALESCE(${f.contact ?? null}, contact),
          delay_reason = COALESCE(${f.delay_reason ?? null}, delay_reason),
          reminded_due_at = CASE WHEN ${resetReminders}::boolean THEN NULL ELSE reminded_due_at END,
          reminded_overdue_at = CASE WHEN ${resetReminders}::boolean THEN NULL ELSE reminded_overdue_at END,
          updated_at = ${at}
        WHERE id = ${id}`.execute(db);
    },

    contain: (id: string, at: Date) =>
      sql`UPDATE privacy_breaches SET status = 'contained', contained_at = ${at}, updated_at = ${at}
          WHERE id = ${id} AND status = 'open'`.execute(db),

    markRegulatorNotified: (
      id: string,
      v: { notifiedAt: Date; authority: string; reference: string | null; at: Date },
    ) =>
      sql`UPDATE privacy_breaches SET status = 'notified', regulator_notified_at = ${v.notifiedAt},
            regulator_authority = ${v.authority}, regulator_reference = ${v.reference}, updated_at = ${v.at}
          WHERE id = ${id} AND status IN ('open', 'contained')`.execute(db),

    close: (id: string, v: { at: Date; noNoticeReason: string | null }) =>
      sql`UPDATE privacy_breaches SET status = 'closed', closed_at = ${v.at}, updated_at = ${v.at},
            no_member_notice_reason = COALESCE(${v.noNoticeReason}, no_member_notice_reason)
          WHERE id = ${id} AND status = 'notified'`.execute(db),

    /** Incidents on nodes where the user holds security.admin or audit.read, pending ones first. */
    listInScope: async (userId: string, status: BreachStatus | null, limit: number) =>
      (
        await sql<BreachWithOrg & { affected: string | null }>`
          SELECT b.*, o.name AS org_name, o.path AS org_path, NULL::text AS created_by_name,
                 (b.totals ->> 'members') AS affected
            FROM privacy_breaches b JOIN orgs o ON o.id = b.org_id
           WHERE b.org_id IN (
                   SELECT t.id FROM orgs t
                     JOIN orgs g_org ON t.path LIKE g_org.path || '%'
                     JOIN grants g ON g.org_id = g_org.id
                     JOIN roles r ON r.key = g.role_key
                    WHERE g.user_id = ${userId}
                      AND ('security.admin' = ANY (r.permissions) OR 'audit.read' = ANY (r.permissions)))
             AND (${status}::text IS NULL OR b.status = ${status})
           ORDER BY (b.status = 'closed'), (b.regulator_notified_at IS NOT NULL), b.discovered_at, b.id
           LIMIT ${limit}`.execute(db)
      ).rows,

    // --- the audit-trail reach ---------------------------------------------------------------------
    /** Groups of audit rows per reached member, with the member's account and whether it lies in scope. */
    reachGroups: async (s: ReachScope) =>
      (
        await sql<ReachGroup>`
          WITH hits AS (${hits(s)}), reached AS (${REACHED})
          SELECT r.member_id, h.action, h.fields, count(*)::int AS n,
                 min(h.at) AS first_at, max(h.at) AS last_at,
                 (array_agg(h.seq ORDER BY h.seq))[1:10]::text[] AS seqs,
                 m.user_id, COALESCE(u.status = 'active', false) AS reachable, m.org_id,
                 (o.path LIKE ${s.scopePath} || '%') AS in_scope
            FROM reached r
            JOIN hits h ON h.seq = r.seq
            JOIN members m ON m.id = r.member_id
            JOIN orgs o ON o.id = m.org_id
            LEFT JOIN users u ON u.id = m.user_id
           GROUP BY r.member_id, h.action, h.fields, m.user_id, u.status, m.org_id, o.path`.execute(db)
      ).rows,

    /**
     * Rows of the scope that reach no member: bulk exports (filters and counts only), anonymous cases,
     * accounts without a member record. Only rows of the scope's subtree: by the row's org, or for rows
     * without one (exports) when the acting account's unit lies in the subtree or above it (an export by
     * an officer of a parent union may hold the subtree's members).
     */
    unresolved: async (s: ReachScope) =>
      (
        await sql<UnresolvedGroup>`
          WITH hits AS (${hits(s)}), reached AS (${REACHED})
          SELECT h.action, COALESCE(c.anonymous, false) AS anonymous_case, count(*)::int AS events,
                 COALESCE(sum(CASE WHEN jsonb_typeof(h.details -> 'rows') = 'number'
                                   THEN (h.details ->> 'rows')::numeric END), 0)::text AS rows,
                 jsonb_agg(DISTINCT h.fields) AS fields
            FROM hits h
            LEFT JOIN cases c ON h.target_type = 'case' AND c.id = h.target
            LEFT JOIN orgs ro ON ro.id = h.org_id
            LEFT JOIN users au ON au.id = h.actor_id
            LEFT JOIN orgs ao ON ao.id = au.org_id
           WHERE NOT EXISTS (SELECT 1 FROM reached r WHERE r.seq = h.seq)
             AND (ro.path LIKE ${s.scopePath} || '%'
                  OR (h.org_id IS NULL
                      AND (ao.path LIKE ${s.scopePath} || '%' OR ${s.scopePath} LIKE ao.path || '%')))
           GROUP BY h.action, COALESCE(c.anonymous, false)
           ORDER BY h.action`.execute(db)
      ).rows,

    /** Replaces the snapshot of the incident's affected members (delete, then insert in chunks). */
    async replaceSnapshot(breachId: string, rows: SnapshotRow[]) {
      await sql`DELETE FROM privacy_breach_members WHERE breach_id = ${breachId}`.execute(db);
      for (let i = 0; i < rows.length; i += 2000) {
        const chunk = JSON.stringify(rows.slice(i, i + 2000));
        await sql`INSERT INTO privacy_breach_members (breach_id, member_id, user_id, org_id, events, actions,
              categories, first_at, last_at, sample_seqs, channel)
            SELECT ${breachId}, r.member_id, r.user_id, r.org_id, r.events,
                   ARRAY(SELECT jsonb_array_elements_text(r.actions)),
                   ARRAY(SELECT jsonb_array_elements_text(r.categories)),
                   r.first_at, r.last_at,
                   ARRAY(SELECT jsonb_array_elements_text(r.seqs))::bigint[], r.channel
              FROM jsonb_to_recordset(${chunk}::jsonb) AS r(member_id uuid, user_id uuid, org_id uuid,
                   events int, actions jsonb, categories jsonb, first_at timestamptz, last_at timestamptz,
                   seqs jsonb, channel text)`.execute(db);
      }
    },

    setSnapshotHeader: (
      id: string,
      v: { at: Date; by: string; scope: unknown; chain: unknown; totals: unknown },
    ) =>
      sql`UPDATE privacy_breaches SET computed_at = ${v.at}, computed_by = ${v.by},
            scope = ${JSON.stringify(v.scope)}::jsonb, chain = ${JSON.stringify(v.chain)}::jsonb,
            totals = ${JSON.stringify(v.totals)}::jsonb, updated_at = ${v.at}
          WHERE id = ${id}`.execute(db),

    /** Display names of the accounts named in a scope. */
    accountNames: async (ids: string[]) =>
      ids.length === 0
        ? []
        : (
            await sql<{ id: string; username: string; display_name: string }>`
              SELECT id, username, display_name FROM users WHERE id = ANY (${ids}::uuid[])`.execute(db)
          ).rows,

    affectedPage: async (breachId: string, channel: string | null, limit: number, offset: number) => {
      const [rows, total] = await Promise.all([
        sql<AffectedRow>`SELECT bm.member_id, m.member_no, m.name, o.name AS org_name, bm.events, bm.actions,
              bm.categories, bm.first_at, bm.last_at, bm.sample_seqs::text[] AS sample_seqs, bm.channel,
              bm.notified_at
            FROM privacy_breach_members bm
            JOIN members m ON m.id = bm.member_id
            JOIN orgs o ON o.id = bm.org_id
           WHERE bm.breach_id = ${breachId} AND (${channel}::text IS NULL OR bm.channel = ${channel})
           ORDER BY bm.channel, m.member_no, bm.member_id
           LIMIT ${limit} OFFSET ${offset}`.execute(db),
        sql<{ n: string }>`SELECT count(*) AS n FROM privacy_breach_members
           WHERE breach_id = ${breachId} AND (${channel}::text IS NULL OR channel = ${channel})`.execute(db),
      ]);
      return { rows: rows.rows, total: Number(total.rows[0]?.n ?? 0) };
    },

    /** Counts of the snapshot by channel and notice state. */
    noticeCounts: async (breachId: string) =>
      (
        await sql<{ account: string; offline: string; notified: string }>`
          SELECT count(*) FILTER (WHERE channel = 'account') AS account,
                 count(*) FILTER (WHERE channel = 'offline') AS offline,
                 count(*) FILTER (WHERE notified_at IS NOT NULL) AS notified
            FROM privacy_breach_members WHERE breach_id = ${breachId}`.execute(db)
      ).rows[0],

    /** Marks the not yet notified members with an account as notified; returns who to notify now. */
    claimNotices: async (breachId: string, at: Date) =>
      (
        await sql<{ member_id: string; user_id: string; categories: string[] }>`
          UPDATE privacy_breach_members SET notified_at = ${at}
           WHERE breach_id = ${breachId} AND channel = 'account' AND notified_at IS NULL
          RETURNING member_id, user_id, categories`.execute(db)
      ).rows,

    markMembersNotified: (id: string, at: Date) =>
      sql`UPDATE privacy_breaches SET members_notified_at = COALESCE(members_notified_at, ${at}),
            updated_at = ${at} WHERE id = ${id}`.execute(db),

    /** The incident's own audit entries, oldest first (its history, never rewritten). */
    history: async (breachId: string) =>
      (
        await sql<{
          seq: string;
          at: Date;
          action: string;
          details: Record<string, unknown>;
          actor_name: string | null;
        }>`SELECT a.seq::text AS seq, a.at, a.action, a.details, u.display_name AS actor_name
             FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
            WHERE a.target_type = 'privacy_breach' AND a.target_id = ${breachId}
            ORDER BY a.seq`.execute(db)
      ).rows,

    // --- deadline reminders ------------------------------------------------------------------------
    /**
     * Marks the pending incidents whose reminder is due (24 h left: discovered before `dueBefore`;
     * overdue: discovered before `overdueBefore`) and returns them; each reminder is claimed once.
     */
    claimReminders: async (kind: 'due' | 'overdue', now: Date, dueBefore: Date, overdueBefore: Date) =>
      (kind === 'overdue'
        ? await sql<{ id: string; org_id: string; title: string; discovered_at: Date }>`
            UPDATE privacy_breaches SET reminded_overdue_at = ${now},
                   reminded_due_at = COALESCE(reminded_due_at, ${now})
             WHERE status IN ('open', 'contained') AND regulator_notified_at IS NULL
               AND reminded_overdue_at IS NULL AND discovered_at <= ${overdueBefore}
            RETURNING id, org_id, title, discovered_at`.execute(db)
        : await sql<{ id: string; org_id: string; title: string; discovered_at: Date }>`
            UPDATE privacy_breaches SET reminded_due_at = ${now}
             WHERE status IN ('open', 'contained') AND regulator_notified_at IS NULL
               AND reminded_due_at IS NULL AND discovered_at <= ${dueBefore}
               AND discovered_at > ${overdueBefore}
            RETURNING id, org_id, title, discovered_at`.execute(db)
      ).rows,

    /** Active accounts holding security.admin on the node (a grant on it or an ancestor). */
    managersOf: async (orgId: string) =>
      (
        await sql<{ user_id: string }>`
          SELECT DISTINCT g.user_id FROM orgs t
            JOIN orgs g_org ON t.path LIKE g_org.path || '%'
            JOIN grants g ON g.org_id = g_org.id
            JOIN roles r ON r.key = g.role_key
            JOIN users u ON u.id = g.user_id
           WHERE t.id = ${orgId} AND 'security.admin' = ANY (r.permissions) AND u.status = 'active'
           ORDER BY g.user_id`.execute(db)
      ).rows.map((r) => r.user_id),
  };
}
