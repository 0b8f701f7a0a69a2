import { type Kysely, sql } from 'kysely';

/**
 * PIPL art. 52/55 and 17 (docs/privacy.md "Processing register and protection officer"):
 *
 * - `privacy_officer_contacts`: the published contact of a union's personal-information protection
 *   officer (个人信息保护负责人), one row per union node (federation, industrial or grassroots union).
 *   A union without a row inherits the nearest ancestor's contact. Every field is published.
 * - `privacy_activities` + `privacy_activity_versions`: the register of processing activities
 *   (处理活动记录) per union. An edit appends a version (content as validated JSON); versions are never
 *   changed or removed (triggers refuse UPDATE, DELETE and TRUNCATE), so the history stays complete.
 *   `current_version` moves forward with a compare-and-set, so two concurrent edits cannot both win.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE privacy_officer_contacts (
      union_id uuid PRIMARY KEY REFERENCES orgs(id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
      phone text NOT NULL CHECK (length(phone) BETWEEN 3 AND 40),
      email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
      postal_address text CHECK (postal_address IS NULL OR length(postal_address) BETWEEN 1 AND 300),
      updated_at timestamptz NOT NULL,
      updated_by uuid NOT NULL REFERENCES users(id)
    );

    CREATE TABLE privacy_activities (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      union_id uuid NOT NULL REFERENCES orgs(id),
      -- the built-in activity it was adopted from (one adoption per union), NULL for entries written by hand
      builtin_key text CHECK (builtin_key IS NULL OR length(builtin_key) BETWEEN 1 AND 60),
      current_version int NOT NULL DEFAULT 1 CHECK (current_version >= 1),
      created_at timestamptz NOT NULL,
      created_by uuid NOT NULL REFERENCES users(id)
    );
    CREATE INDEX privacy_activities_union ON privacy_activities (union_id, created_at);
    CREATE UNIQUE INDEX privacy_activities_builtin ON privacy_activities (union_id, builtin_key)
      WHERE builtin_key IS NOT NULL;

    CREATE TABLE privacy_activity_versions (
      activity_id uuid NOT NULL REFERENCES privacy_activities(id),
      version int NOT NULL CHECK (version >= 1),
      content jsonb NOT NULL CHECK (jsonb_typeof(content) = 'object'),
      change_note text CHECK (change_note IS NULL OR length(change_note) BETWEEN 1 AND 500),
      created_at timestamptz NOT NULL,
      created_by uuid NOT NULL REFERENCES users(id),
      PRIMARY KEY (activity_id, version)
    );

    CREATE FUNCTION privacy_activity_versions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER privacy_activity_versions_no_update BEFORE UPDATE OR DELETE ON privacy_activity_versions
      FOR EACH ROW EXECUTE FUNCTION privacy_activity_versions_append_only();
    CREATE TRIGGER privacy_activity_versions_no_truncate BEFORE TRUNCATE ON privacy_activity_versions
      FOR EACH STATEMENT EXECUTE FUNCTION privacy_activity_versions_append_only();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
