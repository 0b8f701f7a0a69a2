import { type Kysely, sql } from 'kysely';

/**
 * Member dues (会费): per-union rules with effective dates (history kept), declared monthly wages
 * (AES-256-GCM ciphertext only, with effective dates), member exemptions and reductions, the monthly
 * schedule (one row per member and period: the idempotency key of the schedule job), the append-only
 * ledger (charges, exemptions, payments, reversals; a trigger refuses UPDATE, DELETE and TRUNCATE, so
 * corrections are reversal entries), reminders (one per member and period) and payroll imports.
 * Amounts are integer fen.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE dues_rules (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      union_id uuid NOT NULL REFERENCES orgs(id),
      effective_from date NOT NULL,
      -- parts per million of the declared wage: 0.5% = 5000
      rate_ppm int NOT NULL CHECK (rate_ppm BETWEEN 0 AND 1000000),
      rounding_unit int NOT NULL CHECK (rounding_unit IN (1, 10, 100)),
      rounding_mode text NOT NULL CHECK (rounding_mode IN ('up', 'down', 'half_up')),
      minimum_fen int NOT NULL CHECK (minimum_fen >= 0),
      -- share of the dues payable by members with retained membership (保留会籍), in percent
      retained_percent int NOT NULL CHECK (retained_percent BETWEEN 0 AND 100),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (union_id, effective_from)
    );

    CREATE TABLE dues_wages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      member_id uuid NOT NULL REFERENCES members(id),
      effective_from date NOT NULL,
      wage_enc bytea NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (member_id, effective_from)
    );

    CREATE TABLE dues_exemptions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      member_id uuid NOT NULL REFERENCES members(id),
      kind text NOT NULL CHECK (kind IN ('hardship', 'other')),
      percent_payable int NOT NULL CHECK (percent_payable BETWEEN 0 AND 99),
      from_period text NOT NULL CHECK (from_period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      to_period text CHECK (to_period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' AND to_period >= from_period),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX dues_exemptions_member ON dues_exemptions (member_id, from_period);

    CREATE TABLE dues_schedule (
      member_id uuid NOT NULL REFERENCES members(id),
      period text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      union_id uuid NOT NULL REFERENCES orgs(id),
      org_id uuid NOT NULL REFERENCES orgs(id),
      rule_id uuid NOT NULL REFERENCES dues_rules(id),
      gross_fen int NOT NULL CHECK (gross_fen >= 0),
      due_fen int NOT NULL CHECK (due_fen BETWEEN 0 AND gross_fen),
      exemption text CHECK (exemption IN ('hardship', 'other', 'retained')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (member_id, period)
    );
    CREATE INDEX dues_schedule_org_period ON dues_schedule (org_id, period);
    CREATE INDEX dues_schedule_union_period ON dues_schedule (union_id, period);

    CREATE TABLE dues_ledger (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      seq bigserial NOT NULL UNIQUE,
      member_id uuid NOT NULL REFERENCES members(id),
      kind text NOT NULL CHECK (kind IN ('charge', 'exemption', 'payment', 'reversal')),
      -- positive: the member owes more (charges, reversals of payments); negative: less
      amount_fen int NOT NULL CHECK (amount_fen <> 0),
      period text CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      source text CHECK (source IN ('online', 'payroll', 'cash')),
      reference text UNIQUE CHECK (length(reference) BETWEEN 1 AND 200),
      reverses_id uuid REFERENCES dues_ledger(id),
      actor_id uuid REFERENCES users(id),
      at timestamptz NOT NULL DEFAULT now(),
      CHECK (kind <> 'charge' OR (amount_fen > 0 AND period IS NOT NULL)),
      CHECK (kind <> 'exemption' OR (amount_fen < 0 AND period IS NOT NULL)),
      CHECK (kind <> 'payment' OR (amount_fen < 0 AND source IS NOT NULL AND reference IS NOT NULL)),
      CHECK (kind <> 'reversal' OR reverses_id IS NOT NULL),
      CHECK (kind = 'reversal' OR reverses_id IS NULL)
    );
    CREATE INDEX dues_ledger_member ON dues_ledger (member_id, seq);
    CREATE INDEX dues_ledger_reverses ON dues_ledger (reverses_id) WHERE reverses_id IS NOT NULL;

    CREATE FUNCTION dues_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER dues_ledger_no_update BEFORE UPDATE OR DELETE ON dues_ledger
      FOR EACH ROW EXECUTE FUNCTION dues_ledger_append_only();
    CREATE TRIGGER dues_ledger_no_truncate BEFORE TRUNCATE ON dues_ledger
      FOR EACH STATEMENT EXECUTE FUNCTION dues_ledger_append_only();

    CREATE TABLE dues_reminders (
      member_id uuid NOT NULL REFERENCES members(id),
      period text NOT NULL,
      sent_at timestamptz NOT NULL DEFAULT now(),
      sent_by uuid REFERENCES users(id),
      PRIMARY KEY (member_id, period)
    );

    CREATE TABLE dues_payroll_imports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES orgs(id),
      file_name text,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      applied boolean NOT NULL,
      summary jsonb NOT NULL,
      report jsonb NOT NULL
    );
    CREATE INDEX dues_payroll_imports_org ON dues_payroll_imports (org_id, created_at DESC);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
