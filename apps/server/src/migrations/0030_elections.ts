import { type Kysely, sql } from 'kysely';

/**
 * Elections (ELECTIONS.md E1-E13). The voter roll and the voted mark know members; the ballots
 * table knows no member, session, IP or time (E3): its id is random and it has no serial, no
 * timestamp. Ballots, the roll and elections cannot be deleted while within retention (E11).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE elections (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES orgs(id),
      title text NOT NULL,
      profile text NOT NULL CHECK (profile IN ('cn_grassroots', 'us_lmrda', 'uk_statutory', 'custom')),
      rules jsonb NOT NULL,
      contests jsonb NOT NULL,
      status text NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'announced', 'ready', 'closed', 'tallied')),
      opens_at timestamptz NOT NULL,
      closes_at timestamptz NOT NULL CHECK (closes_at > opens_at),
      trustees_n integer NOT NULL CHECK (trustees_n BETWEEN 1 AND 20),
      threshold integer NOT NULL CHECK (threshold BETWEEN 1 AND trustees_n),
      manifest jsonb,
      parameters jsonb,
      board jsonb,
      tally jsonb,
      results jsonb,
      outcome jsonb,
      eligible_count integer,
      announced_at timestamptz,
      retain_until date,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX elections_org_idx ON elections (org_id, created_at DESC);

    CREATE TABLE election_trustees (
      election_id uuid NOT NULL REFERENCES elections(id),
      idx integer NOT NULL CHECK (idx >= 1),
      user_id uuid NOT NULL REFERENCES users(id),
      public jsonb,
      transport_key text,
      decryption jsonb,
      PRIMARY KEY (election_id, idx),
      UNIQUE (election_id, user_id)
    );

    CREATE TABLE election_shares (
      election_id uuid NOT NULL REFERENCES elections(id),
      dealer integer NOT NULL,
      recipient integer NOT NULL,
      share jsonb NOT NULL,
      PRIMARY KEY (election_id, dealer, recipient)
    );

    -- Frozen at announcement (E1). voted is set in the casting transaction (E2, E12).
    CREATE TABLE election_voters (
      election_id uuid NOT NULL REFERENCES elections(id),
      member_id uuid NOT NULL REFERENCES members(id),
      user_id uuid REFERENCES users(id),
      PRIMARY KEY (election_id, member_id)
    );
    CREATE INDEX election_voters_user_idx ON election_voters (user_id);

    -- One row per member who voted: the unique key is the one-member-one-vote guard (E2).
    CREATE TABLE election_votes_cast (
      election_id uuid NOT NULL,
      member_id uuid NOT NULL,
      PRIMARY KEY (election_id, member_id),
      FOREIGN KEY (election_id, member_id) REFERENCES election_voters (election_id, member_id)
    );

    -- No member, session, IP or time; the id is random so it carries no order (E3).
    CREATE TABLE election_ballots (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      election_id uuid NOT NULL REFERENCES elections(id),
      tracking_code text NOT NULL CHECK (tracking_code ~ '^[0-9a-f]{64}$'),
      ballot jsonb NOT NULL,
      UNIQUE (election_id, tracking_code)
    );

    CREATE FUNCTION elections_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      keep date;
    BEGIN
      SELECT retain_until INTO keep FROM elections WHERE id = OLD.election_id;
      IF keep IS NOT NULL AND keep >= current_date THEN
        RAISE EXCEPTION 'election records are retained until %', keep USING ERRCODE = 'P0001';
      END IF;
      RETURN OLD;
    END $$;
    CREATE FUNCTION elections_refuse_delete_election() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.retain_until IS NOT NULL AND OLD.retain_until >= current_date THEN
        RAISE EXCEPTION 'election records are retained until %', OLD.retain_until USING ERRCODE = 'P0001';
      END IF;
      RETURN OLD;
    END $$;
    CREATE TRIGGER election_ballots_retain BEFORE DELETE ON election_ballots
      FOR EACH ROW EXECUTE FUNCTION elections_refuse_delete();
    CREATE TRIGGER election_votes_cast_retain BEFORE DELETE ON election_votes_cast
      FOR EACH ROW EXECUTE FUNCTION elections_refuse_delete();
    CREATE TRIGGER election_voters_retain BEFORE DELETE ON election_voters
      FOR EACH ROW EXECUTE FUNCTION elections_refuse_delete();
    CREATE TRIGGER elections_retain BEFORE DELETE ON elections
      FOR EACH ROW EXECUTE FUNCTION elections_refuse_delete_election();
    CREATE FUNCTION elections_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'election records cannot be truncated';
    END $$;
    CREATE TRIGGER election_ballots_no_truncate BEFORE TRUNCATE ON election_ballots
      FOR EACH STATEMENT EXECUTE FUNCTION elections_refuse_truncate();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
