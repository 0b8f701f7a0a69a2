/**
 * SECURITY.md "kill -9 torture" over the audit chain, the dues ledger and ballots.
 *
 * A child process (kernel/testing/torture-writer.ts, deps built by kernel/boot.ts as the server
 * builds them) commits through the product's own service functions: audited rows, ballot casts
 * (castBallot: voted mark + ballot + notification, group-committed), online dues payments (order,
 * sandbox platform, signed notification, settlement with its ledger entry; replays), the monthly
 * schedule (schedule rows with their charge and exemption entries), cash payments and payroll
 * imports. It prints every acknowledged commit. Rounds alternate between killing the WRITER with
 * SIGKILL (a new one is started) and killing POSTGRESQL (the embedded server, fsync on) with SIGKILL
 * at a random moment and restarting it under the surviving writer, which must carry on.
 *
 * After every round: every ledger entry, ballot and voted mark seen before is still there unchanged.
 * At the end (after the payments reconciliation job settled what the platform had paid):
 *   - every acknowledged commit is there (audit key, ballot, settled order, month, cash, import);
 *   - dues: paid orders and online ledger entries match one to one (amount, member, reference; no
 *     order settled twice), every payment the sandbox platform took is settled; every schedule row
 *     has exactly its charge and exemption entries and no such entry lacks its row; the payroll
 *     imports' booked counts add up to the payroll entries, each for its month's due; each cash,
 *     online and payroll payment has its audit row and no such audit row lacks its payment; each
 *     payer's balance as the product computes it equals schedule dues minus payments taken from
 *     the orders, the schedule and the audit rows;
 *   - ballots: counted ballots = voters marked as voted, each voted voter has exactly one
 *     tracking-code notification; the election closes (the product re-checks E8), is tallied, and
 *     its downloaded record verifies with every stored ballot on the board;
 *   - the audit hash chain verifies.
 * TORTURE_ROUNDS=300 runs the long version (default 4 rounds for CI: two kills of each kind).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeDecryptionShare, defaultGroup, parseRecord, verifyRecord } from '@unionhall/election-crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { readyElection, type ReadyElection } from '../../modules/elections/elections-fixtures.test.js';
import { electionsRepo } from '../../modules/elections/elections.repo.js';
import { syncBuiltinRoles } from '../../modules/identity/index.js';
import { reconcilePendingOrders } from '../../modules/payments/index.js';
import { verifyAuditChain } from '../audit/audit.js';
import { freePort } from '../testing/embedded-test-server.js';
import { createOrg, createTree, createUser, loginAs, type TestUser } from '../testing/fixtures.js';
import { insertMemberRow } from '../testing/member-fixtures.js';
import { buildTestApp, TEST_MASTER_KEY } from '../testing/test-app.js';
import { type TortureJob, torturePeriod } from '../testing/torture-job.js';
import { ballotProblems, ledgerProblems, newAcked, recordLine } from '../testing/torture-checks.js';
import { type EmbeddedServer, startEmbeddedPostgres } from './embedded.js';
import { migrateToLatest } from './migrate.js';
import { createDatabase, type Database } from './pool.js';

const ROUNDS = Number(process.env.TORTURE_ROUNDS ?? 4);
const VOTERS = 40 + ROUNDS * 15;
const PAYERS = 8;
const MIN = 60_000;
const ROOT = path.resolve(import.meta.dirname, '../../../../..');
const WRITER = path.join(ROOT, 'apps/server/src/kernel/testing/torture-writer.ts');
const KINDS = ['audit', 'ballot', 'online', 'schedule', 'cash', 'payroll'] as const;

const dir = mkdtempSync(path.join(os.tmpdir(), 'uh-torture-'));
// As root, PostgreSQL runs as the postgres user, which must be able to enter the directory.
chmodSync(dir, 0o755);
const writers = new Set<ChildProcess>();
let server: EmbeddedServer | undefined;
afterAll(async () => {
  for (const w of writers) w.kill('SIGKILL');
  await server?.stop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function postmasterPid(): number {
  return Number(readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const acked = newAcked();
const onLine = (line: string) => recordLine(acked, line);

type Writer = { proc: ChildProcess; closed: Promise<void>; ready: Promise<void>; stderr: () => string };

/**
 * Starts a writer process as a standby: it loads its modules (most of its start-up) and waits for its
 * job on stdin (`go`).
 */
function spawnWriter(url: string): Writer {
  const proc = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', WRITER], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      DATABASE_URL: url,
      UNIONHALL_MASTER_KEY: TEST_MASTER_KEY.toString('hex'),
      UNIONHALL_MASTER_KEY_ID: 'test',
      UNIONHALL_DATA_DIR: path.join(dir, 'writer-data'),
      PAYMENT_PROVIDERS: 'sandbox',
      ELECTION_VERIFY_WORKERS: '1',
      LOG_LEVEL: 'silent',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  writers.add(proc);
  let err = '';
  let buf = '';
  let ready!: () => void;
  const isReady = new Promise<void>((r) => {
    ready = r;
  });
  proc.stdout!.setEncoding('utf8');
  proc.stdout!.on('data', (d: string) => {
    buf += d;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line === 'ready') ready();
      else onLine(line);
    }
  });
  proc.stderr!.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
  });
  proc.stdin!.on('error', () => {});
  // 'close': the process is gone and its stdout has been read to the end (every ack it printed).
  const closed = new Promise<void>((r) => proc.on('close', () => r()));
  closed.then(() => writers.delete(proc));
  const died = closed.then(() => {
    throw new Error(`torture writer exited before it was ready: ${err}`);
  });
  const isUp = Promise.race([isReady, died]);
  isUp.catch(() => {});
  return { proc, closed, ready: isUp, stderr: () => err };
}

/** Hands a standby writer its job and waits until it is connected and writing. */
async function go(w: Writer, job: TortureJob): Promise<Writer> {
  w.proc.stdin!.write(`${JSON.stringify(job)}\n`);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`torture writer not ready: ${w.stderr()}`)), 120_000);
  });
  try {
    await Promise.race([w.ready, late]);
  } finally {
    clearTimeout(timer);
  }
  return w;
}

/** Waits until the writers acknowledged `n` more commits (they are writing now). */
async function awaitAcks(n: number, w: Writer, what: string): Promise<void> {
  const target = acked.count + n;
  for (let t = 0; acked.count < target; t++) {
    if (t > 600 || w.proc.exitCode !== null)
      throw new Error(`no commits ${what} (bad: ${acked.bad.slice(0, 3).join('; ')}) ${w.stderr()}`);
    await sleep(50);
  }
}

/** Every ledger entry, ballot and voted mark seen before a round must still be there unchanged. */
async function appendOnlyCheck(db: Database, seen: Map<string, string>, round: number): Promise<void> {
  const now = new Map<string, string>();
  for (const r of await db
    .selectFrom('dues_ledger')
    .select(['id', 'seq', 'member_id', 'kind', 'amount_fen', 'period', 'reference', 'reverses_id'])
    .execute())
    now.set(`ledger:${r.id}`, JSON.stringify(r));
  for (const r of await db.selectFrom('election_ballots').select(['election_id', 'tracking_code']).execute())
    now.set(`ballot:${r.election_id}:${r.tracking_code}`, '');
  for (const r of await db.selectFrom('election_votes_cast').select(['election_id', 'member_id']).execute())
    now.set(`voted:${r.election_id}:${r.member_id}`, '');
  const changed = [...seen].filter(([k, v]) => now.get(k) !== v).map(([k]) => k);
  expect(changed, `round ${round}: rows lost or changed`).toEqual([]);
  for (const [k, v] of now) seen.set(k, v);
}

type World = {
  election: ReadyElection;
  officer: TestUser;
  trustee: TestUser;
  job: Omit<TortureJob, 'gen' | 'voterStart' | 'nextPeriod'>;
};

/** The union, accounts, members, dues rule and wages, the first month's schedule, an open election. */
async function setUp(url: string): Promise<World> {
  const ctx = await buildTestApp({ dbUrl: url });
  try {
    const tree = await createTree(ctx);
    const voting = await createOrg(ctx, '第二机床厂工会', 'grassroots', tree.root);
    const officer = await createUser(ctx, { username: 'kt_chair', org: voting, roles: ['chair'] });
    const trustee = await createUser(ctx, { username: 'kt_trustee', org: voting });
    const fin = await createUser(ctx, { username: 'kt_fin', org: tree.union, roles: ['finance_officer'] });
    const voters = [];
    for (let i = 0; i < VOTERS; i++) {
      const u = await createUser(ctx, { username: `kt_v${i}`, org: voting });
      await insertMemberRow(ctx, { user: u, org: voting, union: voting });
      voters.push({ userId: u.id, orgId: voting.id });
    }
    const finance = await loginAs(ctx, fin);
    const rule = await finance.post('/api/dues/rules', {
      unionId: tree.union.id,
      effectiveFrom: '2001-01-01',
      ratePercent: '0.5',
      roundingUnit: 10,
      roundingMode: 'half_up',
      minimumFen: 200,
      retainedPercent: 0,
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const payers = [];
    for (let i = 0; i < PAYERS; i++) {
      const u = await createUser(ctx, { username: `kt_p${i}`, org: tree.branch1 });
      const memberId = await insertMemberRow(ctx, { user: u, org: tree.branch1, union: tree.union });
      const wage = await finance.post(`/api/dues/members/${memberId}/wages`, {
        effectiveFrom: '2001-01-01',
        wageFen: 300_000 + i * 12_345,
      });
      expect(wage.statusCode, wage.body).toBe(200);
      const m = await ctx.deps.db
        .selectFrom('members')
        .select('member_no')
        .where('id', '=', memberId)
        .executeTakeFirstOrThrow();
      payers.push({ userId: u.id, orgId: tree.branch1.id, memberId, memberNo: m.member_no });
    }
    // One payer pays half (hardship): the schedule books an exemption entry for them as well.
    const ex = await finance.post(`/api/dues/members/${payers[0]!.memberId}/exemptions`, {
      kind: 'hardship',
      percentPayable: 50,
      fromPeriod: torturePeriod(0),
      reason: '困难职工减半',
    });
    expect(ex.statusCode, ex.body).toBeLessThan(300);
    const first = await finance.post('/api/dues/schedule', {
      unionId: tree.union.id,
      period: torturePeriod(0),
    });
    expect(first.json()).toMatchObject({ scheduled: PAYERS });
    const candidates = [
      { id: 'li', name: '李明' },
      { id: 'wang', name: '王芳' },
    ];
    // The writers run on the system clock: the voting window (opening 5 minutes after the clock as the
    // fixture's first sign-in moved it) opened a few minutes ago and closes in about 50 minutes.
    ctx.clock.current = new Date(Date.now() - 8 * MIN);
    const election = await readyElection(ctx, {
      officer,
      trustee,
      union: voting,
      title: '断电测试',
      candidates,
    });
    const { closes_at } = await ctx.deps.db
      .selectFrom('elections')
      .select('closes_at')
      .where('id', '=', election.id)
      .executeTakeFirstOrThrow();
    return {
      election,
      officer,
      trustee,
      job: {
        electionId: election.id,
        candidates: candidates.map((c) => c.id),
        voters,
        payers,
        finance: { userId: fin.id, orgId: tree.union.id },
        unionId: tree.union.id,
        firstPeriod: 0,
        clockUntil: closes_at.getTime() - 2 * MIN,
        concurrency: 3,
      },
    };
  } finally {
    await ctx.close();
  }
}

describe('durability under kill -9', () => {
  it(`keeps every acknowledged commit and the ledger and ballot invariants through ${ROUNDS} SIGKILLs`, {
    timeout: 240_000 + ROUNDS * 15_000,
  }, async () => {
    const started = performance.now();
    const port = await freePort();
    server = await startEmbeddedPostgres(dir, port, () => {});
    const url = server.url;
    {
      const { db } = createDatabase(url, 2);
      await migrateToLatest(db);
      await syncBuiltinRoles(db);
      await db.destroy();
    }
    mkdirSync(path.join(dir, 'writer-data'), { recursive: true });
    // There is always one writer loading its modules ahead, so a killed writer is replaced at once.
    let standby = spawnWriter(url);
    const world = await setUp(url);
    let gen = 0;
    const nextWriter = () => {
      const w = standby;
      standby = spawnWriter(url);
      const next = { voterStart: acked.maxVoter + 1, nextPeriod: Math.max(0, ...acked.schedule) + 1 };
      return go(w, { ...world.job, ...next, gen: gen++ });
    };
    const setupMs = performance.now() - started;
    const watch = createDatabase(url, 2).db;
    const seen = new Map<string, string>();
    let writer: Writer | undefined;
    const kills = { writer: 0, postgres: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      writer ??= await nextWriter();
      await awaitAcks(1, writer, `in round ${round}`);
      await sleep(50 + Math.random() * 450);
      if (round % 2 === 0) {
        writer.proc.kill('SIGKILL');
        await writer.closed;
        writer = undefined;
        kills.writer++;
      } else {
        const pid = postmasterPid();
        process.kill(pid, 'SIGKILL');
        // The backends notice their postmaster is gone and exit; only then may a new one start.
        for (let i = 0; i < 100 && alive(pid); i++) await sleep(50);
        await sleep(300);
        server = await startEmbeddedPostgres(dir, port, () => {});
        kills.postgres++;
      }
      await appendOnlyCheck(watch, seen, round);
    }
    // The surviving writer carries on after the last restart until each kind of commit was acknowledged.
    writer ??= await nextWriter();
    for (let t = 0; KINDS.some((k) => acked[k].size === 0); t++) {
      if (t > 1200)
        throw new Error(
          `never acknowledged: ${KINDS.filter((k) => acked[k].size === 0)} (bad: ${acked.bad.slice(0, 3)}) ${writer.stderr()}`,
        );
      await sleep(50);
    }
    await awaitAcks(5, writer, 'after the last restart');
    writer.proc.kill('SIGKILL');
    standby.proc.kill('SIGKILL');
    await Promise.all([writer.closed, standby.closed]);
    const tortureMs = performance.now() - started - setupMs;
    expect(acked.bad).toEqual([]);

    // The next day: the reconciliation job settles what the platform took while a writer died.
    const ctx = await buildTestApp({ dbUrl: url });
    try {
      ctx.clock.current = new Date(Date.now() + 4 * 3_600_000);
      for (let i = 0; i < 100; i++)
        if (Object.keys(await reconcilePendingOrders(ctx.deps)).length === 0) break;
      const db = ctx.deps.db;
      await appendOnlyCheck(db, seen, ROUNDS);
      expect(await ledgerProblems(db, world.job.payers, acked)).toEqual([]);
      expect(await ballotProblems(db, world.election.id, acked)).toEqual([]);
      const audit = await db
        .selectFrom('audit_log')
        .select('details')
        .where('action', '=', 'torture.commit')
        .execute();
      const present = new Set(audit.map((r) => String((r.details as { key: string }).key)));
      expect([...acked.audit].filter((k) => !present.has(k))).toEqual([]);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true });

      // Close (the product re-checks ballots = voters marked), tally, and verify the record.
      const stored = (await electionsRepo(db).counts(world.election.id)).ballots;
      const { id, manifest, context, secret } = world.election;
      const officer = await loginAs(ctx, world.officer);
      const closed = await officer.post(`/api/elections/${id}/close`, {});
      expect(closed.statusCode, closed.body).toBe(200);
      expect(closed.json()).toMatchObject({ status: 'closed', ballotsCast: stored });
      const tc = await loginAs(ctx, world.trustee);
      const view = (await tc.get(`/api/trustee/elections/${id}`)).json();
      const share = computeDecryptionShare(
        defaultGroup(),
        manifest,
        context.parameter_hash,
        secret,
        view.tally,
      );
      const d = await tc.post(`/api/trustee/elections/${id}/decryption`, { share });
      expect(d.statusCode, d.body).toBe(200);
      const record = parseRecord((await officer.get(`/api/elections/${id}/record`)).body);
      expect(await verifyRecord(record)).toEqual({ ok: true, ballots: stored });
      const votes = record.results.contests[0]!.options.reduce((s, o) => s + o.votes, 0);
      expect(votes).toBe(stored);

      const counts = Object.fromEntries(KINDS.map((k) => [k, acked[k].size]));
      console.log(
        `kill -9 torture: ${ROUNDS} rounds (${kills.writer} writer, ${kills.postgres} PostgreSQL SIGKILLs, ` +
          `${gen} writers), ${acked.count} acknowledged commits ${JSON.stringify(counts)}, ` +
          `${stored} ballots stored, setup ${Math.round(setupMs / 1000)} s, ` +
          `torture ${Math.round(tortureMs / 1000)} s, total ${Math.round((performance.now() - started) / 1000)} s`,
      );
    } finally {
      await ctx.close();
      await watch.destroy();
    }
  });
});
