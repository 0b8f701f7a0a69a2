/**
 * The table types (types.ts and tables/*.ts) are written by hand; this test keeps them equal to what the migrations
 * create: every table of the public schema is declared, with exactly its columns.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext } from '../testing/test-app.js';

function declaredTables(): Map<string, string[]> {
  const src = readFileSync(new URL('./types.ts', import.meta.url), 'utf8');
  const tableDir = new URL('./tables/', import.meta.url);
  const all = [src, ...readdirSync(tableDir).map((f) => readFileSync(new URL(f, tableDir), 'utf8'))].join(
    '\n',
  );
  const interfaces = new Map<string, string[]>();
  for (const m of all.matchAll(/export interface (\w+) \{([\s\S]*?)\n\}/g)) {
    const cols = [...m[2]!.matchAll(/^\s+(\w+)\??:/gm)].map((c) => c[1]!);
    interfaces.set(m[1]!, cols);
  }
  const db = interfaces.get('DB');
  if (!db) throw new Error('types.ts has no DB interface');
  const dbBody = src.match(/export interface DB \{([\s\S]*?)\n\}/)![1]!;
  const out = new Map<string, string[]>();
  for (const [, table, iface] of dbBody.matchAll(/^\s+(\w+): (\w+);/gm)) {
    out.set(table!, (interfaces.get(iface!) ?? []).sort());
  }
  return out;
}

let ctx: TestContext;
beforeAll(async () => {
  ctx = await buildTestApp();
});
afterAll(() => ctx.close());

describe('table types match the migrated schema', () => {
  it('declares every table with exactly its columns', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely_%'`.execute(ctx.deps.db);
    const actual = new Map<string, string[]>();
    for (const r of rows) actual.set(r.table_name, [...(actual.get(r.table_name) ?? []), r.column_name]);
    for (const cols of actual.values()) cols.sort();
    expect(Object.fromEntries(declaredTables())).toEqual(Object.fromEntries([...actual].sort()));
  });
});
