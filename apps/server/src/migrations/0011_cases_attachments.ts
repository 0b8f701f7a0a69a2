import { type Kysely, sql } from 'kysely';

/**
 * Case attachments (photos, PDFs). The file itself lives encrypted under <dataDir>/attachments with a
 * random name; the row holds the display name (never used as a path), the detected type, and the
 * per-file key wrapped by the field cipher, with the GCM nonce and tag.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_attachments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      case_id uuid NOT NULL REFERENCES cases(id),
      uploaded_by uuid REFERENCES users(id),
      uploader_role text NOT NULL CHECK (uploader_role IN ('member', 'handler')),
      file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 120),
      stored_name text NOT NULL UNIQUE CHECK (stored_name ~ '^[0-9a-f]{32}$'),
      mime text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'application/pdf')),
      size_bytes int NOT NULL,
      key_enc bytea NOT NULL,
      iv bytea NOT NULL,
      tag bytea NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX case_attachments_case ON case_attachments (case_id, created_at);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
