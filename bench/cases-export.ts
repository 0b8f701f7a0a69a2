/**
 * Case export at scale (not run in CI): streams the CSV and XLSX export of a union officer (about
 * 100,000 cases) from the database seeded by bench/cases-queries.ts, and reports rows, bytes, time and
 * the largest live heap growth while streaming (NODE_OPTIONS=--expose-gc) (the file is never held whole in memory). Baseline in
 * the same run: reading the same rows as one array with a plain SELECT.
 *
 *   NODE_OPTIONS=--expose-gc DATABASE_URL=$(tail -1 /tmp/cases-pg.url) BENCH_DB=uh_bench_caseq npx tsx --conditions=source bench/cases-export.ts
 */
import { sql } from 'kysely';
import type { Actor } from '../apps/server/src/kernel/auth/actor.js';
import { createDatabase } from '../apps/server/src/kernel/db/pool.js';
import type { Deps } from '../apps/server/src/kernel/deps.js';
import { adminUrl, withDatabase } from '../apps/server/src/kernel/testing/urls.js';
import { exportCases } from '../apps/server/src/modules/cases/export.service.js';

const say = (m: string) => process.stdout.write(`[cases-export] ${m}\n`);
const base = process.env.DATABASE_URL;
const name = process.env.BENCH_DB ?? 'uh_bench_caseq';
if (!base)
  throw new Error('DATABASE_URL (a server holding the database seeded by cases-queries.ts) is required');
const { db, pool } = createDatabase(withDatabase(adminUrl(base), name), 4);

try {
  const officer = (
    await sql<{ user_id: string; org_id: string }>`
      SELECT g.user_id, g.org_id FROM grants g JOIN orgs o ON o.id = g.org_id WHERE o.depth = 1 LIMIT 1`.execute(
      db,
    )
  ).rows[0];
  if (!officer) throw new Error('run bench/cases-queries.ts with BENCH_KEEP=1 first');
  const actor: Actor = {
    userId: officer.user_id,
    username: 'bench',
    displayName: 'bench',
    orgId: officer.org_id,
    sessionIdHash: 'x',
    mfaEnabled: true,
    mfaPassed: true,
    isOfficer: true,
    reauthAt: null,
    ip: '127.0.0.1',
  };
  const deps = { db, pool, clock: { now: () => new Date() } } as unknown as Deps;
  global.gc?.();
  let t = performance.now();
  const all = await db.selectFrom('cases').selectAll().where('union_id', 'in', [officer.org_id]).execute();
  const arrayMs = performance.now() - t;
  const arrayHeap = process.memoryUsage().heapUsed;
  say(
    `baseline: ${all.length} rows read as one array in ${arrayMs.toFixed(0)} ms, heap ${(arrayHeap / 2 ** 20).toFixed(0)} MiB`,
  );
  all.length = 0;
  for (const format of ['csv', 'xlsx'] as const) {
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let peak = heap0;
    let bytes = 0;
    let chunks = 0;
    t = performance.now();
    const f = await exportCases(deps, actor, { format });
    for await (const chunk of f.stream as AsyncIterable<Buffer | string>) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      // live heap (after a collection) at intervals while streaming
      if (++chunks % 200 === 0 && global.gc) {
        global.gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    say(
      `${format}: ${(bytes / 2 ** 20).toFixed(1)} MiB in ${((performance.now() - t) / 1000).toFixed(1)} s, live heap growth ${((peak - heap0) / 2 ** 20).toFixed(0)} MiB`,
    );
  }
} finally {
  await db.destroy();
}
