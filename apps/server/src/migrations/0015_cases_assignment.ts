import { type Kysely, sql } from 'kysely';

/**
 * Assignment rules per union: (org subtree, case type or any) -> one handler account or round-robin
 * among the accounts holding cases.handle there; applied when a case is filed and when it escalates.
 * `last_assigned_at` per (rule, account) drives the round-robin rotation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_assignment_rules (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      union_id uuid NOT NULL REFERENCES orgs(id),
      org_id uuid NOT NULL REFERENCES orgs(id),
      type_key text,
      mode text NOT NULL CHECK (mode IN ('user', 'round_robin')),
      user_id uuid REFERENCES users(id),
      position int NOT NULL,
      created_at timestamptz NOT NULL,
      created_by uuid REFERENCES users(id),
      CHECK ((mode = 'user') = (user_id IS NOT NULL))
    );
    CREATE UNIQUE INDEX case_assignment_rules_key ON case_assignment_rules (union_id, org_id, coalesce(type_key, ''));
    CREATE TABLE case_assignment_turns (
      rule_id uuid NOT NULL REFERENCES case_assignment_rules(id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users(id),
      last_assigned_at timestamptz NOT NULL,
      PRIMARY KEY (rule_id, user_id)
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
