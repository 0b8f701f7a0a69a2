import { type Kysely, sql } from 'kysely';

/**
 * Officer search over the member registry and cases: trigram indexes for names and case titles
 * (typos), next to the member name grams/pinyin keys the members module already keeps.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX members_name_trgm_idx ON members USING gin (name gin_trgm_ops);
    CREATE INDEX cases_title_trgm_idx ON cases USING gin (title gin_trgm_ops);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
