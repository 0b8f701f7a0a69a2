/** Connection pool and Kysely instance. */
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './types.js';

// int8 (bigint) and numeric come back as strings by default; counts and sequence numbers fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

export type Database = Kysely<DB>;

export function createDatabase(url: string, max = 20): { db: Database; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000 });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it. Queries in flight still see their error.
  });
  // A client that is checked out when the server goes away emits 'error' as well; without a listener
  // Node would treat it as unhandled and stop the process. Its query still rejects for the caller.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return { db, pool };
}

const pools = new WeakMap<Database, pg.Pool>();

/** A hot statement with a fixed text: `name` is unique per statement. */
export type Prepared = { name: string; text: string };

/**
 * Runs a hot statement. On the pool's own Kysely instance it is a named prepared statement: each
 * pooled connection parses and plans it once, and no query builder runs per call. Inside a
 * transaction (or any other handle) it runs as plain SQL on that handle, so it sees the transaction.
 */
export async function runPrepared<R>(db: Database, stmt: Prepared, values: unknown[]): Promise<R[]> {
  const pool = pools.get(db);
  if (pool) return (await pool.query<R & pg.QueryResultRow>({ ...stmt, values })).rows;
  return (await db.executeQuery<R>(CompiledQuery.raw(stmt.text, values))).rows;
}

/**
 * Production refuses a database that could lose acknowledged commits.
 * @throws Error naming the unsafe setting.
 */
export async function assertDurableSettings(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ name: string; setting: string }>(
    "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')",
  );
  const bad = rows.filter((r) => r.setting === 'off').map((r) => r.name);
  if (bad.length > 0) {
    throw new Error(`Refusing to start in production: PostgreSQL has ${bad.join(', ')} = off. Turn it on.`);
  }
}
