import { type Kysely, sql } from 'kysely';

/** Organisation tree, accounts, roles and grants, sessions, keys, audit log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE orgs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      parent_id uuid REFERENCES orgs(id),
      kind text NOT NULL CHECK (kind IN ('federation', 'grassroots', 'branch', 'group', 'industrial')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      -- materialised path of ids, '/root/child/.../self/', for subtree checks with one LIKE prefix
      path text NOT NULL UNIQUE,
      depth int NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
      created_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz
    );
    CREATE INDEX orgs_path_prefix ON orgs (path text_pattern_ops);
    CREATE INDEX orgs_parent ON orgs (parent_id);

    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username text NOT NULL,
      display_name text NOT NULL,
      email text,
      phone_enc bytea,
      phone_bidx text,
      org_id uuid NOT NULL REFERENCES orgs(id),
      password_hash text NOT NULL,
      password_changed_at timestamptz NOT NULL DEFAULT now(),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
      mfa_secret_enc bytea,
      mfa_enabled boolean NOT NULL DEFAULT false,
      mfa_last_step bigint NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX users_username ON users (lower(username));
    CREATE INDEX users_org ON users (org_id);
    CREATE INDEX users_phone_bidx ON users (phone_bidx);

    CREATE TABLE recovery_codes (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id),
      code_hash text NOT NULL,
      used_at timestamptz
    );
    CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

    CREATE TABLE roles (
      key text PRIMARY KEY,
      permissions text[] NOT NULL,
      builtin boolean NOT NULL DEFAULT true
    );

    CREATE TABLE grants (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      role_key text NOT NULL REFERENCES roles(key),
      org_id uuid NOT NULL REFERENCES orgs(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES users(id),
      UNIQUE (user_id, role_key, org_id)
    );
    CREATE INDEX grants_user ON grants (user_id);

    CREATE TABLE sessions (
      id_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      mfa_passed boolean NOT NULL DEFAULT false,
      reauth_at timestamptz,
      ip text,
      user_agent text
    );
    CREATE INDEX sessions_user ON sessions (user_id);

    CREATE TABLE one_time_tokens (
      token_hash text PRIMARY KEY,
      purpose text NOT NULL CHECK (purpose IN ('setup', 'password_reset')),
      user_id uuid REFERENCES users(id),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    );

    -- Failed login counters shared by every server process.
    CREATE TABLE auth_throttle (
      key text PRIMARY KEY,
      failures int NOT NULL,
      window_start timestamptz NOT NULL
    );

    CREATE TABLE data_keys (
      id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant text NOT NULL,
      purpose text NOT NULL CHECK (purpose IN ('encryption', 'blind_index')),
      wrapped bytea NOT NULL,
      master_key_id text NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
      created_at timestamptz NOT NULL DEFAULT now(),
      rewrapped_at timestamptz
    );

    CREATE TABLE audit_log (
      seq bigint PRIMARY KEY,
      at timestamptz NOT NULL,
      actor_id uuid,
      actor_ip text,
      action text NOT NULL,
      target_type text,
      target_id text,
      org_id uuid,
      details jsonb NOT NULL DEFAULT '{}',
      prev_hash text NOT NULL,
      hash text NOT NULL
    );
    CREATE INDEX audit_at ON audit_log (at);
    CREATE INDEX audit_action ON audit_log (action);
    CREATE INDEX audit_actor ON audit_log (actor_id);
    CREATE INDEX audit_target ON audit_log (target_id);

    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
