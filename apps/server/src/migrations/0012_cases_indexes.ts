import { type Kysely, sql } from 'kysely';

/**
 * Indexes for the handler queue at scale: the newest open cases first (the queue's default view) and
 * the newest cases of any state, so a page is read in index order and filtered by scope instead of
 * sorting every case in scope; and the open cases per org for the queue's count.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX cases_open_created ON cases (created_at DESC, id) WHERE closed_at IS NULL;
    CREATE INDEX cases_created ON cases (created_at DESC, id);
    CREATE INDEX cases_open_org ON cases (org_id) WHERE closed_at IS NULL;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
