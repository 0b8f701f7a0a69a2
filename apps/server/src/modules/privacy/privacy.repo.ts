/** SQL of the privacy module: the schema walk, the generic per-link reads and deletes, the requests. */
import { sql } from 'kysely';
import type { Database } from '../../kernel/db/pool.js';
import { EXTRA_LINKS, type Link, type Target } from './classification.js';

export type DeletionRequestRow = {
  id: string;
  user_id: string;
  member_id: string | null;
  org_id: string;
  reason: string;
  status: 'open' | 'executed' | 'declined' | 'withdrawn';
  requested_at: Date;
  due_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
};

const ident = (name: string) => sql.id(name);

export function privacyRepo(db: Database) {
  return {
    /** Every column with a foreign key to users(id) or members(id), plus the non-FK links. */
    async personLinks(): Promise<Link[]> {
      const r = await sql<Link>`
        SELECT c.conrelid::regclass::text AS "table", a.attname AS "column",
               c.confrelid::regclass::text AS target
          FROM pg_constraint c
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
         WHERE c.contype = 'f' AND c.confrelid IN ('users'::regclass, 'members'::regclass)
           AND c.connamespace = 'public'::regnamespace
         ORDER BY 1, 2`.execute(db);
      return [...r.rows, ...EXTRA_LINKS];
    },

    /** Column names of a table (to know whether it has an `id`). */
    async columns(table: string): Promise<string[]> {
      const r = await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = ${table} ORDER BY ordinal_position`.execute(db);
      return r.rows.map((x) => x.name);
    },

    async rows(link: Link, ids: string[], limit: number): Promise<Record<string, unknown>[]> {
      const r = await sql<Record<string, unknown>>`SELECT * FROM ${ident(link.table)}
        WHERE ${ident(link.column)}::text = ANY (${ids}::text[]) LIMIT ${limit}`.execute(db);
      return r.rows;
    },

    async count(link: Link, ids: string[]): Promise<number> {
      const r = await sql<{ n: string }>`SELECT count(*) AS n FROM ${ident(link.table)}
        WHERE ${ident(link.column)}::text = ANY (${ids}::text[])`.execute(db);
      return Number(r.rows[0]?.n ?? 0);
    },

    async refIds(link: Link, ids: string[], limit: number): Promise<string[]> {
      const r = await sql<{ id: string }>`SELECT id::text AS id FROM ${ident(link.table)}
        WHERE ${ident(link.column)}::text = ANY (${ids}::text[]) ORDER BY 1 LIMIT ${limit}`.execute(db);
      return r.rows.map((x) => x.id);
    },

    async deleteRows(link: Link, ids: string[]): Promise<number> {
      const r = await sql`DELETE FROM ${ident(link.table)}
        WHERE ${ident(link.column)}::text = ANY (${ids}::text[])`.execute(db);
      return Number(r.numAffectedRows ?? 0);
    },

    account: async (userId: string) =>
      (await sql<Record<string, unknown>>`SELECT * FROM users WHERE id = ${userId}`.execute(db)).rows[0],

    memberIdsOfUser: async (userId: string) =>
      (
        await sql<{
          id: string;
        }>`SELECT id FROM members WHERE user_id = ${userId} ORDER BY created_at`.execute(db)
      ).rows.map((r) => r.id),

    /** Anonymous cases the member filed (found as the portal finds them: the keyed blind index). */
    anonymousCases: async (bidx: string) =>
      (
        await sql<Record<string, unknown>>`SELECT * FROM cases
          WHERE submitter_bidx = ${bidx} AND anonymous ORDER BY created_at`.execute(db)
      ).rows,

    /** The person's org for scoping: their newest registry record's node, else the account's. */
    async scopeOf(userId: string) {
      const r = await sql<{ member_id: string | null; org_id: string }>`
        SELECT m.id AS member_id, COALESCE(m.org_id, u.org_id) AS org_id
          FROM users u
          LEFT JOIN LATERAL (SELECT id, org_id FROM members WHERE user_id = u.id AND erased_at IS NULL
                              ORDER BY created_at DESC LIMIT 1) m ON true
         WHERE u.id = ${userId}`.execute(db);
      return r.rows[0];
    },

    // --- requests -------------------------------------------------------------------------------
    insertRequest: async (v: {
      user_id: string;
      member_id: string | null;
      org_id: string;
      reason: string;
      requested_at: Date;
      due_at: Date;
    }) =>
      (
        await sql<DeletionRequestRow>`INSERT INTO privacy_deletion_requests
          (user_id, member_id, org_id, reason, requested_at, due_at)
          VALUES (${v.user_id}, ${v.member_id}, ${v.org_id}, ${v.reason}, ${v.requested_at}, ${v.due_at})
          ON CONFLICT (user_id) WHERE status = 'open' DO NOTHING RETURNING *`.execute(db)
      ).rows[0],

    /** The open request if any, else the most recent one. */
    latestOfUser: async (userId: string) =>
      (
        await sql<DeletionRequestRow>`SELECT * FROM privacy_deletion_requests WHERE user_id = ${userId}
          ORDER BY (status = 'open') DESC, requested_at DESC, decided_at DESC NULLS LAST LIMIT 1`.execute(db)
      ).rows[0],

    byId: async (id: string) =>
      (await sql<DeletionRequestRow>`SELECT * FROM privacy_deletion_requests WHERE id = ${id}`.execute(db))
        .rows[0],

    byIdForUpdate: async (id: string) =>
      (
        await sql<DeletionRequestRow>`SELECT * FROM privacy_deletion_requests WHERE id = ${id}
          FOR UPDATE`.execute(db)
      ).rows[0],

    decide: async (
      id: string,
      v: { status: DeletionRequestRow['status']; decided_by: string | null; at: Date; reason: string | null },
    ) =>
      sql`UPDATE privacy_deletion_requests SET status = ${v.status}, decided_by = ${v.decided_by},
            decided_at = ${v.at}, decision_reason = ${v.reason}
          WHERE id = ${id} AND status = 'open'`.execute(db),

    blankReasons: (userId: string) =>
      sql`UPDATE privacy_deletion_requests SET reason = '-' WHERE user_id = ${userId}`.execute(db),

    /** Requests on nodes where the officer holds `members.write`, open ones first by deadline. */
    listInScope: async (officerId: string, status: string | null, limit: number) =>
      (
        await sql<
          DeletionRequestRow & {
            member_no: string | null;
            member_name: string | null;
            username: string;
            org_name: string;
          }
        >`
        SELECT r.*, m.member_no, m.name AS member_name, u.username, o.name AS org_name
          FROM privacy_deletion_requests r
          JOIN users u ON u.id = r.user_id
          JOIN orgs o ON o.id = r.org_id
          LEFT JOIN members m ON m.id = r.member_id
         WHERE r.org_id IN (
                 SELECT t.id FROM orgs t
                   JOIN orgs g_org ON t.path LIKE g_org.path || '%'
                   JOIN grants g ON g.org_id = g_org.id
                   JOIN roles ro ON ro.key = g.role_key
                  WHERE g.user_id = ${officerId} AND 'members.write' = ANY (ro.permissions))
           AND (${status}::text IS NULL OR r.status = ${status})
         ORDER BY (r.status = 'open') DESC, r.due_at, r.id
         LIMIT ${limit}`.execute(db)
      ).rows,

    /** What the officer types to confirm an erasure: the member number, else the account name. */
    confirmationFor: async (id: string) =>
      (
        await sql<{ member_no: string | null; username: string }>`
          SELECT m.member_no, u.username FROM privacy_deletion_requests r
            JOIN users u ON u.id = r.user_id LEFT JOIN members m ON m.id = r.member_id
           WHERE r.id = ${id}`.execute(db)
      ).rows[0],

    // --- erasure steps ----------------------------------------------------------------------------
    /** Sets the erasure mark first (0047 triggers: search keys blanked, posts unindexed), then scrubs. */
    scrubMembers: (userId: string, at: Date, name: string) =>
      sql`UPDATE members SET erased_at = ${at}, name = ${name}, gender = 'unspecified', birth_date = NULL,
            id_number_enc = NULL, id_number_bidx = NULL, phone_enc = NULL, phone_bidx = NULL, email = NULL,
            address_enc = NULL, employer = NULL, department = NULL, job_title = NULL, education = NULL,
            status = CASE WHEN status = 'applicant' THEN 'rejected'
                          WHEN status IN ('active', 'retained', 'transferring') THEN 'left' ELSE status END,
            updated_at = ${at}
          WHERE user_id = ${userId}`.execute(db),

    scrubAccount: (userId: string, username: string, name: string, passwordHash: string, at: Date) =>
      sql`UPDATE users SET username = ${username}, display_name = ${name}, email = NULL, phone_enc = NULL,
            phone_bidx = NULL, password_hash = ${passwordHash}, password_changed_at = ${at},
            status = 'disabled', mfa_secret_enc = NULL, mfa_pending_secret_enc = NULL, mfa_enabled = false
          WHERE id = ${userId}`.execute(db),

    scrubPosts: (userId: string, body: string) =>
      sql`UPDATE forum_posts SET body = ${body} WHERE author_id = ${userId} AND body <> ${body}`.execute(db),

    revokeCards: (memberIds: string[], at: Date) =>
      sql`UPDATE member_cards SET revoked_at = ${at}, revoke_reason = 'erased'
          WHERE member_id = ANY (${memberIds}::uuid[]) AND revoked_at IS NULL`.execute(db),

    scrubPollNames: (memberIds: string[], name: string) =>
      sql`UPDATE poll_responses SET respondent_name = ${name}
          WHERE member_id = ANY (${memberIds}::uuid[]) AND respondent_name IS NOT NULL`.execute(db),

    /** Cuts the keyed link to anonymous cases (random index) and drops the encrypted identity. */
    unlinkAnonymousCases: (bidx: string) =>
      sql`UPDATE cases SET submitter_bidx = replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), identity_enc = NULL
          WHERE submitter_bidx = ${bidx} AND anonymous`.execute(db),
  };
}

export type Targets = Record<Target, string[]>;
