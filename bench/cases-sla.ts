/**
 * SLA sweep benchmark (not run in CI): 100,000 cases whose first-response clock is already due, spread
 * over 50 branches of one union, escalated by two sweeps racing (as two server processes would), with
 * a plain set-based UPDATE of the same number of rows as the in-run baseline. Goal: < 60 s.
 *
 *   npx tsx --conditions=source bench/cases-sla.ts            (embedded PostgreSQL of its own)
 *   BENCH_TIMERS=20000 npx tsx --conditions=source bench/cases-sla.ts
 *   DATABASE_URL=postgres://... npx tsx --conditions=source bench/cases-sla.ts
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Deps } from '../apps/server/src/kernel/deps.js';
import { migrateToLatest } from '../apps/server/src/kernel/db/migrate.js';
import { createDatabase } from '../apps/server/src/kernel/db/pool.js';
import { MemoryNotifier } from '../apps/server/src/kernel/notify/notifier.js';
import { startTestPostgres } from '../apps/server/src/kernel/testing/embedded-test-server.js';
import { adminUrl, withDatabase } from '../apps/server/src/kernel/testing/urls.js';
import { runSlaSweep } from '../apps/server/src/modules/cases/index.js';
import { syncBuiltinRoles } from '../apps/server/src/modules/identity/index.js';
import { createOrgUnchecked, type OrgRow } from '../apps/server/src/modules/orgs/index.js';

const N = Number(process.env.BENCH_TIMERS ?? 100_000);
const say = (m: string) => process.stdout.write(`[cases-sla] ${m}\n`);

const server = process.env.DATABASE_URL ? null : await startTestPostgres();
const base = process.env.DATABASE_URL ?? server!.url;
const name = `uh_bench_cases_${process.pid}`;
const admin = createDatabase(adminUrl(base), 2);
await admin.pool.query(`CREATE DATABASE ${name}`);
const { db, pool } = createDatabase(withDatabase(adminUrl(base), name), 8);
try {
  await migrateToLatest(db);
  await syncBuiltinRoles(db);
  const branches: OrgRow[] = await db.transaction().execute(async (trx) => {
    const root = await createOrgUnchecked(trx, {
      parent: null,
      name: '基准市总',
      kind: 'federation',
      actorId: null,
    });
    const union = await createOrgUnchecked(trx, {
      parent: root,
      name: '基准工会',
      kind: 'grassroots',
      actorId: null,
    });
    const out: OrgRow[] = [];
    for (let i = 0; i < 50; i++)
      out.push(
        await createOrgUnchecked(trx, { parent: union, name: `车间${i}`, kind: 'branch', actorId: null }),
      );
    return out;
  });
  const now = new Date();
  const created = new Date(now.getTime() - 48 * 3_600_000);
  let t = performance.now();
  for (let b = 0; b < branches.length; b++) {
    const org = branches[b]!;
    const chain = org.path.split('/').filter(Boolean);
    const per = Math.floor(N / branches.length) + (b < N % branches.length ? 1 : 0);
    await sql`
      INSERT INTO cases (ref, union_id, origin_org_id, org_id, org_chain, type_key, state, title, details_enc,
        anonymous, submitter_bidx, created_at, updated_at, fr_budget_ms, res_budget_ms, remind_share,
        fr_due_at, res_due_at)
      SELECT 'B' || ${b}::text || '-' || g, ${chain[1]}, ${org.id}, ${org.id}, ${chain}::uuid[], 'demand', 'submitted',
        'bench', ${randomBytes(48)}, false, md5(g::text), ${created}, ${created}, 86400000, 604800000, 0.75,
        ${new Date(created.getTime() + 86_400_000)}, ${new Date(created.getTime() + 604_800_000)}
      FROM generate_series(1, ${per}) g`.execute(db);
  }
  await sql`ANALYZE cases`.execute(db);
  say(`seeded ${N} due timers in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // baseline: the bare set-based update of as many rows, in a scratch copy
  await sql`CREATE TABLE bench_copy AS SELECT id, org_id, fr_breached_at FROM cases`.execute(db);
  t = performance.now();
  await sql`UPDATE bench_copy SET fr_breached_at = now()`.execute(db);
  const baseline = (performance.now() - t) / 1000;
  say(`baseline: plain UPDATE of ${N} rows ${baseline.toFixed(2)} s`);

  const deps = (notifier: MemoryNotifier) =>
    ({ db, pool, notifier, clock: { now: () => now } }) as unknown as Deps;
  const n1 = new MemoryNotifier();
  const n2 = new MemoryNotifier();
  t = performance.now();
  const [a, b] = await Promise.all([runSlaSweep(deps(n1), now), runSlaSweep(deps(n2), now)]);
  const sweep = (performance.now() - t) / 1000;
  const escalations = await sql<{ n: string }>`SELECT count(*) AS n FROM case_escalations`.execute(db);
  const moved = await sql<{ n: string }>`SELECT count(*) AS n FROM cases WHERE escalation_level = 1`.execute(
    db,
  );
  say(
    `two racing sweeps: reminded ${a.reminded + b.reminded}, escalated ${a.escalated + b.escalated} ` +
      `(${a.escalated} + ${b.escalated}) in ${sweep.toFixed(1)} s; escalation rows ${escalations.rows[0]!.n}, ` +
      `cases one level up ${moved.rows[0]!.n}, notifications ${n1.sent.length + n2.sent.length}`,
  );
  say(`ratio to baseline: ${(sweep / baseline).toFixed(1)}x; goal < 60 s: ${sweep < 60 ? 'met' : 'NOT met'}`);
  const again = await runSlaSweep(deps(new MemoryNotifier()), now);
  say(`a third sweep afterwards escalates ${again.escalated} (exactly once)`);
} finally {
  await db.destroy();
  await admin.pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  await admin.db.destroy();
  await server?.stop();
}
