import { type Kysely, sql } from 'kysely';

/**
 * Forums: boards per org node (visible to its subtree, or to the whole union), threads, posts with
 * quotes, reports, moderation flags, and a sensitive-word list per org node (applies to its subtree).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE forum_boards (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES orgs(id),
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      visibility text NOT NULL DEFAULT 'subtree' CHECK (visibility IN ('subtree', 'union')),
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX forum_boards_org_idx ON forum_boards (org_id);

    CREATE TABLE forum_threads (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      board_id uuid NOT NULL REFERENCES forum_boards(id) ON DELETE CASCADE,
      title text NOT NULL,
      author_id uuid REFERENCES users(id) ON DELETE SET NULL,
      locked boolean NOT NULL DEFAULT false,
      hidden boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_post_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX forum_threads_board_idx ON forum_threads (board_id, last_post_at DESC);

    CREATE TABLE forum_posts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      thread_id uuid NOT NULL REFERENCES forum_threads(id) ON DELETE CASCADE,
      author_id uuid REFERENCES users(id) ON DELETE SET NULL,
      body text NOT NULL,
      quote_id uuid REFERENCES forum_posts(id) ON DELETE SET NULL,
      hidden boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX forum_posts_thread_idx ON forum_posts (thread_id, created_at);

    CREATE TABLE forum_reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      post_id uuid NOT NULL REFERENCES forum_posts(id) ON DELETE CASCADE,
      reporter_id uuid REFERENCES users(id) ON DELETE SET NULL,
      reason text NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (post_id, reporter_id)
    );

    CREATE TABLE forum_sensitive_words (
      org_id uuid NOT NULL REFERENCES orgs(id),
      word text NOT NULL CHECK (length(word) BETWEEN 1 AND 50),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (org_id, word)
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
