import { type Kysely, sql } from 'kysely';

/**
 * The member's department at filing (a snapshot of the member record), for hotspots by department.
 * Anonymous cases keep it only when the department has at least five live members in the union.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cases ADD COLUMN department text`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
