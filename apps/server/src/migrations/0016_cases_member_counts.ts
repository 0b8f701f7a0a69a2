import { type Kysely, sql } from 'kysely';

/**
 * Head counts for the early-warning rates: live members per org node and department, a snapshot the
 * job `cases-member-counts` refreshes every ten minutes (counting half a million members takes a few
 * hundred milliseconds, too slow for every dashboard view). `case_member_counts_state.refreshed_at`
 * is shown with the hotspots; a snapshot older than 15 minutes is not used (counted live instead).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_member_counts (
      org_id uuid NOT NULL,
      department text NOT NULL,
      n int NOT NULL,
      PRIMARY KEY (org_id, department) INCLUDE (n)
    );
    CREATE TABLE case_member_counts_state (
      id int PRIMARY KEY CHECK (id = 1),
      refreshed_at timestamptz NOT NULL
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
