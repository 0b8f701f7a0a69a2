import { type Kysely, sql } from 'kysely';

/**
 * Personal-information breach incidents (PIPL art. 57, GDPR art. 33/34; docs/privacy.md "Breach
 * incidents"). An incident belongs to an org node; officers with `security.admin` there manage it,
 * `audit.read` may view it. The status only moves forward (open → contained → notified → closed), every
 * step is in the audit log. The affected members are a snapshot computed from the audit trail
 * (`privacy_breach_members`), replaced by a recomputation until the regulator or the members have been
 * notified; `notified_at` per member makes the member notice idempotent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE privacy_breaches (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES orgs(id),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'contained', 'notified', 'closed')),
      discovered_at timestamptz NOT NULL,
      occurred_from timestamptz,
      occurred_to timestamptz,
      cause text NOT NULL DEFAULT '' CHECK (length(cause) <= 5000),
      categories text[] NOT NULL DEFAULT '{}',
      consequences text NOT NULL DEFAULT '' CHECK (length(consequences) <= 5000),
      measures_taken text NOT NULL DEFAULT '' CHECK (length(measures_taken) <= 5000),
      member_measures text NOT NULL DEFAULT '' CHECK (length(member_measures) <= 5000),
      contact text NOT NULL DEFAULT '' CHECK (length(contact) <= 1000),
      delay_reason text NOT NULL DEFAULT '' CHECK (length(delay_reason) <= 5000),
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      contained_at timestamptz,
      regulator_notified_at timestamptz,
      regulator_authority text,
      regulator_reference text,
      members_notified_at timestamptz,
      no_member_notice_reason text,
      closed_at timestamptz,
      computed_at timestamptz,
      computed_by uuid REFERENCES users(id),
      scope jsonb,
      chain jsonb,
      totals jsonb,
      reminded_due_at timestamptz,
      reminded_overdue_at timestamptz,
      CHECK (occurred_from IS NULL OR occurred_to IS NULL OR occurred_from <= occurred_to),
      CHECK (status <> 'notified' OR regulator_notified_at IS NOT NULL),
      CHECK (status <> 'closed' OR (closed_at IS NOT NULL AND regulator_notified_at IS NOT NULL
             AND (members_notified_at IS NOT NULL OR no_member_notice_reason IS NOT NULL)))
    );
    CREATE INDEX privacy_breaches_org ON privacy_breaches (org_id, status);
    CREATE INDEX privacy_breaches_pending ON privacy_breaches (discovered_at)
      WHERE regulator_notified_at IS NULL AND status IN ('open', 'contained');

    CREATE TABLE privacy_breach_members (
      breach_id uuid NOT NULL REFERENCES privacy_breaches(id),
      member_id uuid NOT NULL REFERENCES members(id),
      user_id uuid REFERENCES users(id),
      org_id uuid NOT NULL REFERENCES orgs(id),
      events integer NOT NULL CHECK (events > 0),
      actions text[] NOT NULL,
      categories text[] NOT NULL,
      first_at timestamptz NOT NULL,
      last_at timestamptz NOT NULL,
      sample_seqs bigint[] NOT NULL,
      channel text NOT NULL CHECK (channel IN ('account', 'offline')),
      notified_at timestamptz,
      PRIMARY KEY (breach_id, member_id),
      CHECK (channel = 'offline' OR user_id IS NOT NULL)
    );
    CREATE INDEX privacy_breach_members_member ON privacy_breach_members (member_id);
    CREATE INDEX privacy_breach_members_user ON privacy_breach_members (user_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
