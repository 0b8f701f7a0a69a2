import { type Kysely, sql } from 'kysely';

/**
 * Set-based notification fan-out, digests, group-targeted announcements and the cluster-wide socket
 * registry:
 *  - notification_broadcasts: one row per fan-out (template + encrypted params shared by all its
 *    deliveries); a delivery of a broadcast names its user (address read at delivery time) instead of
 *    carrying its own encrypted recipient and params;
 *  - notification_prefs.digest: members may take non-urgent mail as a daily or weekly digest;
 *  - announcements: resumable fan-out progress (cursor, lease, done) and targeting of chat groups;
 *  - ws_sockets: live WebSocket connections per user across all server processes (heartbeat + expiry).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notification_broadcasts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      template text NOT NULL,
      params_enc bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    ALTER TABLE notification_deliveries
      ADD COLUMN broadcast_id uuid REFERENCES notification_broadcasts(id) ON DELETE CASCADE,
      ALTER COLUMN recipient_enc DROP NOT NULL,
      ALTER COLUMN params_enc DROP NOT NULL,
      ADD CONSTRAINT notification_deliveries_source_chk CHECK (
        (broadcast_id IS NOT NULL AND user_id IS NOT NULL)
        OR (recipient_enc IS NOT NULL AND params_enc IS NOT NULL)
      );

    ALTER TABLE notification_prefs
      ADD COLUMN digest text NOT NULL DEFAULT 'off' CHECK (digest IN ('off', 'daily', 'weekly')),
      ADD COLUMN digest_sent_at timestamptz;
    CREATE INDEX notification_prefs_digest_idx ON notification_prefs (digest) WHERE digest <> 'off';

    ALTER TABLE announcements
      ADD COLUMN target_room_ids uuid[] NOT NULL DEFAULT '{}',
      ADD COLUMN fanout_cursor uuid,
      ADD COLUMN fanout_lease_until timestamptz,
      ADD COLUMN fanout_done_at timestamptz;
    UPDATE announcements SET fanout_done_at = notified_at WHERE notified_at IS NOT NULL;
    CREATE INDEX announcements_fanout_idx ON announcements (publish_at)
      WHERE status = 'published' AND fanout_done_at IS NULL;

    CREATE TABLE ws_sockets (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      process_id uuid NOT NULL,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ws_sockets_user_idx ON ws_sockets (user_id, expires_at);
    CREATE INDEX ws_sockets_process_idx ON ws_sockets (process_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
