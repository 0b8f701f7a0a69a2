import { type Kysely, sql } from 'kysely';

/**
 * Notification service: the in-app centre, the outbox of e-mail/SMS deliveries (retried by a job), and
 * per-member preferences with quiet hours and the one-click unsubscribe key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notification_prefs (
      user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      locale text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
      email_enabled boolean NOT NULL DEFAULT true,
      sms_enabled boolean NOT NULL DEFAULT false,
      muted_categories text[] NOT NULL DEFAULT '{}',
      quiet_start smallint CHECK (quiet_start BETWEEN 0 AND 1439),
      quiet_end smallint CHECK (quiet_end BETWEEN 0 AND 1439),
      time_zone text NOT NULL DEFAULT 'Asia/Shanghai',
      unsubscribe_key text NOT NULL UNIQUE,
      unsubscribed_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      template text NOT NULL,
      category text NOT NULL,
      title text NOT NULL,
      body text NOT NULL,
      link text,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz
    );
    CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC);
    CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

    CREATE TABLE notification_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid REFERENCES users(id) ON DELETE CASCADE,
      org_id uuid REFERENCES orgs(id),
      channel text NOT NULL CHECK (channel IN ('email', 'sms')),
      template text NOT NULL,
      locale text NOT NULL,
      recipient_enc bytea NOT NULL,
      params_enc bytea NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    );
    CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at)
      WHERE status = 'pending';
    CREATE INDEX notification_deliveries_org_idx ON notification_deliveries (org_id, status, created_at DESC);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
