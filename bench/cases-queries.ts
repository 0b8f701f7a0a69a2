/**
 * Cases dashboard, hotspot and handler-queue latency at scale (not run in CI): seeds 1,000,000 cases
 * over 5,000 org units (10 unions x 100 branches x 4 groups) and 500,000 members, then times the
 * service calls for an officer of one union (about a tenth of the data) and of the whole federation.
 * Goals: dashboard and hotspots p95 < 200 ms; handler list p95 < 50 ms. Each figure is also timed
 * straight over the cases table (`live`, the baseline of the same run) and the answers compared.
 *
 *   npx tsx --conditions=source bench/cases-queries.ts
 *   BENCH_CASES=200000 BENCH_MEMBERS=100000 BENCH_RUNS=20 npx tsx --conditions=source bench/cases-queries.ts
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../apps/server/src/kernel/auth/actor.js';
import { migrateToLatest } from '../apps/server/src/kernel/db/migrate.js';
import { createDatabase } from '../apps/server/src/kernel/db/pool.js';
import type { Deps } from '../apps/server/src/kernel/deps.js';
import { startTestPostgres } from '../apps/server/src/kernel/testing/embedded-test-server.js';
import { adminUrl, withDatabase } from '../apps/server/src/kernel/testing/urls.js';
import { dashboard, hotspots } from '../apps/server/src/modules/cases/analytics/analytics.service.js';
import { refreshMemberCounts } from '../apps/server/src/modules/cases/analytics/member-counts.job.js';
import { casesRepo } from '../apps/server/src/modules/cases/cases.repo.js';
import { handlerFilter, listCases } from '../apps/server/src/modules/cases/handler.service.js';
import { identityRepoForSeeding, syncBuiltinRoles } from '../apps/server/src/modules/identity/index.js';

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 500_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const say = (m: string) => process.stdout.write(`[cases-queries] ${m}\n`);

const server = process.env.DATABASE_URL ? null : await startTestPostgres();
const base = process.env.DATABASE_URL ?? server!.url;
// BENCH_DB names a database to reuse (seeded once, kept with BENCH_KEEP=1); otherwise a fresh one.
const name = process.env.BENCH_DB ?? `uh_bench_caseq_${process.pid}`;
const KEEP = process.env.BENCH_KEEP === '1';
const admin = createDatabase(adminUrl(base), 2);
const exists =
  (await admin.pool.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
if (!exists) await admin.pool.query(`CREATE DATABASE ${name}`);
const { db, pool } = createDatabase(withDatabase(adminUrl(base), name), 8);

async function seed() {
  await migrateToLatest(db);
  await syncBuiltinRoles(db);
  const t = performance.now();
  const root = randomUUID();
  await sql`INSERT INTO orgs (id, parent_id, kind, name, path, depth)
            VALUES (${root}, NULL, 'federation', '基准市总工会', ${`/${root}/`}, 0)`.execute(db);
  // unions, branches, groups: ids and materialised paths generated in SQL
  await sql`
    WITH u AS (
      INSERT INTO orgs (id, parent_id, kind, name, path, depth)
      SELECT id, ${root}::uuid, 'grassroots', '工会' || n, ${`/${root}/`} || id || '/', 1
      FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, 10) n) s RETURNING id, path)
    , b AS (
      INSERT INTO orgs (id, parent_id, kind, name, path, depth)
      SELECT s.id, s.parent, 'branch', '分工会' || s.n, s.ppath || s.id || '/', 2
      FROM (SELECT gen_random_uuid() AS id, u.id AS parent, u.path AS ppath, n
            FROM u CROSS JOIN generate_series(1, 100) n) s
      RETURNING id, path)
    INSERT INTO orgs (id, parent_id, kind, name, path, depth)
    SELECT s.id, s.parent, 'group', '小组' || s.n, s.ppath || s.id || '/', 3
    FROM (SELECT gen_random_uuid() AS id, b.id AS parent, b.path AS ppath, n
          FROM b CROSS JOIN generate_series(1, 4) n) s`.execute(db);
  await sql`CREATE TEMP TABLE g AS
            SELECT row_number() OVER (ORDER BY id) AS i, id, path, string_to_array(trim(both '/' from path), '/')::uuid[] AS chain
            FROM orgs WHERE depth = 3`.execute(db);
  const groups = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM g`.execute(db)).rows[0]!.n);
  await sql`
    INSERT INTO members (union_id, org_id, member_no, status, name, name_initials, name_pinyin, name_grams,
      gender, id_type)
    SELECT g.chain[2], g.id, 'M' || s, 'active', 'x', 'x', 'x', '{}', 'unspecified', 'other'
    FROM generate_series(1, ${MEMBERS}) s JOIN g ON g.i = 1 + (s % ${groups})`.execute(db);
  const blob = randomBytes(64);
  // more injuries in the first 40 groups, so the early-warning list has something to find
  await sql`
    INSERT INTO cases (ref, union_id, origin_org_id, org_id, org_chain, type_key, state, title, details_enc,
      anonymous, submitter_bidx, body_part, location, severity, created_at, updated_at, first_response_at,
      resolved_at, closed_at, fr_budget_ms, res_budget_ms, remind_share, satisfaction, fr_breached_at)
    SELECT 'Q' || s, g.chain[2], g.id, g.id, g.chain,
      (ARRAY['suggestion','demand','grievance','labour_dispute','injury'])[1 + (s % 5)],
      CASE WHEN s % 10 < 7 THEN 'closed' WHEN s % 10 = 7 THEN 'submitted' ELSE 'in_progress' END,
      '基准事项', ${blob}, s % 7 = 0, md5((s % 400000)::text),
      (ARRAY['hand','back','eye','leg','arm'])[1 + (s % 5)], '工位' || (s % 50), 'minor',
      c.at, c.at, c.at + interval '6 hours', CASE WHEN s % 10 < 7 THEN c.at + interval '5 days' END,
      CASE WHEN s % 10 < 7 THEN c.at + interval '6 days' END, 86400000, 604800000, 0.75,
      CASE WHEN s % 10 < 7 THEN 1 + s % 5 END, CASE WHEN s % 23 = 0 THEN c.at + interval '1 day' END
    FROM generate_series(1, ${CASES}) s
    CROSS JOIN LATERAL (SELECT now() - (s % 730) * interval '1 day' - (s % 1440) * interval '1 minute' AS at) c
    JOIN g ON g.i = 1 + CASE WHEN s % 5 = 4 AND s % 3 = 0 THEN s % 40 ELSE s % ${groups} END`.execute(db);
  await sql`ANALYZE`.execute(db);
  say(
    `seeded ${groups} groups (+1,011 higher nodes), ${MEMBERS} members, ${CASES} cases in ${((performance.now() - t) / 1000).toFixed(0)} s`,
  );
}

async function officer(orgId: string, username: string): Promise<Actor> {
  const repo = identityRepoForSeeding(db);
  const u = await repo.insertUser({
    username,
    display_name: username,
    email: null,
    org_id: orgId,
    password_hash: 'x',
  });
  await repo.insertGrant({ user_id: u.id, role_key: 'chair', org_id: orgId, created_by: null });
  return {
    userId: u.id,
    username,
    displayName: username,
    orgId,
    sessionIdHash: 'x',
    mfaEnabled: true,
    mfaPassed: true,
    isOfficer: true,
    reauthAt: null,
    ip: '127.0.0.1',
  };
}

/** p95 of `RUNS` calls; with a baseline p95, also the ratio baseline / this. */
async function time(label: string, goalMs: number | null, fn: () => Promise<unknown>, baseline?: number) {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const p = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(1);
  const p95 = Number(p(0.95));
  const goal = goalMs === null ? '' : ` (goal < ${goalMs} ms: ${p95 < goalMs ? 'met' : 'NOT met'})`;
  const ratio = baseline ? `, ${(baseline / p95).toFixed(1)}x faster than the live query` : '';
  say(`${label}: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms${goal}${ratio}`);
  return p95;
}

try {
  if (exists) {
    await migrateToLatest(db);
    await sql`ANALYZE`.execute(db);
    say(`reusing the seeded database ${name}`);
  } else await seed();
  const deps = { db, pool, clock: { now: () => new Date() } } as unknown as Deps;
  // the head-count snapshot, as the cases-member-counts job keeps it (every 10 minutes)
  const snap = performance.now();
  await refreshMemberCounts(deps);
  say(`member head-count snapshot refreshed in ${(performance.now() - snap).toFixed(0)} ms`);
  const union = (
    await sql<{ id: string }>`SELECT id FROM orgs WHERE depth = 1 ORDER BY name LIMIT 1`.execute(db)
  ).rows[0]!.id;
  const branch = (
    await sql<{ id: string }>`SELECT id FROM orgs WHERE parent_id = ${union} ORDER BY name LIMIT 1`.execute(
      db,
    )
  ).rows[0]!.id;
  const rootId = (await sql<{ id: string }>`SELECT id FROM orgs WHERE depth = 0`.execute(db)).rows[0]!.id;
  // BENCH_CALLERS=federation (a comma list of branch, union, federation) times only those callers
  const only = process.env.BENCH_CALLERS?.split(',');
  for (const [who, orgId] of [
    ['branch officer', branch],
    ['union officer', union],
    ['federation officer', rootId],
  ] as const) {
    if (only && !only.some((o) => who.startsWith(o))) continue;
    const actor = await officer(orgId, `${who.replace(' ', '_')}_${process.pid}`);
    const q = { open: true, page: 1, pageSize: 50 };
    // baselines in the same run: the page plus an exact count, and the aggregates over the cases table
    const liveList = await time(`${who}: [live] list page + exact count`, null, () =>
      Promise.all([
        listCases(deps, actor, q),
        handlerFilter(deps, actor, q).then((f) => casesRepo(db).countForHandler(f)),
      ]),
    );
    await time(`${who}: handler list (open, page 1)`, 50, () => listCases(deps, actor, q), liveList);
    const first = await listCases(deps, actor, q);
    if (first.nextCursor)
      await time(`${who}: handler list (open, next page by cursor)`, 50, () =>
        listCases(deps, actor, { ...q, cursor: first.nextCursor! }),
      );
    const liveDash = await time(`${who}: [live] dashboard (12 months)`, null, () =>
      dashboard(deps, actor, {}, 'live'),
    );
    await time(`${who}: dashboard (12 months)`, 200, () => dashboard(deps, actor, {}), liveDash);
    const liveHot = await time(`${who}: [live] hotspots by unit (90 days)`, null, () =>
      hotspots(deps, actor, { typeKey: 'injury' }, 'live'),
    );
    await time(
      `${who}: hotspots by unit (90 days)`,
      200,
      () => hotspots(deps, actor, { typeKey: 'injury' }),
      liveHot,
    );
    // the rollups must give the live answer
    const [a, b] = [await dashboard(deps, actor, {}), await dashboard(deps, actor, {}, 'live')];
    const [h1, h2] = [
      await hotspots(deps, actor, { typeKey: 'injury' }),
      await hotspots(deps, actor, { typeKey: 'injury' }, 'live'),
    ];
    const same =
      JSON.stringify({ ...a, asOf: 0 }) === JSON.stringify({ ...b, asOf: 0 }) &&
      JSON.stringify({ ...h1, asOf: 0 }) === JSON.stringify({ ...h2, asOf: 0 });
    say(`${who}: rollup answers equal the live ones: ${same}`);
  }
} finally {
  await db.destroy();
  if (!KEEP) await admin.pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  await admin.db.destroy();
  await server?.stop();
}
