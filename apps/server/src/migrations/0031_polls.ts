import { type Kysely, sql } from 'kysely';

/**
 * Polls and surveys (docs/polls.md). The audience is frozen at publish; `poll_responded` is the
 * one-response-per-member mark (no timestamp). For anonymous polls the response and answer rows hold
 * no member, account or time: the CHECK makes that a database rule, not only a service habit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE polls (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      org_id uuid NOT NULL REFERENCES orgs(id),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      description_html text NOT NULL DEFAULT '',
      anonymous boolean NOT NULL,
      results_visibility text NOT NULL
        CHECK (results_visibility IN ('after_response', 'after_close', 'managers')),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'closed')),
      opens_at timestamptz,
      closes_at timestamptz NOT NULL,
      questions jsonb NOT NULL,
      audience_count integer NOT NULL DEFAULT 0,
      published_at timestamptz,
      closed_at timestamptz,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (opens_at IS NULL OR closes_at > opens_at)
    );
    CREATE INDEX polls_org_idx ON polls (org_id, created_at DESC);

    -- Frozen at publish: active members with an account in the subtree, with their org node then.
    CREATE TABLE poll_audience (
      poll_id uuid NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
      member_id uuid NOT NULL REFERENCES members(id),
      user_id uuid NOT NULL REFERENCES users(id),
      org_id uuid NOT NULL REFERENCES orgs(id),
      PRIMARY KEY (poll_id, member_id)
    );
    CREATE INDEX poll_audience_user_idx ON poll_audience (user_id, poll_id);

    -- One row per member who answered: the unique key is the one-response guard. No time.
    CREATE TABLE poll_responded (
      poll_id uuid NOT NULL,
      member_id uuid NOT NULL,
      PRIMARY KEY (poll_id, member_id),
      FOREIGN KEY (poll_id, member_id) REFERENCES poll_audience (poll_id, member_id) ON DELETE CASCADE
    );

    -- Anonymous: random id, no member, no name, no time. Named: all three.
    CREATE TABLE poll_responses (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      poll_id uuid NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
      anonymous boolean NOT NULL,
      member_id uuid REFERENCES members(id),
      respondent_name text,
      submitted_at timestamptz,
      CHECK (
        (anonymous AND member_id IS NULL AND respondent_name IS NULL AND submitted_at IS NULL)
        OR (NOT anonymous AND member_id IS NOT NULL AND respondent_name IS NOT NULL AND submitted_at IS NOT NULL)
      ),
      UNIQUE (poll_id, member_id)
    );
    CREATE INDEX poll_responses_poll_idx ON poll_responses (poll_id, submitted_at, id);

    CREATE TABLE poll_answers (
      response_id uuid NOT NULL REFERENCES poll_responses(id) ON DELETE CASCADE,
      poll_id uuid NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
      question_id text NOT NULL,
      choices text[],
      text_value text,
      rating integer,
      ranking text[],
      PRIMARY KEY (response_id, question_id)
    );
    CREATE INDEX poll_answers_question_idx ON poll_answers (poll_id, question_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
