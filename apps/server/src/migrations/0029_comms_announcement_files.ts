import { type Kysely, sql } from 'kysely';

/**
 * Announcement files (images shown in the body, attachments listed below it). Stored like case
 * attachments: encrypted under <dataDir>/attachments with a random name, the per-file key wrapped by
 * the field cipher; downloaded only by the announcement's audience and its officers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE announcement_files (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      announcement_id uuid NOT NULL REFERENCES announcements(id) ON DELETE CASCADE,
      uploaded_by uuid REFERENCES users(id) ON DELETE SET NULL,
      file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 120),
      stored_name text NOT NULL UNIQUE CHECK (stored_name ~ '^[0-9a-f]{32}$'),
      mime text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'application/pdf')),
      size_bytes int NOT NULL,
      key_enc bytea NOT NULL,
      iv bytea NOT NULL,
      tag bytea NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX announcement_files_announcement ON announcement_files (announcement_id, created_at);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
