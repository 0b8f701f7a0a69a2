/**
 * Election cryptography benchmarks (not part of CI).
 *   npx tsx --conditions=source bench/election-crypto.ts [--voters 100000] [--workers 2] [--out FILE]
 *   npx tsx --conditions=source bench/election-crypto.ts --record FILE   (only read + verify FILE)
 * Prints per-ballot costs for encryption and verification, single-ballot (server ingest) and
 * batch (record verifier) throughput on 1 core and on `--workers` cores, the time to simulate
 * and verify a large election, and ratios against the reference implementation measured in the
 * same run and against ElectionGuard Java's published figures.
 */
import { rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ContestManifest,
  encryptBallot,
  type Group,
  nobleGroup,
  seededRng,
  simulateElection,
  verifyBallot,
  verifyRecord,
  verifyRecordReference,
} from '@unionhall/election-crypto';
import {
  readRecordFile,
  simulateElectionParallel,
  useNativeHashes,
  verifyBallotsParallel,
  verifyRecordParallel,
  WorkerPool,
  writeRecordFile,
} from '@unionhall/election-crypto/node';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const VOTERS = arg('voters', 100_000);
const WORKERS = arg('workers', 2);
const out = process.argv.includes('--out')
  ? process.argv[process.argv.indexOf('--out') + 1]!
  : join(tmpdir(), 'uh-bench-record.json');

// ElectionGuard Java (ELECTIONS.md): 0.7 s to encrypt and 0.3 s to verify a 6-selection ballot.
const EG_ENCRYPT_MS_PER_SELECTION = 700 / 6;
const EG_VERIFY_MS_PER_SELECTION = 300 / 6;

const rows: [string, string][] = [];
const report = (label: string, value: string) => {
  rows.push([label, value]);
  console.log(`${label.padEnd(58)} ${value}`);
};
// Wall time of the last `time` call's CPU use (all threads): on a shared machine the CPU time
// says what an idle machine would do (wall ~ CPU / cores) when the wall time cannot.
let lastCpuMs = 0;
const time = async <T>(f: () => T | Promise<T>): Promise<[T, number]> => {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const r = await f();
  const used = process.cpuUsage(cpu);
  lastCpuMs = (used.user + used.system) / 1000;
  return [r, performance.now() - t];
};
const cpu = () => `CPU ${(lastCpuMs / 1000).toFixed(1)} s`;

console.log(
  `load average at start: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} (2 cores)`,
);
useNativeHashes();

// 1. Encrypt + prove, 1 contest x 10 options (choose at most one).
const TEN: ContestManifest[] = [
  {
    id: 'ten',
    title: 'Ten options',
    min_selections: 0,
    max_selections: 1,
    options: Array.from({ length: 10 }, (_, i) => ({ id: `o${i}`, title: `Option ${i}` })),
  },
];
const ten = await simulateElection({ voters: 0, contests: TEN, seed: 'bench-10' });
const encryptMs = async (group: Group<unknown> | undefined, n: number) => {
  const rng = seededRng('bench-enc');
  encryptBallot(ten.manifest, ten.parameters, { ten: ['o3'] }, { rng, group });
  const [, ms] = await time(() => {
    for (let i = 0; i < n; i++)
      encryptBallot(ten.manifest, ten.parameters, { ten: [`o${i % 10}`] }, { rng, group });
  });
  return ms / n;
};
const encNoble = await encryptMs(nobleGroup as Group<unknown>, 20);
const { defaultGroup } = await import('@unionhall/election-crypto');
const encFast = await encryptMs(defaultGroup(), 200);
report('encrypt+prove, 10 options, reference (browser path)', `${encNoble.toFixed(1)} ms/ballot`);
report('encrypt+prove, 10 options, WebAssembly fast path', `${encFast.toFixed(2)} ms/ballot`);

// 2. Single-ballot verification (server ingest), default contest: 5 options, choose 0..1.
const ingest = await simulateElection({ voters: 1200, seed: 'bench-ingest' });
const ballots = ingest.board.entries.map((e) => e.ballot);
const [, oneCoreMs] = await time(() => {
  for (const b of ballots)
    if (!verifyBallot(ingest.manifest, ingest.parameters, b).ok) throw new Error('bad');
});
const ingest1 = (ballots.length / oneCoreMs) * 1000;
report(
  'single-ballot verification, 5 options, 1 core',
  `${ingest1.toFixed(0)} ballots/s (${(oneCoreMs / ballots.length).toFixed(2)} ms/ballot)`,
);
const pool = new WorkerPool(WORKERS);
await verifyBallotsParallel(ingest.manifest, ingest.parameters, ballots.slice(0, 64), {
  workers: WORKERS,
  pool,
});
const [verdicts, parMs] = await time(() =>
  verifyBallotsParallel(ingest.manifest, ingest.parameters, ballots, { workers: WORKERS, pool }),
);
await pool.close();
if (!verdicts.every((v) => v.ok)) throw new Error('ingest verdicts');
const ingestN = (ballots.length / parMs) * 1000;
report(
  `single-ballot verification, 5 options, ${WORKERS} workers`,
  `${ingestN.toFixed(0)} ballots/s (${cpu()})`,
);

// 3. Batch verification of a record, against the reference implementation in the same run.
const small = await simulateElection({ voters: 30, seed: 'bench-ref' });
const [, refPlainMs] = await time(() => verifyRecordReference(small));
const [, refBatchMs] = await time(() => verifyRecord(small, { group: nobleGroup as Group<unknown> }));
const [, batch1Ms] = await time(() => verifyRecord(ingest));
const [batchRes, batchNMs] = await time(() => verifyRecordParallel(ingest, { workers: WORKERS }));
const batchNCpu = cpu();
if (!batchRes.ok) throw new Error('batch verify');
report('record verification, reference verifier (plain noble)', `${(refPlainMs / 30).toFixed(2)} ms/ballot`);
report('record verification, batch on reference group, 1 core', `${(refBatchMs / 30).toFixed(2)} ms/ballot`);
report(
  'record verification, batch on WebAssembly, 1 core',
  `${((ballots.length / batch1Ms) * 1000).toFixed(0)} ballots/s (${(batch1Ms / ballots.length).toFixed(3)} ms/ballot)`,
);
report(
  `record verification, batch, ${WORKERS} workers (incl. startup)`,
  `${((ballots.length / batchNMs) * 1000).toFixed(0)} ballots/s (${batchNCpu})`,
);

// 4. A large election end to end.
if (VOTERS > 0) {
  // Simulate and write in a function so the simulated record can be collected before reading.
  const simulateAndWrite = async () => {
    const [big, simMs] = await time(() =>
      simulateElectionParallel({ voters: VOTERS, seed: 'bench-big', workers: WORKERS }),
    );
    const simCpu = cpu();
    const [, writeMs] = await time(() => writeRecordFile(out, big));
    return { simMs, simCpu, writeMs };
  };
  const { simMs, simCpu, writeMs } = await simulateAndWrite();
  report(`simulate ${VOTERS} voters, ${WORKERS} workers`, `${(simMs / 1000).toFixed(1)} s (${simCpu})`);
  report(
    'write record',
    `${(writeMs / 1000).toFixed(1)} s, ${(statSync(out).size / 2 ** 20).toFixed(0)} MiB`,
  );
  const [verdict, verifyMs] = await time(async () =>
    verifyRecordParallel(readRecordFile(out), { workers: WORKERS }),
  );
  if (!verdict.ok) throw new Error(`large record: ${JSON.stringify(verdict)}`);
  report(
    `read + verify ${VOTERS} ballots, ${WORKERS} workers`,
    `${(verifyMs / 1000).toFixed(1)} s (${cpu()})`,
  );
  if (!process.argv.includes('--out')) rmSync(out);
}

// 5. Per-selection comparison with ElectionGuard Java.
const encPerSel = encNoble / 10;
const verPerSel = 1000 / ingest1 / 5;
report(
  'speed-up vs ElectionGuard encrypt, per selection (reference path)',
  `${(EG_ENCRYPT_MS_PER_SELECTION / encPerSel).toFixed(0)}x`,
);
report(
  'speed-up vs ElectionGuard encrypt, per selection (fast path)',
  `${(EG_ENCRYPT_MS_PER_SELECTION / (encFast / 10)).toFixed(0)}x`,
);
report(
  'speed-up vs ElectionGuard verify, per selection (single ballot, 1 core)',
  `${(EG_VERIFY_MS_PER_SELECTION / verPerSel).toFixed(0)}x`,
);
report(
  'speed-up vs ElectionGuard verify, per selection (batch, 1 core)',
  `${(EG_VERIFY_MS_PER_SELECTION / (batch1Ms / ballots.length / 5)).toFixed(0)}x`,
);
report(
  'batch WebAssembly vs plain reference verifier, same run',
  `${(refPlainMs / 30 / (batch1Ms / ballots.length)).toFixed(0)}x`,
);
console.log(
  `load average at end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
