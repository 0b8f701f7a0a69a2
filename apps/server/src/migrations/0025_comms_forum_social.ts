import { type Kysely, sql } from 'kysely';

/**
 * Forum social features: pinned threads, reactions (a fixed set of kinds, one per member per kind and post),
 * @mentions (who a post named; one notification each) and time-limited bans per org subtree.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE forum_threads ADD COLUMN pinned boolean NOT NULL DEFAULT false;
    CREATE INDEX forum_threads_board_pinned_idx ON forum_threads (board_id, pinned DESC, last_post_at DESC);

    CREATE TABLE forum_reactions (
      post_id uuid NOT NULL REFERENCES forum_posts(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('like', 'thanks', 'support', 'question')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (post_id, user_id, kind)
    );

    CREATE TABLE forum_mentions (
      post_id uuid NOT NULL REFERENCES forum_posts(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      PRIMARY KEY (post_id, user_id)
    );
    CREATE INDEX forum_mentions_user_idx ON forum_mentions (user_id);

    CREATE TABLE forum_bans (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES orgs(id),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      reason text NOT NULL,
      until timestamptz NOT NULL,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      lifted_at timestamptz,
      lifted_by uuid REFERENCES users(id) ON DELETE SET NULL
    );
    CREATE INDEX forum_bans_user_idx ON forum_bans (user_id, until);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
