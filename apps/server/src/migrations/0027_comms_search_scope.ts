import { type Kysely, sql } from 'kysely';

/**
 * Forum search at scale: each post's index row carries its board, thread and whether it is hidden
 * (post or thread), kept in step in the transactions that post, hide, unhide or move. A query first
 * narrows to the boards the caller may read (a handful) and the composite GIN index (board_id, tsv,
 * via btree_gin, trusted since PostgreSQL 13) answers board AND words at once, instead of checking
 * access row by row over every match. The live post and thread rows are checked again for the hits.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE EXTENSION IF NOT EXISTS btree_gin;
    ALTER TABLE search_docs
      ADD COLUMN board_id uuid REFERENCES forum_boards(id) ON DELETE CASCADE,
      ADD COLUMN thread_id uuid,
      ADD COLUMN hidden boolean NOT NULL DEFAULT false;
    UPDATE search_docs d SET board_id = t.board_id, thread_id = t.id, hidden = p.hidden OR t.hidden
      FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id
      WHERE d.kind = 'forum_post' AND p.id = d.ref_id;
    CREATE INDEX search_docs_board_tsv_idx ON search_docs USING gin (board_id, tsv)
      WHERE kind = 'forum_post';
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
