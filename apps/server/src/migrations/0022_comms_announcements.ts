import { type Kysely, sql } from 'kysely';

/**
 * Announcements: sanitised rich text published by an org node to its whole subtree, with scheduled
 * publishing (publish_at), pinning, expiry, and one read receipt per reader.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE announcements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES orgs(id),
      title text NOT NULL,
      body_html text NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'withdrawn')),
      publish_at timestamptz,
      expires_at timestamptz,
      pinned boolean NOT NULL DEFAULT false,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      notified_at timestamptz,
      CHECK (status <> 'published' OR publish_at IS NOT NULL)
    );
    CREATE INDEX announcements_org_idx ON announcements (org_id, created_at DESC);
    CREATE INDEX announcements_due_idx ON announcements (publish_at) WHERE status = 'published' AND notified_at IS NULL;

    CREATE TABLE announcement_reads (
      announcement_id uuid NOT NULL REFERENCES announcements(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      read_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (announcement_id, user_id)
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
