/** SQL of the processing register and the protection officer's contact (migration 0051). */
import { sql } from 'kysely';
import { scopeOrgIds } from '../../kernel/auth/access.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Content } from './register.schemas.js';

/** Org kinds that are unions in their own right (a legal person processing personal information). */
export const UNION_KINDS = ['federation', 'industrial', 'grassroots'] as const;

export type UnionRow = {
  id: string;
  name: string;
  kind: string;
  path: string;
  depth: number;
  status: string;
};
export type ContactRow = {
  union_id: string;
  name: string;
  title: string;
  phone: string;
  email: string;
  postal_address: string | null;
  updated_at: Date;
  updated_by: string;
};
export type ActivityRow = {
  id: string;
  union_id: string;
  builtin_key: string | null;
  current_version: number;
  created_at: Date;
  created_by: string;
};
export type VersionRow = {
  activity_id: string;
  version: number;
  content: Content;
  change_note: string | null;
  created_at: Date;
  created_by: string;
  created_by_name: string;
};

export function registerRepo(db: Database) {
  return {
    /** The org node if it is an active union. */
    union: async (id: string) =>
      (
        await sql<UnionRow>`SELECT id, name, kind, path, depth, status FROM orgs
          WHERE id = ${id} AND status = 'active' AND kind = ANY (${UNION_KINDS}::text[])`.execute(db)
      ).rows[0],

    /** The node itself or its nearest active union ancestor (a member's branch -> its union). */
    unionOfNode: async (orgId: string) =>
      (
        await sql<UnionRow>`SELECT a.id, a.name, a.kind, a.path, a.depth, a.status
          FROM orgs n JOIN orgs a ON n.path LIKE a.path || '%'
         WHERE n.id = ${orgId} AND a.status = 'active' AND a.kind = ANY (${UNION_KINDS}::text[])
         ORDER BY a.depth DESC LIMIT 1`.execute(db)
      ).rows[0],

    /** Active root nodes that are unions (the operator of the installation). */
    rootUnions: async () =>
      (
        await sql<UnionRow>`SELECT id, name, kind, path, depth, status FROM orgs
          WHERE parent_id IS NULL AND status = 'active' AND kind = ANY (${UNION_KINDS}::text[])
          ORDER BY created_at, id LIMIT 10`.execute(db)
      ).rows,

    /** Unions in the subtrees where the user holds security.admin, with contact and review counts. */
    unionsInScope: async (userId: string, reviewCutoff: string) =>
      (
        await sql<{
          id: string;
          name: string;
          kind: string;
          depth: number;
          own: boolean;
          any: boolean;
          entries: number;
          review_due: number;
        }>`
        SELECT o.id, o.name, o.kind, o.depth,
               EXISTS (SELECT 1 FROM privacy_officer_contacts c WHERE c.union_id = o.id) AS own,
               EXISTS (SELECT 1 FROM privacy_officer_contacts c JOIN orgs a ON a.id = c.union_id
                        WHERE o.path LIKE a.path || '%' AND a.status = 'active') AS any,
               (SELECT count(*)::int FROM privacy_activities x WHERE x.union_id = o.id) AS entries,
               (SELECT count(*)::int FROM privacy_activities x
                  JOIN privacy_activity_versions v ON v.activity_id = x.id AND v.version = x.current_version
                 WHERE x.union_id = o.id AND NOT (v.content->>'retired')::boolean
                   AND (v.content->>'reviewedOn' IS NULL OR v.content->>'reviewedOn' <= ${reviewCutoff})
               ) AS review_due
          FROM orgs o
         WHERE o.status = 'active' AND o.kind = ANY (${UNION_KINDS}::text[])
           AND o.id IN (${scopeOrgIds(db, userId, 'security.admin')})
         ORDER BY o.depth, o.name, o.id
         LIMIT 500`.execute(db)
      ).rows,

    // --- contact ------------------------------------------------------------------------------------
    contact: async (unionId: string) =>
      (
        await sql<ContactRow & { updated_by_name: string }>`
          SELECT c.*, u.display_name AS updated_by_name FROM privacy_officer_contacts c
            JOIN users u ON u.id = c.updated_by WHERE c.union_id = ${unionId}`.execute(db)
      ).rows[0],

    /** The contact of the union at `path` or of its nearest active union ancestor that has one. */
    effectiveContact: async (path: string) =>
      (
        await sql<ContactRow & { union_name: string }>`
          SELECT c.*, a.name AS union_name FROM privacy_officer_contacts c
            JOIN orgs a ON a.id = c.union_id
           WHERE ${path} LIKE a.path || '%' AND a.status = 'active'
           ORDER BY a.depth DESC LIMIT 1`.execute(db)
      ).rows[0],

    upsertContact: async (v: Omit<ContactRow, 'updated_at'> & { at: Date }) =>
      (
        await sql<{ inserted: boolean }>`
          INSERT INTO privacy_officer_contacts
            (union_id, name, title, phone, email, postal_address, updated_at, updated_by)
          VALUES (${v.union_id}, ${v.name}, ${v.title}, ${v.phone}, ${v.email}, ${v.postal_address},
                  ${v.at}, ${v.updated_by})
          ON CONFLICT (union_id) DO UPDATE SET name = EXCLUDED.name, title = EXCLUDED.title,
            phone = EXCLUDED.phone, email = EXCLUDED.email, postal_address = EXCLUDED.postal_address,
            updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
          RETURNING (xmax = 0) AS inserted`.execute(db)
      ).rows[0]!,

    /** Locks the union's contact row (if any) for a change. */
    contactForUpdate: async (unionId: string) =>
      (
        await sql<ContactRow>`SELECT * FROM privacy_officer_contacts WHERE union_id = ${unionId}
          FOR UPDATE`.execute(db)
      ).rows[0],

    deleteContact: async (unionId: string) =>
      Number(
        (await sql`DELETE FROM privacy_officer_contacts WHERE union_id = ${unionId}`.execute(db))
          .numAffectedRows ?? 0,
      ),

    // --- activities -----------------------------------------------------------------------------------
    activity: async (id: string) =>
      (await sql<ActivityRow>`SELECT * FROM privacy_activities WHERE id = ${id}`.execute(db)).rows[0],

    activityByBuiltin: async (unionId: string, key: string) =>
      (
        await sql<ActivityRow>`SELECT * FROM privacy_activities
          WHERE union_id = ${unionId} AND builtin_key = ${key}`.execute(db)
      ).rows[0],

    /** The union's entries with their current version, oldest first. */
    current: async (unionId: string) =>
      (
        await sql<ActivityRow & { content: Content; updated_at: Date }>`
          SELECT a.*, v.content, v.created_at AS updated_at
            FROM privacy_activities a
            JOIN privacy_activity_versions v ON v.activity_id = a.id AND v.version = a.current_version
           WHERE a.union_id = ${unionId}
           ORDER BY a.created_at, a.id
           LIMIT 1000`.execute(db)
      ).rows,

    builtinAdoptions: async (unionId: string) =>
      (
        await sql<{ id: string; builtin_key: string }>`SELECT id, builtin_key FROM privacy_activities
          WHERE union_id = ${unionId} AND builtin_key IS NOT NULL`.execute(db)
      ).rows,

    /** Every version of an entry, newest first. */
    versions: async (activityId: string) =>
      (
        await sql<VersionRow>`
          SELECT v.*, u.display_name AS created_by_name FROM privacy_activity_versions v
            JOIN users u ON u.id = v.created_by
           WHERE v.activity_id = ${activityId} ORDER BY v.version DESC`.execute(db)
      ).rows,

    /** Inserts an entry at version 1; undefined when the union already adopted this built-in. */
    insertActivity: async (v: { union_id: string; builtin_key: string | null; at: Date; by: string }) =>
      (
        await sql<ActivityRow>`
          INSERT INTO privacy_activities (union_id, builtin_key, current_version, created_at, created_by)
          VALUES (${v.union_id}, ${v.builtin_key}, 1, ${v.at}, ${v.by})
          ON CONFLICT (union_id, builtin_key) WHERE builtin_key IS NOT NULL DO NOTHING
          RETURNING *`.execute(db)
      ).rows[0],

    /** Moves the entry to the next version if it is still at `base`; undefined when someone was first. */
    bumpVersion: async (id: string, base: number) =>
      (
        await sql<{ current_version: number }>`
          UPDATE privacy_activities SET current_version = current_version + 1
           WHERE id = ${id} AND current_version = ${base} RETURNING current_version`.execute(db)
      ).rows[0]?.current_version,

    insertVersion: (v: {
      activity_id: string;
      version: number;
      content: Content;
      change_note: string | null;
      at: Date;
      by: string;
    }) =>
      sql`INSERT INTO privacy_activity_versions (activity_id, version, content, change_note, created_at, created_by)
          VALUES (${v.activity_id}, ${v.version}, ${JSON.stringify(v.content)}::jsonb, ${v.change_note},
                  ${v.at}, ${v.by})`.execute(db),
  };
}
