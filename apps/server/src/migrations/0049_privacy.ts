import { type Kysely, sql } from 'kysely';

/**
 * PIPL art. 47 deletion requests (docs/privacy.md). A member asks for deletion of their personal data;
 * an officer with `members.write` on the member's node executes or declines it before `due_at`
 * (15 working days). One open request per account. The row is kept after execution as evidence that the
 * request was handled (dates, status, decision); its free-text reason is blanked on execution.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE privacy_deletion_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      member_id uuid REFERENCES members(id),
      org_id uuid NOT NULL REFERENCES orgs(id),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
      status text NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'executed', 'declined', 'withdrawn')),
      requested_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      decided_by uuid REFERENCES users(id),
      decided_at timestamptz,
      decision_reason text CHECK (decision_reason IS NULL OR length(decision_reason) BETWEEN 1 AND 500)
    );
    CREATE UNIQUE INDEX privacy_deletion_requests_one_open ON privacy_deletion_requests (user_id)
      WHERE status = 'open';
    CREATE INDEX privacy_deletion_requests_org ON privacy_deletion_requests (org_id, status, due_at);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
