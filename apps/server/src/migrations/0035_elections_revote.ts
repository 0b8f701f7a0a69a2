import { type Kysely, sql } from 'kysely';

/**
 * Re-voting without a voter-ballot link (ELECTIONS.md E2, E3, E13; docs/election-spec.md §2.4.1).
 * - election_ballots.revote_tag: H("revote-tag", Q, s) for the voter's secret re-vote code s; no
 *   member, session, IP or time, as before.
 * - election_votes_cast.revote_owner: H("revote-owner", Q, s), a second hash of the same code that
 *   only the voter's own (freshly authenticated) re-vote can match; without s the two hashes
 *   cannot be linked. No count of re-votes is kept per member: it would tell an administrator
 *   who re-voted, which is what a coercer wants to know.
 * - election_supersedes: which ballot a re-vote replaced and the revealed code, published as the
 *   board's supersede entries at close. At most one per ballot (primary key); append-only within
 *   the retention period like the ballots.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE election_ballots
      ADD COLUMN revote_tag text CHECK (revote_tag ~ '^[0-9a-f]{64}$');
    CREATE UNIQUE INDEX election_ballots_revote_tag_idx
      ON election_ballots (election_id, revote_tag) WHERE revote_tag IS NOT NULL;

    ALTER TABLE election_votes_cast
      ADD COLUMN revote_owner text CHECK (revote_owner ~ '^[0-9a-f]{64}$');

    CREATE TABLE election_supersedes (
      election_id uuid NOT NULL REFERENCES elections(id),
      tracking_code text NOT NULL,
      revote_secret text NOT NULL CHECK (revote_secret ~ '^[0-9a-f]{64}$'),
      PRIMARY KEY (election_id, tracking_code),
      FOREIGN KEY (election_id, tracking_code) REFERENCES election_ballots (election_id, tracking_code)
    );
    CREATE TRIGGER election_supersedes_retain BEFORE DELETE ON election_supersedes
      FOR EACH ROW EXECUTE FUNCTION elections_refuse_delete();
    CREATE TRIGGER election_supersedes_no_truncate BEFORE TRUNCATE ON election_supersedes
      FOR EACH STATEMENT EXECUTE FUNCTION elections_refuse_truncate();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
