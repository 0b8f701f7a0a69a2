#!/usr/bin/env node
// Foundation benchmark (`npm run bench`; not run in CI). In one run, on this machine:
//   (a) cold first start: spawn the server on an empty data directory until /api/ready answers
//       (includes initialising the embedded PostgreSQL and migrating);
//   (b) warm start: SIGTERM, start again on the same data directory, time to ready (goal < 3 s);
//   (c) setup + MFA for the administrator through the API, then a plain member who logs in;
//   (d) autocannon, 32 connections, 2 s warm-up + 10 s: authenticated GET /api/me against a bare
//       Fastify hello world measured in the same run (goal: ratio >= 0.25, p99 of /api/me < 25 ms).
// Diagnostics: /api/health on the same server (framework and plugins, no database), database
// transactions per /api/me, and with `--profile` a CPU profile of the server under /api/me load.
//
//   npm run bench                     build if needed, measure, print the table and the verdicts
//   npm run bench -- --profile        also profile /api/me (node --cpu-prof) and list the hot spots
//   BENCH_DURATION=20 npm run bench   seconds per measurement (default 10)
//   BENCH_SKIP_BUILD=1 npm run bench  use the existing apps/server/dist
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  Client,
  freePort,
  killAll,
  serverGcFlags,
  sleep,
  startChild,
  totp,
  treeCpuMs,
  waitReady,
} from './lib.mjs';
import { loadProfile, summariseProfile } from './profile.mjs';

const root = path.resolve(import.meta.dirname, '..');
const say = (m) => process.stdout.write(`[bench] ${m}\n`);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = 2;
const CONNECTIONS = 32;
const PROFILE = process.argv.includes('--profile');
// The config accepts at most 1,000,000 per minute; that is far above what one process can serve here.
const RATE_LIMIT = '1000000';
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'warn';
const WATCHDOG_MS = 10 * 60_000;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'unionhall-bench-'));
chmodSync(tmp, 0o755); // embedded PostgreSQL runs as an unprivileged user when we are root
const dataDir = path.join(tmp, 'data');

function cleanup() {
  killAll();
  rmSync(tmp, { recursive: true, force: true });
}
const watchdog = setTimeout(() => {
  say(`gave up after ${WATCHDOG_MS / 60_000} min`);
  cleanup();
  process.exit(2);
}, WATCHDOG_MS);
process.on('uncaughtException', (err) => {
  say(`FAILED: ${err.stack ?? err}`);
  cleanup();
  process.exit(1);
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });
}

function build() {
  if (process.env.BENCH_SKIP_BUILD === '1' && existsSync(path.join(root, 'apps/server/dist/main.js'))) return;
  say('building the server (node scripts/build.mjs)...');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    if (!existsSync(path.join(root, 'apps/server/dist/main.js'))) throw new Error('the build failed');
    say(`WARNING: the build failed (exit ${r.status}); measuring the last server build in apps/server/dist`);
  }
}

function startServer(port, pgPort, nodeArgs = []) {
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_ORIGIN: `http://localhost:${port}`,
    UNIONHALL_DATA_DIR: dataDir,
    UNIONHALL_EMBEDDED_PG_PORT: String(pgPort),
    RATE_LIMIT_PER_MINUTE: RATE_LIMIT,
    LOG_LEVEL,
  };
  for (const k of [
    'DATABASE_URL',
    'REDIS_URL',
    'UNIONHALL_MASTER_KEY',
    'UNIONHALL_MASTER_KEY_FILE',
    'UNIONHALL_DEMO',
  ]) {
    delete env[k];
  }
  const t0 = performance.now();
  const proc = startChild([...nodeArgs, ...serverGcFlags(), path.join(root, 'apps/server/dist/main.js')], {
    env,
    cwd: root,
  });
  const alive = () => proc.child.exitCode === null && proc.child.signalCode === null;
  const ready = waitReady(`http://127.0.0.1:${port}/api/ready`, t0, 180_000, alive).catch((err) => {
    throw new Error(`${err.message}\n${proc.output().slice(-3000)}`);
  });
  return { proc, ready };
}

/** autocannon: warm-up, then the measured run; `pid`'s process tree is charged the CPU time it used. */
async function load(title, url, pid, headers = {}) {
  const opts = { url, connections: CONNECTIONS, headers, timeout: 10 };
  await autocannon({ ...opts, duration: WARMUP });
  const cpu0 = treeCpuMs(pid);
  const r = await autocannon({ ...opts, duration: DURATION });
  const cpu1 = treeCpuMs(pid);
  const cpuPerReq = (cpu1.tree - cpu0.tree) / r.requests.total;
  const nodeCpuPerReq = (cpu1.self - cpu0.self) / r.requests.total;
  const bad = r.non2xx + r.errors + r.timeouts;
  say(
    `${title}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ` +
      `${(cpuPerReq * 1000).toFixed(0)} µs CPU per request (${(nodeCpuPerReq * 1000).toFixed(0)} µs in Node)` +
      (bad ? ` — ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts` : ''),
  );
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bad, cpuPerReq, nodeCpuPerReq };
}

/** Completes setup, enrols the administrator's MFA, creates a plain member and signs them in. */
async function prepareAccounts(base, setupToken) {
  const admin = new Client(base);
  await admin.call('POST', '/api/setup', {
    token: setupToken,
    orgName: '基准测试基层工会',
    orgKind: 'grassroots',
    username: 'bench.admin',
    displayName: 'Bench Admin',
    email: 'bench.admin@example.org',
    password: 'Quiet-Harbor-Lantern-8841',
  });
  const { secret } = await admin.call('POST', '/api/auth/mfa/enroll');
  await admin.call('POST', '/api/auth/mfa/activate', { code: (await totp(secret)).code });
  const orgs = await admin.call('GET', '/api/orgs');
  const rootOrg = orgs.items.find((o) => o.parentId === null);
  await admin.call('POST', '/api/users', {
    username: 'bench.member',
    displayName: '测试会员',
    email: 'bench.member@example.org',
    orgId: rootOrg.id,
    password: 'Silver-Meadow-Copper-5527',
  });
  const member = new Client(base);
  const login = await member.call('POST', '/api/auth/login', {
    username: 'bench.member',
    password: 'Silver-Meadow-Copper-5527',
  });
  if (login.status !== 'ok') throw new Error(`member login answered ${login.status}`);
  const me = await member.call('GET', '/api/me');
  if (me.user.username !== 'bench.member') throw new Error('GET /api/me did not return the member');
  return member.cookieHeader();
}

/**
 * Database work behind one /api/me, requests sent one at a time: transactions (each statement outside
 * an explicit transaction counts one), new PostgreSQL sessions (connection churn) and CPU time.
 */
async function dbWorkPerRequest(base, cookie, pgPort, serverPid) {
  const pw = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  const pool = new pg.Pool({
    connectionString: `postgres://unionhall:${encodeURIComponent(pw)}@127.0.0.1:${pgPort}/unionhall`,
    max: 1,
  });
  pool.on('error', () => {}); // the server may stop PostgreSQL while an idle client is still closing
  const stats = async () => {
    // Idle backends flush their statistics within about 10 s (PGSTAT_IDLE_INTERVAL).
    await sleep(11_000);
    const { rows } = await pool.query(
      "SELECT xact_commit::bigint AS c, sessions::bigint AS s FROM pg_stat_database WHERE datname = 'unionhall'",
    );
    return { commits: Number(rows[0].c), sessions: Number(rows[0].s) };
  };
  try {
    const n = 300;
    const before = await stats();
    const cpu0 = treeCpuMs(serverPid);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${base}/api/me`, { headers: { cookie } });
      await res.arrayBuffer();
    }
    const serialMs = (performance.now() - t0) / n;
    const cpu1 = treeCpuMs(serverPid);
    const after = await stats();
    return {
      // Our own two statistics queries also commit.
      perRequest: (after.commits - before.commits - 2) / n,
      newSessions: after.sessions - before.sessions,
      serialMs,
      nodeUs: ((cpu1.self - cpu0.self) * 1000) / n,
      pgUs: ((cpu1.tree - cpu1.self - (cpu0.tree - cpu0.self)) * 1000) / n,
    };
  } finally {
    await pool.end();
  }
}

const us = (r) => `${(r.cpuPerReq * 1000).toFixed(0)} µs`;
const fmt = (n, d = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: d }) : '—';

async function main() {
  build();
  const port = await freePort();
  const pgPort = await freePort([port]);
  const helloPort = await freePort([port, pgPort]);
  const base = `http://127.0.0.1:${port}`;
  say(
    `${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, node ${process.version}`,
  );
  say(`server on ${port}, embedded PostgreSQL on ${pgPort}, hello world on ${helloPort}; data in ${dataDir}`);
  say(
    `server settings: RATE_LIMIT_PER_MINUTE=${RATE_LIMIT} (so the limiter never answers 429), LOG_LEVEL=${LOG_LEVEL}`,
  );

  say('(a) cold first start on an empty data directory...');
  let s = startServer(port, pgPort);
  const coldMs = await s.ready;
  const coldMain = /started in (\d+) ms/.exec(s.proc.output());
  say(`    ready after ${fmt(coldMs)} ms${coldMain ? ` (main() reported ${coldMain[1]} ms)` : ''}`);
  let stop = await s.proc.stop();
  say(`    stopped with SIGTERM in ${fmt(stop.ms)} ms (exit ${stop.code})`);

  say('(b) warm start on the same data directory...');
  s = startServer(port, pgPort);
  const warmMs = await s.ready;
  const inMain = /started in (\d+) ms/.exec(s.proc.output());
  say(
    `    ready after ${fmt(warmMs)} ms${inMain ? ` (main() reported ${inMain[1]} ms; the rest is loading modules)` : ''}`,
  );
  const link = await s.proc.waitFor(/\/setup#token=([A-Za-z0-9_-]+)/, 10_000);

  say('(c) setup, administrator MFA, a member and their session...');
  const cookie = await prepareAccounts(base, link[1]);

  say(`(d) load: ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s each...`);
  const hello = startChild([path.join(import.meta.dirname, 'hello.mjs'), String(helloPort)], {
    env: process.env,
    cwd: root,
  });
  await hello.waitFor(/listening/, 15_000);
  const helloRes = await load('hello world GET /', `http://127.0.0.1:${helloPort}/`, hello.child.pid);
  await hello.stop();
  const logBefore = s.proc.output().length;
  const meRes = await load('GET /api/me (member session)', `${base}/api/me`, s.proc.child.pid, { cookie });
  const logBytes = s.proc.output().length - logBefore;
  if (logBytes > 0) say(`    the server wrote ${logBytes} bytes of log output during the /api/me load`);
  const healthRes = await load('GET /api/health (no DB, no session)', `${base}/api/health`, s.proc.child.pid);
  const q = await dbWorkPerRequest(base, cookie, pgPort, s.proc.child.pid);
  say(
    `    /api/me one at a time: ${q.serialMs.toFixed(2)} ms each, ${q.perRequest.toFixed(1)} DB transactions, ` +
      `CPU ${q.nodeUs.toFixed(0)} µs Node + ${q.pgUs.toFixed(0)} µs PostgreSQL; ${q.newSessions} new DB sessions in 300 requests`,
  );
  stop = await s.proc.stop();
  say(`    server stopped with SIGTERM in ${fmt(stop.ms)} ms (exit ${stop.code})`);

  let profile;
  if (PROFILE) {
    say('(profile) /api/me under load with node --cpu-prof...');
    const profDir = path.join(tmp, 'prof');
    const spawnedAt = performance.now();
    s = startServer(port, pgPort, ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
    await s.ready;
    const loadFrom = performance.now() - spawnedAt;
    await load('GET /api/me (profiled)', `${base}/api/me`, s.proc.child.pid, { cookie });
    await s.proc.stop();
    const prof = loadProfile(profDir);
    profile = [
      summariseProfile(prof, {
        title: 'CPU profile of a warm start (process start to ready)',
        toMs: loadFrom,
        top: 20,
      }),
      summariseProfile(prof, { title: 'CPU profile of the server under /api/me load', fromMs: loadFrom }),
    ].join('\n\n');
  }

  const ratio = meRes.rps / helloRes.rps;
  const goals = [
    ['warm start', `${fmt(warmMs)} ms`, '< 3000 ms', warmMs < 3000],
    ['/api/me ÷ hello world', ratio.toFixed(3), '>= 0.25', ratio >= 0.25],
    ['/api/me p99 latency', `${fmt(meRes.p99)} ms`, '< 25 ms', meRes.p99 < 25],
  ];
  const rows = [
    ['cold first start (init DB + migrate)', `${fmt(coldMs)} ms`],
    ['warm start', `${fmt(warmMs)} ms`],
    ['hello world (bare Fastify) req/s', fmt(helloRes.rps)],
    ['GET /api/me req/s', fmt(meRes.rps)],
    ['ratio /api/me ÷ hello world', ratio.toFixed(3)],
    ['GET /api/me latency p50 / p99', `${fmt(meRes.p50)} / ${fmt(meRes.p99)} ms`],
    ['CPU per request: hello / /api/me (all processes)', `${us(helloRes)} / ${us(meRes)}`],
    [
      '  /api/me split: Node server / PostgreSQL',
      `${(meRes.nodeCpuPerReq * 1000).toFixed(0)} µs / ${((meRes.cpuPerReq - meRes.nodeCpuPerReq) * 1000).toFixed(0)} µs`,
    ],
    [
      'ratio of CPU cost hello ÷ /api/me (load-independent)',
      (helloRes.cpuPerReq / meRes.cpuPerReq).toFixed(3),
    ],
    ['GET /api/health req/s, CPU per request (diagnostic)', `${fmt(healthRes.rps)}, ${us(healthRes)}`],
    ['DB round trips per /api/me (diagnostic)', q.perRequest.toFixed(1)],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write('\nUnionhall foundation benchmark\n');
  for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(w)}  ${v}\n`);
  if (meRes.bad || helloRes.bad) {
    process.stdout.write(
      `  WARNING: non-2xx/errors during load: /api/me ${meRes.bad}, hello ${helloRes.bad}\n`,
    );
  }
  process.stdout.write('\nGoals\n');
  for (const [k, v, goal, ok] of goals)
    process.stdout.write(`  ${ok ? 'PASS' : 'FAIL'}  ${k}: ${v} (goal ${goal})\n`);
  if (profile) process.stdout.write(`\n${profile}\n`);
  process.stdout.write(
    `\nverdict: ${goals.filter((g) => g[3]).length} of ${goals.length} goals met ` +
      `(${os.cpus().length} CPUs shared by server, PostgreSQL and load generator; RATE_LIMIT_PER_MINUTE=${RATE_LIMIT})\n`,
  );
}

let code = 0;
try {
  await main();
} catch (err) {
  say(`FAILED: ${err.stack ?? err}`);
  code = 1;
}
clearTimeout(watchdog);
cleanup();
process.exit(code);
