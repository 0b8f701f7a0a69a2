import { type Kysely, sql } from 'kysely';

/**
 * Instant messaging: rooms (direct, org groups from the tree, custom groups with owners), members with
 * read state, and messages numbered per room (seq, assigned under the room's row lock, so seq order is
 * commit order and a client resuming from its last seen seq misses nothing).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE chat_rooms (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('direct', 'org', 'custom')),
      name text NOT NULL DEFAULT '',
      org_id uuid REFERENCES orgs(id),
      direct_key text UNIQUE,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      last_seq bigint NOT NULL DEFAULT 0,
      last_message_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((kind = 'org') = (org_id IS NOT NULL)),
      CHECK ((kind = 'direct') = (direct_key IS NOT NULL))
    );
    CREATE UNIQUE INDEX chat_rooms_org_idx ON chat_rooms (org_id) WHERE kind = 'org';

    CREATE TABLE chat_members (
      room_id uuid NOT NULL REFERENCES chat_rooms(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      role text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'member')),
      last_read_seq bigint NOT NULL DEFAULT 0,
      -- highest seq an offline notification was sent for (one reminder per unread burst)
      notified_seq bigint NOT NULL DEFAULT 0,
      joined_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (room_id, user_id)
    );
    CREATE INDEX chat_members_user_idx ON chat_members (user_id);

    CREATE TABLE chat_messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      room_id uuid NOT NULL REFERENCES chat_rooms(id) ON DELETE CASCADE,
      seq bigint NOT NULL,
      sender_id uuid REFERENCES users(id) ON DELETE SET NULL,
      client_id text,
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (room_id, seq),
      UNIQUE (room_id, sender_id, client_id)
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
