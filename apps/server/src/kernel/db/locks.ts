import { sql } from 'kysely';
import type { Database } from './pool.js';

/** Serialises a critical section across server processes until the transaction ends. */
export async function advisoryXactLock(trx: Database, name: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${name}))`.execute(trx);
}

/** Cheapest round trip to the database (readiness). */
export async function ping(db: Database): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
