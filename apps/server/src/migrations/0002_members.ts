import { type Kysely, sql } from 'kysely';

/**
 * Member registry: people, their append-only lifecycle history, transfers between unions, the consent
 * ledger, per-union settings and import jobs. ID number, phone and address are stored only as
 * AES-256-GCM ciphertext (`*_enc`) plus keyed blind indexes (`*_bidx`) for exact lookups.
 *
 * Name search uses an array of unigrams and bigrams with a GIN index instead of pg_trgm: trigrams
 * cannot serve two-character Chinese names (张三) and depend on the database locale for CJK letters.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE member_settings (
      union_id uuid PRIMARY KEY REFERENCES orgs(id),
      self_editable text[] NOT NULL DEFAULT ARRAY['phone', 'email', 'address', 'education']::text[],
      next_seq bigint NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES users(id)
    );

    CREATE TABLE members (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      union_id uuid NOT NULL REFERENCES orgs(id),
      org_id uuid NOT NULL REFERENCES orgs(id),
      user_id uuid REFERENCES users(id),
      member_no text NOT NULL,
      status text NOT NULL CHECK (status IN ('applicant', 'active', 'retained', 'transferring',
        'transferred_out', 'left', 'expelled', 'rejected')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      -- ASCII keys in the C collation: one btree serves both sorting and LIKE 'prefix%'
      name_initials text COLLATE "C" NOT NULL,
      name_pinyin text COLLATE "C" NOT NULL,
      name_grams text[] NOT NULL,
      gender text NOT NULL CHECK (gender IN ('male', 'female', 'unspecified')),
      birth_date date,
      id_type text NOT NULL CHECK (id_type IN ('resident_id', 'passport', 'hk_macau_permit',
        'taiwan_permit', 'other')),
      id_number_enc bytea,
      id_number_bidx text,
      phone_enc bytea,
      phone_bidx text,
      email text,
      address_enc bytea,
      employer text,
      department text,
      job_title text,
      education text,
      join_date date,
      previous_member_id uuid REFERENCES members(id),
      import_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (union_id, member_no)
    );
    -- One live registry record per person; ended records (left, transferred out...) stay as history.
    CREATE UNIQUE INDEX members_live_id_number ON members (id_number_bidx)
      WHERE status IN ('applicant', 'active', 'retained', 'transferring');
    CREATE UNIQUE INDEX members_live_user ON members (user_id)
      WHERE user_id IS NOT NULL AND status IN ('applicant', 'active', 'retained', 'transferring');
    CREATE INDEX members_id_number_bidx ON members (id_number_bidx);
    CREATE INDEX members_phone_bidx ON members (phone_bidx);
    -- Sorted list pages: the global indexes serve a union-wide scope, the org-leading ones a narrow one.
    CREATE INDEX members_join ON members (join_date, id);
    CREATE INDEX members_pinyin ON members (name_pinyin, id);
    CREATE INDEX members_org_join ON members (org_id, join_date, id);
    CREATE INDEX members_org_pinyin ON members (org_id, name_pinyin, id);
    CREATE INDEX members_org_no ON members (org_id, member_no, id);
    CREATE INDEX members_initials ON members (name_initials);
    CREATE INDEX members_grams ON members USING gin (name_grams);

    CREATE TABLE member_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      member_id uuid NOT NULL REFERENCES members(id),
      at timestamptz NOT NULL,
      effective_date date,
      actor_id uuid REFERENCES users(id),
      action text NOT NULL,
      from_status text,
      to_status text NOT NULL,
      union_id uuid NOT NULL REFERENCES orgs(id),
      org_id uuid NOT NULL REFERENCES orgs(id),
      reason text,
      details jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX member_events_member ON member_events (member_id, id);

    CREATE TABLE member_transfers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      member_id uuid NOT NULL REFERENCES members(id),
      from_union_id uuid NOT NULL REFERENCES orgs(id),
      to_union_id uuid NOT NULL REFERENCES orgs(id),
      to_org_id uuid NOT NULL REFERENCES orgs(id),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
      reason text NOT NULL,
      requested_by uuid REFERENCES users(id),
      requested_at timestamptz NOT NULL,
      decided_by uuid REFERENCES users(id),
      decided_at timestamptz,
      decision_reason text,
      new_member_id uuid REFERENCES members(id)
    );
    CREATE UNIQUE INDEX member_transfers_one_pending ON member_transfers (member_id) WHERE status = 'pending';
    CREATE INDEX member_transfers_to ON member_transfers (to_union_id, status);
    CREATE INDEX member_transfers_from ON member_transfers (from_union_id, status);

    CREATE TABLE member_consents (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      member_id uuid NOT NULL REFERENCES members(id),
      purpose text NOT NULL,
      version text NOT NULL,
      granted boolean NOT NULL,
      at timestamptz NOT NULL,
      actor_id uuid REFERENCES users(id),
      source text NOT NULL CHECK (source IN ('portal', 'application', 'officer_attested', 'import_attested'))
    );
    CREATE INDEX member_consents_member ON member_consents (member_id, purpose, id DESC);

    CREATE TABLE member_imports (
      id uuid PRIMARY KEY,
      union_id uuid NOT NULL REFERENCES orgs(id),
      org_id uuid NOT NULL REFERENCES orgs(id),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL,
      mode text NOT NULL CHECK (mode IN ('dry_run', 'valid_only', 'all_or_nothing')),
      format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
      file_name text,
      file_sha256 text NOT NULL,
      file_bytes bigint NOT NULL,
      encoding text,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
      -- share of the file read so far (0..1); row counts below grow as rows are processed
      progress real NOT NULL DEFAULT 0,
      total_rows int NOT NULL DEFAULT 0,
      valid_rows int NOT NULL DEFAULT 0,
      error_rows int NOT NULL DEFAULT 0,
      existing_rows int NOT NULL DEFAULT 0,
      created_rows int NOT NULL DEFAULT 0,
      committed boolean NOT NULL DEFAULT false,
      error_code text,
      error_details jsonb,
      preview jsonb NOT NULL DEFAULT '[]',
      heartbeat_at timestamptz,
      finished_at timestamptz
    );
    CREATE INDEX member_imports_union ON member_imports (union_id, created_at DESC);

    CREATE TABLE member_import_errors (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      import_id uuid NOT NULL REFERENCES member_imports(id),
      row_no int NOT NULL,
      column_key text NOT NULL,
      code text NOT NULL,
      ref_row int
    );
    CREATE INDEX member_import_errors_import ON member_import_errors (import_id, row_no);

    CREATE FUNCTION member_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER member_events_no_update BEFORE UPDATE OR DELETE ON member_events
      FOR EACH ROW EXECUTE FUNCTION member_history_append_only();
    CREATE TRIGGER member_events_no_truncate BEFORE TRUNCATE ON member_events
      FOR EACH STATEMENT EXECUTE FUNCTION member_history_append_only();
    CREATE TRIGGER member_consents_no_update BEFORE UPDATE OR DELETE ON member_consents
      FOR EACH ROW EXECUTE FUNCTION member_history_append_only();
    CREATE TRIGGER member_consents_no_truncate BEFORE TRUNCATE ON member_consents
      FOR EACH STATEMENT EXECUTE FUNCTION member_history_append_only();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
