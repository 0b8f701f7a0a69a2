import { type Kysely, sql } from 'kysely';

/**
 * Disposal of an election's personal data after its retention period (ELECTIONS.md E11, PIPL art. 19
 * storage limitation; docs/elections.md "Records: retention and disposal").
 * - elections.records_disposed_at: when the disposal job removed the roll, the voted marks and the
 *   rest of the election's personal data; elections.voted_count: the voted marks counted just before
 *   (E8 stays checkable: counted ballots = voted <= eligible_count).
 * - The roll and the voted marks: deletion still refused until retain_until has passed, and after it
 *   only for a closed or tallied election and only inside a transaction that names the election in
 *   `unionhall.election_disposal` (the disposal job's set_config), never by a stray DELETE.
 * - An announced election, its ballots and the re-vote supersede entries (the board and the public
 *   record) are never deleted any more, within retention or after it. A draft (no retain_until, no
 *   roll, no ballots) can still be deleted as before.
 * - TRUNCATE is refused on every table that holds an election's records.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE elections
      ADD COLUMN records_disposed_at timestamptz,
      ADD COLUMN voted_count integer CHECK (voted_count >= 0);
    CREATE INDEX elections_disposal_idx ON elections (retain_until)
      WHERE records_disposed_at IS NULL AND retain_until IS NOT NULL;

    CREATE FUNCTION elections_refuse_delete_kept() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM elections WHERE id = OLD.election_id AND retain_until IS NOT NULL) THEN
        RAISE EXCEPTION 'election ballots and the board are retained with the published record'
          USING ERRCODE = 'P0001';
      END IF;
      RETURN OLD;
    END $$;

    CREATE FUNCTION elections_refuse_delete_roll() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      keep date;
      st text;
    BEGIN
      SELECT retain_until, status INTO keep, st FROM elections WHERE id = OLD.election_id;
      IF keep IS NOT NULL AND keep >= current_date THEN
        RAISE EXCEPTION 'election records are retained until %', keep USING ERRCODE = 'P0001';
      END IF;
      IF st NOT IN ('closed', 'tallied')
         OR current_setting('unionhall.election_disposal', true) IS DISTINCT FROM OLD.election_id::text THEN
        RAISE EXCEPTION 'election roll and voted marks are removed only by the records disposal'
          USING ERRCODE = 'P0001';
      END IF;
      RETURN OLD;
    END $$;

    CREATE OR REPLACE FUNCTION elections_refuse_delete_election() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.retain_until IS NOT NULL THEN
        RAISE EXCEPTION 'election records are retained: an announced election is never deleted'
          USING ERRCODE = 'P0001';
      END IF;
      RETURN OLD;
    END $$;

    DROP TRIGGER election_ballots_retain ON election_ballots;
    CREATE TRIGGER election_ballots_retain BEFORE DELETE ON election_ballots
      FOR EACH ROW EXECUTE FUNCTION elections_refuse_delete_kept();
    DROP TRIGGER election_supersedes_retain ON election_supersedes;
    CREATE TRIGGER election_supersedes_retain BEFORE DELETE ON election_supersedes
      FOR EACH ROW EXECUTE FUNCTION elections_refuse_delete_kept();
    DROP TRIGGER election_votes_cast_retain ON election_votes_cast;
    CREATE TRIGGER election_votes_cast_retain BEFORE DELETE ON election_votes_cast
      FOR EACH ROW EXECUTE FUNCTION elections_refuse_delete_roll();
    DROP TRIGGER election_voters_retain ON election_voters;
    CREATE TRIGGER election_voters_retain BEFORE DELETE ON election_voters
      FOR EACH ROW EXECUTE FUNCTION elections_refuse_delete_roll();

    CREATE TRIGGER elections_no_truncate BEFORE TRUNCATE ON elections
      FOR EACH STATEMENT EXECUTE FUNCTION elections_refuse_truncate();
    CREATE TRIGGER election_voters_no_truncate BEFORE TRUNCATE ON election_voters
      FOR EACH STATEMENT EXECUTE FUNCTION elections_refuse_truncate();
    CREATE TRIGGER election_votes_cast_no_truncate BEFORE TRUNCATE ON election_votes_cast
      FOR EACH STATEMENT EXECUTE FUNCTION elections_refuse_truncate();
    CREATE TRIGGER election_trustees_no_truncate BEFORE TRUNCATE ON election_trustees
      FOR EACH STATEMENT EXECUTE FUNCTION elections_refuse_truncate();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
