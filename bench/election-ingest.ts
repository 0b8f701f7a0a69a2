/**
 * Server ingest of cast ballots with full proof verification (issue 4, not run in CI).
 * Goal: >= 300 ballots/s on this 2-core machine.
 *
 * The real server (apps/server/src/main.ts in a child process, real HTTP over a socket) on a real
 * PostgreSQL (embedded, or DATABASE_URL), a real election: a roll of BENCH_VOTERS members (10,000),
 * one contest "choose at most 1 of 6" (six 0/1 option proofs and a 0..1 range proof per ballot,
 * about 5 KB of JSON), one trustee, the key ceremony done through the API. Untimed: accounts,
 * members and the roll in SQL, sessions inserted in bulk with a fresh authentication (the cast needs
 * one in the last five minutes, E4), BENCH_CAST ballots encrypted in worker threads. Timed:
 * BENCH_CAST ballots cast by BENCH_CAST different voters through POST /api/my/elections/:id/ballot,
 * BENCH_CONCURRENCY at a time (each: session, roll + window in one query, proofs, voted mark +
 * ballot group-committed with concurrent casts in one transaction, notification).
 *
 * Baselines in the same run: a bare Fastify POST of the same bodies at the same concurrency, and
 * proof verification alone in this thread (one ballot at a time, and batched as the server's pool
 * does). CPU time of the server, the database and this client is printed with the wall time: on a
 * machine shared with other work, "ballots per CPU-second x 2 cores" is what an idle machine would do.
 *
 *   flock /tmp/uh-bench.lock npx tsx --conditions=source bench/election-ingest.ts
 *   BENCH_VOTERS=20000 BENCH_CAST=8000 BENCH_CONCURRENCY=64 ... (ELECTION_VERIFY_WORKERS=0: no pool)
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import {
  createTransportKey,
  createTrustee,
  defaultGroup,
  type EncryptedBallot,
  type Manifest,
  type PublicContext,
  verifyBallot,
} from '@unionhall/election-crypto';
import { useNativeHashes, WorkerPool } from '@unionhall/election-crypto/node';
import { sql } from 'kysely';
import { csrfTokenFor, SESSION_COOKIE } from '../apps/server/src/kernel/auth/sessions.js';
import { migrateToLatest } from '../apps/server/src/kernel/db/migrate.js';
import { createDatabase } from '../apps/server/src/kernel/db/pool.js';
import { startTestPostgres } from '../apps/server/src/kernel/testing/embedded-test-server.js';
import { adminUrl, withDatabase } from '../apps/server/src/kernel/testing/urls.js';
import { verifyBatch } from '../apps/server/src/modules/elections/elections.verify-worker.js';
import { syncBuiltinRoles } from '../apps/server/src/modules/identity/index.js';
import { freePort, killAll, serverGcFlags, sleep, startChild, treeCpuMs, waitReady } from './lib.mjs';

const VOTERS = Number(process.env.BENCH_VOTERS ?? 10_000);
const CAST = Math.min(VOTERS - 300, Number(process.env.BENCH_CAST ?? 5_000));
const WARMUP = 300;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const OPTIONS = 6;
// ElectionGuard Java (ELECTIONS.md): about 0.3 s to verify a 6-selection ballot.
const EG_VERIFY_MS_PER_SELECTION = 300 / 6;
const say = (m: string) => process.stdout.write(`[election-ingest] ${m}\n`);
const root = path.resolve(import.meta.dirname, '..');
const tmp = mkdtempSync(path.join(tmpdir(), 'uh-bench-ingest-'));

process.on('exit', () => killAll());
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** CPU ms of the embedded PostgreSQL: its postmaster (found by data directory) and all its backends. */
function cpuOfProcesses(needle: string): number {
  let ms = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes(needle) && cmd.includes('-D')) ms += treeCpuMs(Number(pid)).tree;
    } catch {
      // gone
    }
  }
  return ms;
}

type Shot = { status: number; ms: number; body: string };
const agentFor = (n: number) => new http.Agent({ keepAlive: true, maxSockets: n });

function post(
  agent: http.Agent,
  port: number,
  urlPath: string,
  body: string,
  headers: Record<string, string>,
) {
  return new Promise<Shot>((resolve, reject) => {
    const t = performance.now();
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        path: urlPath,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs shots 0..n-1 with `concurrency` in flight; returns wall ms and per-shot results. */
async function drive(n: number, concurrency: number, shot: (i: number) => Promise<Shot>) {
  const out: Shot[] = new Array(n);
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await shot(i);
      }
    }),
  );
  return { wallMs: performance.now() - t, shots: out };
}

function summary(label: string, r: { wallMs: number; shots: Shot[] }): number {
  const lat = r.shots.map((s) => s.ms).sort((a, b) => a - b);
  const bad = r.shots.filter((s) => s.status !== 200);
  const rate = (r.shots.length / r.wallMs) * 1000;
  say(
    `${label}: ${r.shots.length} requests in ${(r.wallMs / 1000).toFixed(1)} s = ${rate.toFixed(0)}/s, ` +
      `p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms` +
      (bad.length ? `, ${bad.length} NOT 200 (first: ${bad[0]!.status} ${bad[0]!.body.slice(0, 200)})` : ''),
  );
  if (bad.length) throw new Error(`${label}: ${bad.length} failed requests`);
  return rate;
}

say(
  `load average at start: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} (2 cores)`,
);
const pgServer = process.env.DATABASE_URL ? null : await startTestPostgres();
const base = process.env.DATABASE_URL ?? pgServer!.url;
const pgNeedle = pgServer ? `test-pg-run-${process.pid}-` : null;
const dbName = `uh_bench_ingest_${process.pid}`;
const admin = createDatabase(adminUrl(base), 2);
await admin.pool.query(`CREATE DATABASE ${dbName}`);
const dbUrl = withDatabase(adminUrl(base), dbName);
const { db } = createDatabase(dbUrl, 8);
const children: ReturnType<typeof startChild>[] = [];

try {
  // ---- seed: one union, the officer, a trustee and VOTERS members with accounts ----
  let t = performance.now();
  await migrateToLatest(db);
  await syncBuiltinRoles(db);
  const union = (
    await sql<{ id: string }>`
      INSERT INTO orgs (id, parent_id, kind, name, path, depth)
      SELECT id, NULL, 'grassroots', '基准工会', '/' || id || '/', 0 FROM (SELECT gen_random_uuid() AS id) s
      RETURNING id`.execute(db)
  ).rows[0]!.id;
  const mkUser = async (username: string, mfa: boolean) =>
    (
      await sql<{ id: string }>`
        INSERT INTO users (username, display_name, email, org_id, password_hash, mfa_enabled)
        VALUES (${username}, ${username}, ${`${username}@example.org`}, ${union}::uuid, 'x', ${mfa})
        RETURNING id`.execute(db)
    ).rows[0]!.id;
  const officer = await mkUser('ingest_officer', true);
  const trustee = await mkUser('ingest_trustee', false);
  await sql`INSERT INTO grants (user_id, role_key, org_id) VALUES (${officer}::uuid, 'chair', ${union}::uuid)`.execute(
    db,
  );
  const voters = (
    await sql<{ id: string; n: number }>`
      INSERT INTO users (username, display_name, email, org_id, password_hash)
      SELECT 'iv' || s, '会员' || s, 'iv' || s || '@example.org', ${union}::uuid, 'x'
      FROM generate_series(0, ${VOTERS - 1}) s
      RETURNING id, substring(username from 3)::int AS n`.execute(db)
  ).rows.sort((a, b) => a.n - b.n);
  await sql`
    INSERT INTO members (id, union_id, org_id, user_id, member_no, status, name, name_initials, name_pinyin,
                         name_grams, gender, id_type)
    SELECT gen_random_uuid(), ${union}::uuid, ${union}::uuid, u.id, 'B' || u.n, 'active', '会员' || u.n, 'x', 'x',
           '{}', 'unspecified', 'other'
    FROM unnest(${voters.map((v) => v.id)}::uuid[], ${voters.map((v) => v.n)}::int[]) AS u(id, n)`.execute(
    db,
  );
  say(`seeded ${VOTERS} members with accounts in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  /** Sessions inserted in bulk; reauth_at = now, so each is fresh enough to cast for five minutes. */
  const sessions = async (userIds: string[], mfa: boolean) => {
    const tokens = userIds.map(() => randomBytes(32).toString('base64url'));
    const hash = (s: string) => createHash('sha256').update(s).digest('hex');
    await sql`
      INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, mfa_passed, reauth_at, ip, user_agent)
      SELECT h, u, now(), now(), now() + interval '12 hours', ${mfa}, now(), '127.0.0.1', 'bench'
      FROM unnest(${tokens.map(hash)}::text[], ${userIds}::uuid[]) AS x(h, u)`.execute(db);
    return tokens;
  };
  const [officerToken] = await sessions([officer], true);
  const [trusteeToken] = await sessions([trustee], false);

  // ---- the server ----
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  t = performance.now();
  // BENCH_CPU_PROF=DIR writes V8 CPU profiles of the server (main thread and verification workers).
  const prof = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const server = startChild(
    [
      ...prof,
      ...serverGcFlags(),
      '--conditions=source',
      '--import',
      'tsx',
      path.join(root, 'apps/server/src/main.ts'),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_ORIGIN: origin,
        DATABASE_URL: dbUrl,
        UNIONHALL_MASTER_KEY: '07'.repeat(32),
        UNIONHALL_DATA_DIR: path.join(tmp, 'data'),
        RATE_LIMIT_PER_MINUTE: '1000000',
        MAX_EVENT_LOOP_LAG_MS: '600000',
        MAX_IN_FLIGHT: '100000',
        LOG_LEVEL: 'warn',
      },
    },
  );
  children.push(server);
  await waitReady(`${origin}/api/ready`, t, 180_000, () => server.child.exitCode === null).catch(
    (err: Error) => {
      throw new Error(`${err.message}\n${server.output().slice(-3000)}`);
    },
  );
  say(`server ready on port ${port} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const agent = agentFor(CONCURRENCY);
  const headersFor = (token: string) => ({
    cookie: `${SESSION_COOKIE}=${token}`,
    origin,
    'x-csrf-token': csrfTokenFor(token),
  });
  const api = async <T>(token: string, method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${origin}${url}`, {
      method,
      headers: { ...headersFor(token), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} -> ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  };

  // ---- a real election through the API: define, announce (roll frozen), key ceremony ----
  const opensAt = new Date(Date.now() + 15_000);
  const created = await api<{ id: string }>(officerToken!, 'POST', '/api/elections', {
    orgId: union,
    title: '基准选举',
    profile: 'custom',
    rules: { noticeDays: 0 },
    opensAt: opensAt.toISOString(),
    closesAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
    trusteeUserIds: [trustee],
    threshold: 1,
    contests: [
      {
        id: 'chair',
        kind: 'single',
        title: '主席',
        candidates: Array.from({ length: OPTIONS }, (_, i) => ({ id: `c${i}`, name: `候选人${i}` })),
      },
    ],
  });
  const id = created.id;
  const announced = await api<{ eligibleVoters: number }>(
    officerToken!,
    'POST',
    `/api/elections/${id}/announce`,
    {},
  );
  if (announced.eligibleVoters !== VOTERS) throw new Error(`roll ${announced.eligibleVoters} != ${VOTERS}`);
  const tv = await api<{ manifest: Manifest; manifestHash: string }>(
    trusteeToken!,
    'GET',
    `/api/trustee/elections/${id}`,
  );
  const tr = createTrustee(defaultGroup(), {
    index: 1,
    trustees: 1,
    threshold: 1,
    manifestHash: tv.manifestHash,
  });
  await api(trusteeToken!, 'POST', `/api/trustee/elections/${id}/keys`, {
    public: tr.public,
    transportKey: createTransportKey().public,
  });
  await api(trusteeToken!, 'POST', `/api/trustee/elections/${id}/shares`, { shares: [] });
  const ready = await api<{ manifest: Manifest; parameters: PublicContext }>(
    trusteeToken!,
    'GET',
    `/api/trustee/elections/${id}`,
  );
  const manifest = ready.manifest;
  const params = (
    await api<{ parameters: PublicContext & { parameter_hash: string } }>(
      officerToken!,
      'GET',
      `/api/elections/${id}`,
    )
  ).parameters;
  say(`election ${id}: roll ${VOTERS}, 1 contest choose 0..1 of ${OPTIONS}, ready`);

  // ---- ballots, encrypted in worker threads (not timed) ----
  t = performance.now();
  useNativeHashes();
  const total = WARMUP + CAST;
  const encPool = new WorkerPool(2);
  const parts: Promise<{ ballots: EncryptedBallot[] }>[] = [];
  for (let s = 0; s < total; s += 500)
    parts.push(
      encPool.run({
        type: 'simulate',
        manifest,
        context: params,
        seed: undefined,
        start: s,
        end: Math.min(total, s + 500),
      }),
    );
  const ballots = (await Promise.all(parts)).flatMap((p) => p.ballots);
  await encPool.close();
  const bodies = ballots.map((b) => JSON.stringify({ ballot: b }));
  say(
    `${total} ballots encrypted in ${((performance.now() - t) / 1000).toFixed(1)} s; body ${bodies[0]!.length} bytes`,
  );

  // ---- baseline 1: verification alone in this thread ----
  const sample = ballots.slice(0, 300);
  const g = defaultGroup();
  verifyBallot(manifest, params, sample[0]!, { group: g });
  let c0 = process.cpuUsage();
  for (const b of sample)
    if (!verifyBallot(manifest, params, b, { group: g }).ok) throw new Error('bad ballot');
  let c1 = process.cpuUsage(c0);
  const singleCpuMs = (c1.user + c1.system) / 1000 / sample.length;
  c0 = process.cpuUsage();
  for (let i = 0; i < sample.length; i += 32)
    if (verifyBatch(manifest, params as never, sample.slice(i, i + 32)).some((p) => p !== null))
      throw new Error('bad batch');
  c1 = process.cpuUsage(c0);
  const batchCpuMs = (c1.user + c1.system) / 1000 / sample.length;
  say(
    `verification alone, one thread (CPU time): one at a time ${singleCpuMs.toFixed(2)} ms/ballot ` +
      `(${(1000 / singleCpuMs).toFixed(0)}/s per core), batches of 32 ${batchCpuMs.toFixed(2)} ms/ballot ` +
      `(${(1000 / batchCpuMs).toFixed(0)}/s per core)`,
  );

  // ---- baseline 2: a bare Fastify POST of the same bodies ----
  const barePort = await freePort([port]);
  const bare = startChild(
    [
      '--input-type=module',
      '-e',
      `import Fastify from 'fastify';
       const app = Fastify({ bodyLimit: 1048576 });
       app.post('/b', async (req) => ({ trackingCode: req.body.ballot.tracking_code }));
       await app.listen({ port: ${barePort}, host: '127.0.0.1' });
       console.log('bare ready');`,
    ],
    { env: process.env, cwd: path.join(root, 'apps/server') },
  );
  children.push(bare);
  await bare.waitFor(/bare ready/, 30_000);
  const bareAgent = agentFor(CONCURRENCY);
  await drive(WARMUP, CONCURRENCY, (i) => post(bareAgent, barePort, '/b', bodies[i]!, {}));
  const bareRun = await drive(CAST, CONCURRENCY, (i) =>
    post(bareAgent, barePort, '/b', bodies[WARMUP + i]!, {}),
  );
  const bareRate = summary('baseline: bare Fastify POST, same bodies and concurrency', bareRun);
  await bare.stop();
  bareAgent.destroy();

  // ---- the real cast path ----
  const wait = opensAt.getTime() - Date.now() + 500;
  if (wait > 0) await sleep(wait);
  const castUrl = `/api/my/elections/${id}/ballot`;
  const tokens = await sessions(
    voters.slice(0, total).map((v) => v.id),
    false,
  );
  const castShot = (i: number) => post(agent, port, castUrl, bodies[i]!, headersFor(tokens[i]!));
  summary('warm-up casts (not counted)', await drive(WARMUP, CONCURRENCY, castShot));
  const cpu0 = {
    server: treeCpuMs(server.child.pid!).tree,
    pg: pgNeedle ? cpuOfProcesses(pgNeedle) : 0,
    me: process.cpuUsage(),
  };
  const run = await drive(CAST, CONCURRENCY, (i) => castShot(WARMUP + i));
  const serverCpu = treeCpuMs(server.child.pid!).tree - cpu0.server;
  const pgCpu = pgNeedle ? cpuOfProcesses(pgNeedle) - cpu0.pg : Number.NaN;
  const meCpu = process.cpuUsage(cpu0.me);
  const clientCpu = (meCpu.user + meCpu.system) / 1000;
  const rate = summary(`cast with full verification, ${CONCURRENCY} in flight`, run);
  const counted = await sql<{
    n: string;
  }>`SELECT count(*) AS n FROM election_ballots WHERE election_id = ${id}::uuid`.execute(db);
  const marks = await sql<{
    n: string;
  }>`SELECT count(*) AS n FROM election_votes_cast WHERE election_id = ${id}::uuid`.execute(db);
  if (Number(counted.rows[0]!.n) !== total || Number(marks.rows[0]!.n) !== total)
    throw new Error(`stored ${counted.rows[0]!.n} ballots, ${marks.rows[0]!.n} marks; expected ${total}`);
  say(`stored: ${total} ballots and ${total} voted marks (warm-up included), as expected`);

  const cpuAll = serverCpu + (Number.isNaN(pgCpu) ? 0 : pgCpu) + clientCpu;
  say(
    `CPU during the timed casts: server ${(serverCpu / 1000).toFixed(1)} s (${(serverCpu / CAST).toFixed(2)} ms/ballot), ` +
      `PostgreSQL ${Number.isNaN(pgCpu) ? 'not measured (DATABASE_URL)' : `${(pgCpu / 1000).toFixed(1)} s (${(pgCpu / CAST).toFixed(2)} ms/ballot)`}, ` +
      `bench client ${(clientCpu / 1000).toFixed(1)} s`,
  );
  const idleRate = (CAST / cpuAll) * 1000 * 2;
  say(
    `=> on an idle 2-core machine (all CPU above / 2 cores): about ${idleRate.toFixed(0)} ballots/s; ` +
      `wall-clock here ${rate.toFixed(0)} ballots/s (load average ${loadavg()[0]!.toFixed(1)})`,
  );
  say(
    `goal >= 300 ballots/s: wall ${rate >= 300 ? 'met' : 'MISSED'}, idle-machine estimate ${idleRate >= 300 ? 'met' : 'MISSED'}`,
  );
  say(`ratio cast / bare Fastify POST (wall): ${(rate / bareRate).toFixed(2)}`);
  const perSelServer = 1000 / rate / OPTIONS;
  say(
    `vs ElectionGuard Java (~0.3 s to verify a 6-selection ballot, ${EG_VERIFY_MS_PER_SELECTION} ms per selection): ` +
      `server ingest ${(EG_VERIFY_MS_PER_SELECTION / perSelServer).toFixed(0)}x per selection (wall, whole cast path), ` +
      `verification alone ${(EG_VERIFY_MS_PER_SELECTION / (singleCpuMs / OPTIONS)).toFixed(0)}x one at a time and ` +
      `${(EG_VERIFY_MS_PER_SELECTION / (batchCpuMs / OPTIONS)).toFixed(0)}x batched, per core`,
  );
  agent.destroy();
} finally {
  for (const c of children) await c.stop().catch(() => undefined);
  killAll();
  await db.destroy();
  await admin.pool.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
  await admin.db.destroy();
  await pgServer?.stop();
  rmSync(tmp, { recursive: true, force: true });
  say(
    `load average at end: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}
