/**
 * The writer of the kill -9 torture (kernel/db/durability.test.ts), run as a child process:
 *   node --conditions=source --import tsx torture-writer.ts   (the job as one JSON line on stdin)
 * It builds its deps with kernel/boot.ts exactly as the server does (real NotificationService,
 * pub/sub, key ring, ballot verification worker) and commits, through the product's own service
 * functions and nothing else, a random mix of:
 *   - audit: recordAudit in its own transaction (the audit hash chain);
 *   - ballot: castBallot (proofs verified, voted mark + ballot + tracking-code notification in one
 *     group-committed transaction);
 *   - online: createMyOrder, the sandbox platform's pay() and handleNotification (verified signed
 *     notification -> order settled + dues ledger payment + audit in one transaction), sometimes
 *     the same notification delivered again (must change nothing);
 *   - schedule: generateScheduleAsOfficer for the next month (schedule rows + charge and exemption
 *     entries in one statement), run when a payer owes nothing;
 *   - cash: recordCash (ledger payment + audit);
 *   - payroll: importPayroll of a small CSV (ledger payments + import record + audit).
 * After each commit has returned it prints one line `ack {...}`; stdout is a pipe, and pipe writes
 * are synchronous on Linux, so a printed ack means the commit was acknowledged. A failure that is
 * not the database going away, nor a refusal the mix expects, is printed as `bad {...}`.
 * It never stops on its own: the parent kills it with SIGKILL, or kills PostgreSQL under it (then
 * it retries until the database is back). It exits when its stdin closes (the parent is gone).
 */
import { randomInt } from 'node:crypto';
import { encryptBallot, type Manifest, type PublicContext } from '@unionhall/election-crypto';
import { loadConfig } from '../../config.js';
import { getMemberDues } from '../../modules/dues/index.js';
import { recordCash } from '../../modules/dues/officer.service.js';
import { importPayroll } from '../../modules/dues/payroll.service.js';
import { generateScheduleAsOfficer } from '../../modules/dues/schedule.service.js';
import { castBallot, voterView } from '../../modules/elections/elections.voting.service.js';
import { createMyOrder } from '../../modules/payments/orders.service.js';
import { sandboxProvider } from '../../modules/payments/providers.js';
import { handleNotification } from '../../modules/payments/settle.service.js';
import { recordAudit } from '../audit/audit.js';
import type { Actor } from '../auth/actor.js';
import { boot } from '../boot.js';
import type { Deps } from '../deps.js';
import type { AppError } from '../http/errors.js';
import { type TortureJob, type TorturePerson as Person, torturePeriod } from './torture-job.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
const ack = (a: Record<string, unknown>) => say(`ack ${JSON.stringify(a)}`);
const bad = (op: string, err: unknown) =>
  say(
    `bad ${JSON.stringify({ op, code: (err as AppError).code ?? null, message: String((err as Error).message ?? err) })}`,
  );
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The database went away (killed, restarting, or this connection was cut). */
function databaseDown(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  if (typeof e?.code === 'string' && /^(57P0[1-3]|08\d{3}|ECONN\w+|EPIPE|ETIMEDOUT)$/.test(e.code))
    return true;
  return /terminat|ECONNREFUSED|ECONNRESET|Connection|connection|shutting down|starting up|recovery|not queryable/.test(
    String(e?.message ?? ''),
  );
}

function actorOf(p: Person, officer: boolean): Actor {
  return {
    userId: p.userId,
    username: 'torture',
    displayName: 'torture',
    orgId: p.orgId,
    sessionIdHash: 'torture',
    mfaEnabled: officer,
    mfaPassed: officer,
    isOfficer: officer,
    reauthAt: new Date(),
    ip: '127.0.0.1',
  };
}

async function main(): Promise<void> {
  // Started ahead as a standby (the imports above are most of its start-up), it gets its job on stdin.
  const job = await new Promise<TortureJob>((resolve) => {
    let buf = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d: string) => {
      buf += d;
      if (buf.includes('\n')) resolve(JSON.parse(buf.slice(0, buf.indexOf('\n'))) as TortureJob);
    });
    process.stdin.on('end', () => process.exit(0));
  });
  let booted: Awaited<ReturnType<typeof boot>> | undefined;
  while (!booted) {
    try {
      booted = await boot(loadConfig(process.env), () => {}, { migrate: false });
    } catch (err) {
      if (!databaseDown(err)) throw err;
      await sleep(100);
    }
  }
  const deps: Deps = booted.deps;
  deps.clock = { now: () => new Date(Math.min(Date.now(), job.clockUntil)) };
  const finance = () => actorOf(job.finance, true);
  let seq = 0;
  let nextVoter = job.voterStart;
  let nextPeriod = job.nextPeriod;
  let election: { manifest: Manifest; context: PublicContext } | undefined;

  const ops = {
    async audit() {
      const key = `${job.gen}:${seq++}`;
      await deps.db
        .transaction()
        .execute((trx) => recordAudit(trx, { actorId: null, action: 'torture.commit', details: { key } }));
      ack({ k: 'audit', key });
    },

    async ballot() {
      const i = nextVoter++;
      const voter = job.voters[i];
      if (!voter) return ops.audit();
      const actor = { ...actorOf(voter, false), reauthAt: deps.clock.now() };
      if (!election) {
        const view = await voterView(deps, actor, job.electionId);
        election = { manifest: view.manifest as Manifest, context: view.parameters as PublicContext };
      }
      const choice = job.candidates[randomInt(job.candidates.length)]!;
      const { ballot } = encryptBallot(election.manifest, election.context, { chair: [choice] });
      try {
        const r = await castBallot(deps, actor, job.electionId, ballot);
        ack({ k: 'ballot', code: r.trackingCode, voter: i });
      } catch (err) {
        // Cast by a writer that was killed before it could report it: committed, not acknowledged.
        if ((err as AppError).code !== 'election.already_voted') throw err;
      }
    },

    async online() {
      const payer = job.payers[randomInt(job.payers.length)]!;
      let order: Awaited<ReturnType<typeof createMyOrder>>;
      try {
        order = await createMyOrder(deps, actorOf(payer, false), {});
      } catch (err) {
        if ((err as AppError).code === 'payment.nothing_owed') return ops.schedule();
        throw err;
      }
      const sandbox = sandboxProvider(deps);
      const n = await sandbox.pay(String(order.codeUrl).split('/').pop()!);
      const raw = { headers: n.headers, body: n.body };
      const { outcome } = await handleNotification(deps, 'sandbox', raw, '127.0.0.1');
      if (outcome !== 'paid') throw new Error(`settling order ${order.id}: ${outcome}`);
      ack({ k: 'online', order: order.id });
      if (randomInt(3) === 0) {
        const again = await handleNotification(deps, 'sandbox', raw, '127.0.0.1');
        if (again.outcome !== 'duplicate') throw new Error(`replayed notification: ${again.outcome}`);
      }
    },

    async schedule() {
      const i = nextPeriod++;
      const period = torturePeriod(i);
      await generateScheduleAsOfficer(deps, finance(), { unionId: job.unionId, period });
      ack({ k: 'schedule', period: i });
    },

    async cash() {
      const payer = job.payers[randomInt(job.payers.length)]!;
      const reference = `t${job.gen}-${seq++}`;
      await recordCash(deps, finance(), payer.memberId, { amountFen: 1 + randomInt(5000), reference });
      ack({ k: 'cash', reference: `cash:${reference}` });
    },

    async payroll() {
      const period = torturePeriod(job.firstPeriod + randomInt(nextPeriod - job.firstPeriod));
      const lines = ['memberno,period,amountfen'];
      for (let n = 1 + randomInt(3); n > 0; n--) {
        const payer = job.payers[randomInt(job.payers.length)]!;
        const dues = await getMemberDues(deps.db, payer.memberId);
        const due = dues.periods.find((p) => p.period === period)?.dueFen ?? 1;
        lines.push(`${payer.memberNo},${period},${due}`);
      }
      const r = await importPayroll(
        deps,
        finance(),
        { orgId: job.unionId, mode: 'apply' },
        { body: Buffer.from(`${lines.join('\n')}\n`), format: 'csv', fileName: 'torture.csv' },
      );
      ack({ k: 'payroll', id: r.id, booked: r.summary.booked });
    },
  };

  const weighted: Array<keyof typeof ops> = [
    'ballot',
    'ballot',
    'ballot',
    'audit',
    'audit',
    'online',
    'online',
    'cash',
    'payroll',
  ];
  const loop = async () => {
    for (;;) {
      const op = weighted[randomInt(weighted.length)]!;
      try {
        await ops[op]();
      } catch (err) {
        if (databaseDown(err)) await sleep(50);
        else {
          bad(op, err);
          await sleep(20);
        }
      }
    }
  };
  say('ready');
  for (let i = 0; i < job.concurrency; i++) void loop();
}

main().catch((err) => {
  process.stderr.write(`torture writer: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
