import { type Kysely, sql } from 'kysely';

/**
 * Ballots are stored uncompressed (out of line when large): a ballot is hex-encoded group elements
 * and proofs, which do not compress, and the failed compression attempt cost PostgreSQL about 40 µs
 * per cast (measured on 5,000 ballot-sized jsonb rows: 250-350 ms with the default storage, 110-150 ms
 * with EXTERNAL). Only rows written from now on are affected; reading is unchanged.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE election_ballots ALTER COLUMN ballot SET STORAGE EXTERNAL`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
