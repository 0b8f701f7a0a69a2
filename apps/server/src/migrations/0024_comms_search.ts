import { type Kysely, sql } from 'kysely';

/**
 * Search index for announcements and forum posts: text segmented with jieba (words separated by
 * spaces) in a `simple` tsvector, plus pg_trgm on titles for names and typos. Access is decided at
 * query time by joining the source rows, never by filtering results afterwards.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE TABLE search_docs (
      kind text NOT NULL CHECK (kind IN ('announcement', 'forum_post')),
      ref_id uuid NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      segmented text NOT NULL,
      tsv tsvector NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kind, ref_id)
    );
    CREATE INDEX search_docs_tsv_idx ON search_docs USING gin (tsv);
    CREATE INDEX search_docs_title_trgm_idx ON search_docs USING gin (title gin_trgm_ops);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
