/** Fingerprints of every table, to prove that a request changed nothing (and to find what it changed). */
import { sql } from 'kysely';
import type { Database } from '../db/pool.js';

/** Volatile columns that reads may legitimately touch (the idle clock of a session). */
const VOLATILE: Record<string, string[]> = { sessions: ['last_seen_at'] };

/** table name -> md5 of all its rows (minus volatile columns), for every table in the public schema. */
export async function snapshotTables(db: Database): Promise<Record<string, string>> {
  const tables = await sql<{ name: string; columns: string[] }>`
    SELECT c.table_name AS name, array_agg(c.column_name::text ORDER BY c.ordinal_position) AS columns
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
    GROUP BY c.table_name ORDER BY c.table_name`.execute(db);
  const out: Record<string, string> = {};
  for (const { name, columns } of tables.rows) {
    const kept = columns.filter((c) => !VOLATILE[name]?.includes(c));
    const cols = sql.join(kept.map((c) => sql.ref(`t.${c}`)));
    const row = await sql<{ n: string; fp: string | null }>`
      SELECT count(*)::text AS n, md5(string_agg(row(${cols})::text, '|' ORDER BY row(${cols})::text)) AS fp
      FROM ${sql.table(name)} AS t`.execute(db);
    out[name] = `${row.rows[0]!.n}:${row.rows[0]!.fp ?? ''}`;
  }
  return out;
}

/** Names of the tables whose fingerprint differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((t) => before[t] !== after[t])
    .sort();
}
