/**
 * Dues schedule benchmark (not run in CI): a union with BENCH_MEMBERS (default 50,000) live members
 * in 20 branches, each with an encrypted declared wage; the monthly schedule job writes one schedule
 * row plus charge (and, for a tenth, exemption) ledger entries per member, one INSERT per batch of
 * 1,000. Baseline in the same run: a bare INSERT … SELECT of as many schedule rows and charges in
 * SQL (no decryption, no rules). Then an idempotent re-run, and the arrears query over the union.
 *
 *   npx tsx --conditions=source bench/dues-schedule.ts
 *   BENCH_MEMBERS=10000 npx tsx --conditions=source bench/dues-schedule.ts
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { FieldCipher } from '../apps/server/src/kernel/crypto/field.js';
import { KeyRing } from '../apps/server/src/kernel/crypto/keyring.js';
import type { Deps } from '../apps/server/src/kernel/deps.js';
import { migrateToLatest } from '../apps/server/src/kernel/db/migrate.js';
import { createDatabase } from '../apps/server/src/kernel/db/pool.js';
import { startTestPostgres } from '../apps/server/src/kernel/testing/embedded-test-server.js';
import { adminUrl, withDatabase } from '../apps/server/src/kernel/testing/urls.js';
import { generateSchedule } from '../apps/server/src/modules/dues/index.js';
import { analyticsRepo } from '../apps/server/src/modules/dues/analytics.repo.js';
import { syncBuiltinRoles } from '../apps/server/src/modules/identity/index.js';
import { createOrgUnchecked, type OrgRow } from '../apps/server/src/modules/orgs/index.js';

const N = Number(process.env.BENCH_MEMBERS ?? 50_000);
const say = (m: string) => process.stdout.write(`[dues-schedule] ${m}\n`);
const secs = (t: number) => (performance.now() - t) / 1000;

const server = process.env.DATABASE_URL ? null : await startTestPostgres();
const base = process.env.DATABASE_URL ?? server!.url;
const name = `uh_bench_dues_${process.pid}`;
const admin = createDatabase(adminUrl(base), 2);
await admin.pool.query(`CREATE DATABASE ${name}`);
const { db, pool } = createDatabase(withDatabase(adminUrl(base), name), 8);
try {
  await migrateToLatest(db);
  await syncBuiltinRoles(db);
  const ring = await KeyRing.open(db, { current: Buffer.alloc(32, 9), currentId: 'bench', previous: [] });
  const cipher = new FieldCipher(ring);
  const { union, branches } = await db.transaction().execute(async (trx) => {
    const root = await createOrgUnchecked(trx, {
      parent: null,
      name: '基准市总',
      kind: 'federation',
      actorId: null,
    });
    const u = await createOrgUnchecked(trx, {
      parent: root,
      name: '基准工会',
      kind: 'grassroots',
      actorId: null,
    });
    const out: OrgRow[] = [];
    for (let i = 0; i < 20; i++)
      out.push(await createOrgUnchecked(trx, { parent: u, name: `车间${i}`, kind: 'branch', actorId: null }));
    return { union: u, branches: out };
  });
  let t = performance.now();
  for (let i = 0; i < N; i += 5000) {
    const rows = Array.from({ length: Math.min(5000, N - i) }, (_, k) => {
      const n = i + k;
      return {
        id: randomUUID(),
        union_id: union.id,
        org_id: branches[n % branches.length]!.id,
        member_no: `M${String(n).padStart(8, '0')}`,
        status: n % 50 === 0 ? 'retained' : 'active',
        name: `会员${n}`,
        name_initials: 'hy',
        name_pinyin: 'huiyuan',
        name_grams: [],
        gender: 'unspecified',
        id_type: 'other',
      };
    });
    await db.insertInto('members').values(rows).execute();
    await db
      .insertInto('dues_wages')
      .values(
        rows.map((r, k) => ({
          member_id: r.id,
          effective_from: '2026-01-01',
          wage_enc: cipher.encrypt('dues_wages.wage', String(300000 + ((i + k) % 997) * 731)),
        })),
      )
      .execute();
    const ex = rows.filter((_, k) => (i + k) % 10 === 1);
    if (ex.length)
      await db
        .insertInto('dues_exemptions')
        .values(
          ex.map((r) => ({
            member_id: r.id,
            kind: 'hardship' as const,
            percent_payable: 50,
            from_period: '2026-01',
            reason: '困难',
          })),
        )
        .execute();
  }
  await db
    .insertInto('dues_rules')
    .values({
      union_id: union.id,
      effective_from: '2026-01-01',
      rate_ppm: 5000,
      rounding_unit: 10,
      rounding_mode: 'half_up',
      minimum_fen: 500,
      retained_percent: 0,
    })
    .execute();
  await sql`ANALYZE`.execute(db);
  say(`seeded ${N} members with encrypted wages in ${secs(t).toFixed(1)} s`);

  // baseline: a bare set-based insert of as many schedule rows and charges (scratch tables)
  await sql`CREATE TABLE b_sched (LIKE dues_schedule INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`.execute(db);
  await sql`CREATE TABLE b_ledger (member_id uuid, kind text, amount_fen int, period text)`.execute(db);
  const rule = await db.selectFrom('dues_rules').select('id').executeTakeFirstOrThrow();
  t = performance.now();
  await sql`WITH ins AS (
      INSERT INTO b_sched (member_id, period, union_id, org_id, rule_id, gross_fen, due_fen)
      SELECT id, '2026-01', union_id, org_id, ${rule.id}::uuid, 1500, 1500 FROM members RETURNING member_id, gross_fen)
    INSERT INTO b_ledger SELECT member_id, 'charge', gross_fen, '2026-01' FROM ins`.execute(db);
  const baseline = secs(t);
  say(`baseline: bare INSERT … SELECT of ${N} schedule rows + charges ${baseline.toFixed(2)} s`);

  const deps = {
    db,
    pool,
    cipher,
    ring,
    clock: { now: () => new Date('2026-01-01T00:30:00Z') },
  } as unknown as Deps;
  t = performance.now();
  const r = await generateSchedule(deps, union.id, '2026-01', null);
  const run = secs(t);
  const entries = await sql<{ n: number }>`SELECT count(*)::int AS n FROM dues_ledger`.execute(db);
  say(
    `schedule job: ${r.scheduled} scheduled, ${entries.rows[0]!.n} ledger entries in ${run.toFixed(2)} s (${Math.round(N / run)} members/s)`,
  );
  say(`ratio to baseline: ${(run / baseline).toFixed(1)}x`);
  t = performance.now();
  await generateSchedule(deps, union.id, '2026-01', null);
  const again = await sql<{ n: number }>`SELECT count(*)::int AS n FROM dues_ledger`.execute(db);
  say(`re-run (idempotent): ${secs(t).toFixed(2)} s, ledger entries still ${again.rows[0]!.n}`);
  await generateSchedule(deps, union.id, '2026-02', null);
  await sql`ANALYZE`.execute(db);
  t = performance.now();
  const a = await analyticsRepo(db).arrears(sql`m.union_id = ${union.id}`, '2026-02', 2, 50, 0);
  say(
    `arrears (>= 2 months) over ${N} members, 2 months: ${a.total} rows, first page in ${secs(t).toFixed(2)} s`,
  );
} finally {
  await db.destroy();
  await admin.pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  await admin.db.destroy();
  await server?.stop();
}
