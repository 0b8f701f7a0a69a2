/**
 * Chat over WebSocket at scale (not run in CI): two server processes on one PostgreSQL, BENCH_CLIENTS
 * sockets (2,000) in BENCH_GROUPS custom groups (200, so 10 members each), half of every group on each
 * process, sending BENCH_RATE messages per second in total (2,000) for BENCH_SECONDS. Each message goes
 * through the real path (socket `send` -> chat.service -> PostgreSQL insert under the room lock ->
 * NOTIFY -> both processes -> the members' sockets); its delivery latency is measured at every other
 * member of the group (sender's timestamp in the body, one clock), after BENCH_WARMUP seconds (3) at
 * the same rate that are not counted. Goal: p99 < 100 ms.
 * Baseline in the same run: a bare `ws` server that relays each message to the other members of its
 * group in memory (no auth, no database, no pub/sub), with the same clients and rate.
 * Accounts are seeded in SQL and signed in with the identity module's session function
 * (kernel/auth/sessions.ts createSession), not through the login route.
 *
 *   npx tsx --conditions=source bench/comms-ws.ts
 *   BENCH_RATE=500 BENCH_SECONDS=10 npx tsx --conditions=source bench/comms-ws.ts
 *   BENCH_CPU_PROF=/tmp/prof ...   (server CPU profiles; the driver: node --cpu-prof --import tsx ...)
 *   BENCH_SERVER_GC=parallel ...   (servers with V8's parallel GC helpers instead of --single-threaded-gc)
 *
 * Each result line ends with where the CPU went during the run (driver, servers, PostgreSQL), from
 * /proc: on a small machine the load generator competes with what it measures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { WebSocket } from 'ws';
import { createSession, SESSION_COOKIE } from '../apps/server/src/kernel/auth/sessions.js';
import { migrateToLatest } from '../apps/server/src/kernel/db/migrate.js';
import { createDatabase } from '../apps/server/src/kernel/db/pool.js';
import { startTestPostgres } from '../apps/server/src/kernel/testing/embedded-test-server.js';
import { adminUrl, withDatabase } from '../apps/server/src/kernel/testing/urls.js';
import { syncBuiltinRoles } from '../apps/server/src/modules/identity/index.js';
import { freePort, killAll, serverGcFlags, sleep, startChild, treeCpuMs, waitReady } from './lib.mjs';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 2000);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/**
 * Seconds at the full rate before the measured window (not counted): JIT, connection pools and
 * prepared statements warm up, as on a server that has been running. Same for the baseline.
 */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
/** The servers' GC flags, as `npm start` (BENCH_SERVER_GC=parallel: V8's default). */
const SERVER_GC_FLAGS = serverGcFlags();
/** BENCH_CPU_PROF=<dir>: the server processes write V8 CPU profiles there (node --cpu-prof). */
const PROFILE_DIR = process.env.BENCH_CPU_PROF;
const say = (m: string) => process.stdout.write(`[comms-ws] ${m}\n`);
const root = path.resolve(import.meta.dirname, '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'uh-bench-ws-'));

process.on('exit', () => killAll());
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });

/** Plain sockets: no compression, no UTF-8 check of incoming frames (the driver only scans ASCII). */
const WS_OPTIONS = { perMessageDeflate: false, skipUTF8Validation: true } as const;

type Peer = { ws: WebSocket; userId: string; roomId: string; group: number };
type Result = {
  sent: number;
  delivered: number;
  expected: number;
  lat: number[];
  /** send -> ack at the sender (unionhall only: the commit path without the fan-out). */
  acks: number[];
  errors: number;
  cpu: string;
};

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(r: Result): string {
  const s = [...r.lat].sort((a, b) => a - b);
  const a = [...r.acks].sort((x, y) => x - y);
  const lost = r.expected - r.delivered;
  return (
    `${r.sent} messages, ${r.delivered}/${r.expected} deliveries${lost ? ` (${lost} missing)` : ''}, ` +
    `p50 ${pct(s, 50).toFixed(1)} ms, p95 ${pct(s, 95).toFixed(1)} ms, p99 ${pct(s, 99).toFixed(1)} ms, ` +
    `max ${s.length ? s.at(-1)!.toFixed(0) : '-'} ms${r.errors ? `, ${r.errors} errors` : ''}` +
    (a.length ? `; acks p50 ${pct(a, 50).toFixed(1)} ms, p99 ${pct(a, 99).toFixed(1)} ms` : '') +
    `; ${r.cpu}`
  );
}

/** Opens `n` sockets with bounded concurrency. */
async function openAll<T>(n: number, open: (i: number) => Promise<T>, concurrency = 50): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await open(i);
      }
    }),
  );
  return out;
}

/** CPU ms of every part of the run: this driver, the server processes, the rest (PostgreSQL). */
function cpuSnapshot(pids: number[]): { driver: number; servers: number; total: number } {
  const all = treeCpuMs(process.pid);
  return { driver: all.self, servers: pids.reduce((a, p) => a + treeCpuMs(p).tree, 0), total: all.tree };
}

function cpuSummary(
  a: ReturnType<typeof cpuSnapshot>,
  b: ReturnType<typeof cpuSnapshot>,
  ms: number,
): string {
  const driver = b.driver - a.driver;
  const servers = b.servers - a.servers;
  const rest = b.total - a.total - driver - servers;
  const pct = (x: number) => `${((x / ms) * 100).toFixed(0)}%`;
  return `CPU (of one core): driver ${pct(driver)}, server processes ${pct(servers)}, PostgreSQL ${pct(rest)}`;
}

// Frames are scanned, not parsed: the driver must stay cheap next to the servers on a small machine.
const BODY = Buffer.from('"body":"');
const ERROR = Buffer.from('{"type":"error"');
const ACK = Buffer.from('{"type":"ack","clientId":"b');

/**
 * Drives the load: every client sends at RATE / CLIENTS per second, staggered over the second; every
 * receipt by another member of the group records now - sent-at. A body is `<sent-at ms>|<sender>`.
 */
async function drive(
  peers: Peer[],
  send: (p: Peer, body: string, n: number) => void,
  pids: number[],
): Promise<Result> {
  const r: Result = { sent: 0, delivered: 0, expected: 0, lat: [], acks: [], errors: 0, cpu: '' };
  const sentAt: number[] = [];
  const perGroup = new Map<number, number>();
  for (const p of peers) perGroup.set(p.group, (perGroup.get(p.group) ?? 0) + 1);
  let measuring = false;
  /** Wall-clock ms from which sends are measured (after the warm-up). */
  let measureFrom = Number.POSITIVE_INFINITY;
  const clock = () => performance.timeOrigin + performance.now();
  for (const [index, p] of peers.entries())
    p.ws.on('message', (d: Buffer) => {
      if (d.subarray(0, ERROR.length).equals(ERROR)) return void r.errors++;
      if (!measuring) return;
      if (d.subarray(0, ACK.length).equals(ACK)) {
        const n = Number(d.toString('latin1', ACK.length, d.indexOf(34, ACK.length)));
        if (sentAt[n] !== undefined && sentAt[n] >= measureFrom) r.acks.push(clock() - sentAt[n]);
        return;
      }
      const at = d.indexOf(BODY);
      if (at < 0) return;
      const bar = d.indexOf(124, at); // '|'
      const quote = d.indexOf(34, bar); // '"'
      if (bar < 0 || quote < 0) return;
      if (Number(d.toString('latin1', bar + 1, quote)) === index) return;
      const sent = Number(d.toString('latin1', at + BODY.length, bar));
      if (sent < measureFrom) return;
      r.delivered++;
      r.lat.push(clock() - sent);
    });
  const interval = 1000 / (RATE / peers.length); // per client
  const start = performance.now() + 200;
  const measureAt = start + WARMUP * 1000;
  const stopAt = measureAt + SECONDS * 1000;
  let n = 0;
  // a tick every 5 ms sends what is due (setInterval per socket would be 2,000 timers)
  const order = peers.map((p, i) => ({ p, i, due: start + (i / peers.length) * interval }));
  measuring = true;
  let mono0 = 0n; // the clock of V8 CPU profiles (µs)
  let cpu0 = cpuSnapshot(pids);
  let t0 = performance.now();
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const now = performance.now();
      if (now >= stopAt) {
        clearInterval(tick);
        resolve();
        return;
      }
      if (measureFrom === Number.POSITIVE_INFINITY && now >= measureAt) {
        measureFrom = clock();
        mono0 = process.hrtime.bigint() / 1000n;
        cpu0 = cpuSnapshot(pids);
        t0 = now;
      }
      for (const o of order)
        while (o.due <= now && o.due < stopAt) {
          const at = clock();
          sentAt[n] = at;
          send(o.p, `${at.toFixed(2)}|${o.i}`, n++);
          if (at >= measureFrom) {
            r.sent++;
            r.expected += (perGroup.get(o.p.group) ?? 1) - 1;
          }
          o.due += interval;
        }
    }, 5);
  });
  await sleep(3000); // stragglers
  r.cpu = cpuSummary(cpu0, cpuSnapshot(pids), performance.now() - t0);
  if (PROFILE_DIR) say(`profile window (monotonic µs): ${mono0} ${process.hrtime.bigint() / 1000n}`);
  measuring = false;
  return r;
}

const server = await startTestPostgres();
const dbName = `uh_bench_ws_${process.pid}`;
const admin = createDatabase(adminUrl(server.url), 2);
await admin.pool.query(`CREATE DATABASE ${dbName}`);
const dbUrl = withDatabase(adminUrl(server.url), dbName);
const { db } = createDatabase(dbUrl, 8);
const children: Array<{ stop: () => Promise<unknown> }> = [];

try {
  await migrateToLatest(db);
  await syncBuiltinRoles(db);
  let t = performance.now();
  const org = (
    await sql<{ id: string }>`
      INSERT INTO orgs (id, parent_id, kind, name, path, depth)
      SELECT id, NULL, 'grassroots', '基准工会', '/' || id || '/', 0 FROM (SELECT gen_random_uuid() AS id) s
      RETURNING id`.execute(db)
  ).rows[0]!.id;
  const users = (
    await sql<{ id: string; n: number }>`
      INSERT INTO users (username, display_name, email, org_id, password_hash)
      SELECT 'ws' || s, '会员' || s, 'ws' || s || '@example.org', ${org}::uuid, 'x'
      FROM generate_series(0, ${CLIENTS - 1}) s
      RETURNING id, substring(username from 3)::int AS n`.execute(db)
  ).rows.sort((a, b) => a.n - b.n);
  const rooms = (
    await sql<{ id: string }>`
      INSERT INTO chat_rooms (kind, name) SELECT 'custom', '群' || g FROM generate_series(0, ${GROUPS - 1}) g
      RETURNING id`.execute(db)
  ).rows.map((r) => r.id);
  const groupOf = (i: number) => i % GROUPS;
  await sql`
    INSERT INTO chat_members (room_id, user_id)
    SELECT (${rooms}::uuid[])[1 + (u.n % ${GROUPS})], u.id
    FROM unnest(${users.map((u) => u.id)}::uuid[], ${users.map((u) => u.n)}::int[]) AS u(id, n)`.execute(db);
  const policy = { idleMs: 8 * 3600_000, absoluteMs: 24 * 3600_000 };
  const tokens = await openAll(
    users.length,
    (i) =>
      createSession(db, {
        userId: users[i]!.id,
        mfaPassed: true,
        ip: '127.0.0.1',
        userAgent: 'bench',
        now: new Date(),
        policy,
      }),
    8,
  );
  say(
    `seeded ${CLIENTS} accounts with sessions and ${GROUPS} groups in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  // ---- baseline: a bare ws relay in its own process ----
  const relayPort = await freePort();
  const relay = startChild(
    [
      '-e',
      `const { WebSocketServer } = require(${JSON.stringify(createRequire(import.meta.url).resolve('ws'))});
       const groups = new Map();
       const wss = new WebSocketServer({ port: ${relayPort}, host: '127.0.0.1' });
       wss.on('connection', (ws, req) => {
         const g = new URL(req.url, 'http://x').searchParams.get('g');
         if (!groups.has(g)) groups.set(g, new Set());
         groups.get(g).add(ws);
         ws.on('message', (d) => { const out = JSON.stringify({ type: 'relay', body: JSON.parse(String(d)).body });
           for (const o of groups.get(g)) o.send(out); });
         ws.on('close', () => groups.get(g).delete(ws));
       });
       console.log('relay ready');`,
    ],
    { env: process.env, cwd: root },
  );
  children.push(relay);
  await relay.waitFor(/relay ready/, 10_000);
  const relayPeers = await openAll(CLIENTS, async (i) => {
    const ws = new WebSocket(`ws://127.0.0.1:${relayPort}/?g=${groupOf(i)}`, WS_OPTIONS);
    await new Promise((res, rej) => {
      ws.once('open', res);
      ws.once('error', rej);
    });
    return { ws, userId: users[i]!.id, roomId: rooms[groupOf(i)]!, group: groupOf(i) };
  });
  const base = await drive(relayPeers, (p, body) => p.ws.send(`{"body":"${body}"}`), [relay.child.pid!]);
  for (const p of relayPeers) p.ws.terminate();
  say(`baseline (bare ws relay, 1 process): ${summary(base)}`);
  await relay.stop();

  // ---- two server processes ----
  const env = (port: number) => ({
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
    DATABASE_URL: dbUrl,
    UNIONHALL_MASTER_KEY: '07'.repeat(32),
    UNIONHALL_DATA_DIR: path.join(tmp, `data-${port}`),
    RATE_LIMIT_PER_MINUTE: '1000000',
    MAX_EVENT_LOOP_LAG_MS: '600000',
    MAX_IN_FLIGHT: '100000',
    LOG_LEVEL: 'warn',
  });
  const ports: number[] = [];
  const serverPids: number[] = [];
  for (let k = 0; k < 2; k++) {
    const port = await freePort(ports);
    ports.push(port);
    t = performance.now();
    const child = startChild(
      [
        ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []),
        ...SERVER_GC_FLAGS,
        '--conditions=source',
        '--import',
        'tsx',
        path.join(root, 'apps/server/src/main.ts'),
      ],
      {
        env: env(port),
        cwd: root,
      },
    );
    children.push(child);
    serverPids.push(child.child.pid!);
    const alive = () => child.child.exitCode === null;
    await waitReady(`http://127.0.0.1:${port}/api/ready`, t, 180_000, alive).catch((err: Error) => {
      throw new Error(`${err.message}\n${child.output().slice(-3000)}`);
    });
    say(
      `server ${k + 1} ready on port ${port} (pid ${child.child.pid}, GC flags: ${SERVER_GC_FLAGS.join(' ') || 'V8 default'})`,
    );
  }
  t = performance.now();
  const peers = await openAll(CLIENTS, async (i) => {
    const port = ports[Math.floor(i / GROUPS) % 2]!; // each group: half its members on each process
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, {
      ...WS_OPTIONS,
      headers: { cookie: `${SESSION_COOKIE}=${tokens[i]}`, origin: `http://127.0.0.1:${port}` },
    });
    await new Promise<void>((res, rej) => {
      ws.once('unexpected-response', (_req, r) => rej(new Error(`HTTP ${r.statusCode}`)));
      ws.once('error', rej);
      ws.on('message', function onReady(d) {
        const e = JSON.parse(String(d)) as { type: string };
        if (e.type === 'ready') ws.send(JSON.stringify({ type: 'resume', rooms: {} }));
        if (e.type === 'resumed') {
          ws.off('message', onReady);
          res();
        }
      });
    });
    return { ws, userId: users[i]!.id, roomId: rooms[groupOf(i)]!, group: groupOf(i) };
  });
  say(
    `${CLIENTS} sockets authenticated and resumed on 2 processes in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const real = await drive(
    peers,
    (p, body, n) => p.ws.send(`{"type":"send","roomId":"${p.roomId}","body":"${body}","clientId":"b${n}"}`),
    serverPids,
  );
  say(`unionhall (2 processes, PostgreSQL pub/sub): ${summary(real)}`);
  // group commit at work: the rows one statement wrote share its transaction id (xmin)
  const tx = (
    await sql<{ statements: string; rows: string; biggest: string }>`
      SELECT count(*) AS statements, sum(n) AS rows, max(n) AS biggest
      FROM (SELECT count(*) AS n FROM chat_messages GROUP BY xmin::text) t`.execute(db)
  ).rows[0]!;
  say(
    `send statements: ${tx.statements} for ${tx.rows} messages ` +
      `(${(Number(tx.rows) / Number(tx.statements)).toFixed(1)} per statement on average, at most ${tx.biggest})`,
  );
  const p99 = (r: Result) =>
    pct(
      [...r.lat].sort((a, b) => a - b),
      99,
    );
  say(
    `target ${RATE} msg/s for ${SECONDS} s after ${WARMUP} s of warm-up; p99 goal < 100 ms: ${p99(real) < 100 ? 'met' : 'MISSED'}; ` +
      `p99 ratio unionhall / bare relay: ${(p99(real) / p99(base)).toFixed(1)}x`,
  );
  for (const p of peers) p.ws.terminate();
} finally {
  for (const c of children) await c.stop().catch(() => undefined);
  killAll();
  await db.destroy();
  await admin.pool.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
  await admin.db.destroy();
  await server.stop();
  rmSync(tmp, { recursive: true, force: true });
}
