import { type Kysely, sql } from 'kysely';

/**
 * Cases (suggestions, demands, grievances, labour disputes, injury reports): per-union type overrides,
 * the cases with their SLA clocks, their event history (transitions, messages, internal notes), and
 * one row per SLA escalation (the unique key makes a breach escalate exactly once, whatever the number
 * of scheduler processes). Field values, messages and the identity of anonymous submitters are stored
 * only as AES-256-GCM ciphertext; coded analytics columns (body part, location, severity...) are plain.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_types (
      union_id uuid NOT NULL REFERENCES orgs(id),
      key text NOT NULL,
      definition jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES users(id),
      PRIMARY KEY (union_id, key)
    );

    CREATE SEQUENCE case_ref_seq;

    CREATE TABLE cases (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      ref text NOT NULL UNIQUE,
      union_id uuid NOT NULL REFERENCES orgs(id),
      origin_org_id uuid NOT NULL REFERENCES orgs(id),
      -- the org handling the case now; escalation moves it one level up along org_chain
      org_id uuid NOT NULL REFERENCES orgs(id),
      org_chain uuid[] NOT NULL,
      escalation_level int NOT NULL DEFAULT 0,
      type_key text NOT NULL,
      state text NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      details_enc bytea NOT NULL,
      anonymous boolean NOT NULL,
      submitter_user_id uuid REFERENCES users(id),
      submitter_bidx text NOT NULL,
      identity_enc bytea,
      CHECK (NOT anonymous OR submitter_user_id IS NULL),
      assignee_id uuid REFERENCES users(id),
      incident_date date,
      location text,
      body_part text,
      cause text,
      severity text,
      days_lost int,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      first_response_at timestamptz,
      resolved_at timestamptz,
      closed_at timestamptz,
      paused_at timestamptz,
      pause_reason text,
      paused_ms bigint NOT NULL DEFAULT 0,
      fr_budget_ms bigint NOT NULL,
      res_budget_ms bigint NOT NULL,
      remind_share real NOT NULL,
      fr_due_at timestamptz,
      res_due_at timestamptz,
      fr_reminded_at timestamptz,
      res_reminded_at timestamptz,
      fr_breached_at timestamptz,
      res_breached_at timestamptz,
      satisfaction smallint CHECK (satisfaction BETWEEN 1 AND 5),
      version int NOT NULL DEFAULT 1
    );
    CREATE INDEX cases_org_state ON cases (org_id, state, created_at DESC);
    CREATE INDEX cases_union_created ON cases (union_id, created_at);
    CREATE INDEX cases_submitter ON cases (submitter_bidx, created_at DESC);
    CREATE INDEX cases_assignee ON cases (assignee_id, state) WHERE assignee_id IS NOT NULL;
    CREATE INDEX cases_fr_due ON cases (fr_due_at) WHERE fr_due_at IS NOT NULL AND fr_breached_at IS NULL;
    CREATE INDEX cases_res_due ON cases (res_due_at) WHERE res_due_at IS NOT NULL AND res_breached_at IS NULL;

    CREATE TABLE case_events (
      id bigserial PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases(id),
      at timestamptz NOT NULL,
      -- null for the member of an anonymous case and for the system
      actor_id uuid REFERENCES users(id),
      actor_role text NOT NULL CHECK (actor_role IN ('member', 'handler', 'system')),
      kind text NOT NULL CHECK (kind IN ('submitted', 'transition', 'message', 'note', 'escalation', 'reminder', 'assignment')),
      action text,
      from_state text,
      to_state text,
      visible_to_member boolean NOT NULL,
      body_enc bytea,
      details jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX case_events_case ON case_events (case_id, id);

    CREATE TABLE case_escalations (
      case_id uuid NOT NULL REFERENCES cases(id),
      clock text NOT NULL CHECK (clock IN ('first_response', 'resolution')),
      at timestamptz NOT NULL,
      from_org_id uuid NOT NULL REFERENCES orgs(id),
      to_org_id uuid NOT NULL REFERENCES orgs(id),
      PRIMARY KEY (case_id, clock)
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
