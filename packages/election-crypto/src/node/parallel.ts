/**
 * Worker-thread versions of verifyRecord and simulateElection. The board is cut into slices
 * (several per worker so they finish together); each slice comes back with its first failure
 * and its ciphertext sums, which the main thread adds up.
 */
import type { EncryptedBallot } from '../ballot.js';
import type { CiphertextJson } from '../elgamal.js';
import { decodeHex, encodeHex, type Group } from '../group.js';
import { defaultGroup } from '../group-default.js';
import type { Manifest, PublicContext } from '../manifest.js';
import type { CheckResult } from '../ballot-verify.js';
import type { ElectionRecord } from '../record.js';
import { type SimulateOptions, simulateElection } from '../simulate.js';
import type { TallyJson } from '../tally.js';
import { type BallotSectionRunner, type VerifyOptions, verifyRecord } from '../verify.js';
import type { VerifyResult } from '../verify-reference.js';
import { useNativeHashes } from './native-hash.js';
import { defaultWorkerCount, WorkerPool } from './pool.js';
import type { BallotsTaskResult, SimulateTaskResult, VerifyTaskResult } from './protocol.js';

function addSums(g: Group<unknown>, manifest: Manifest, parts: CiphertextJson[][][]): TallyJson {
  return {
    contests: manifest.contests.map((c, ci) => ({
      contest_id: c.id,
      options: c.options.map((_, oi) => {
        let alpha = g.identity;
        let beta = g.identity;
        for (const p of parts) {
          alpha = g.add(alpha, decodeHex(g, p[ci]![oi]!.alpha));
          beta = g.add(beta, decodeHex(g, p[ci]![oi]!.beta));
        }
        return { alpha: encodeHex(g, alpha), beta: encodeHex(g, beta) };
      }),
    })),
  };
}

function sliceSize(total: number, workers: number): number {
  // About eight slices per worker, but not so small that per-slice overhead dominates.
  return Math.max(256, Math.ceil(total / (workers * 8)));
}

/** A BallotSectionRunner that spreads the board over `pool`. */
export function workerRunner(pool: WorkerPool, workers: number): BallotSectionRunner {
  return async ({ record, onBallots }) => {
    const g = defaultGroup();
    const { manifest, parameters, board } = record;
    const size = sliceSize(board.entries.length, workers);
    const tasks: Promise<VerifyTaskResult & { start: number }>[] = [];
    let firstFailure = Number.POSITIVE_INFINITY;
    for (let start = 0; start < board.entries.length; start += size) {
      const entries = board.entries.slice(start, start + size);
      const prev = start === 0 ? board.genesis : String(board.entries[start - 1]?.hash);
      const task = pool
        .run<VerifyTaskResult>({ type: 'verify', manifest, parameters, start, entries, prev }, onBallots)
        .then((r) => {
          if (r.failure) {
            firstFailure = Math.min(firstFailure, r.failure.index);
            // Later slices cannot change the answer any more.
            if (start + size > firstFailure) pool.clearQueue();
          }
          return { ...r, start };
        });
      // Mark as handled: results after the first failure are never awaited.
      task.catch(() => {});
      tasks.push(task);
    }
    // Tasks dropped from the queue never settle, so wait only for those that can matter.
    const results: (VerifyTaskResult & { start: number })[] = [];
    for (const t of tasks) {
      const r = await t;
      results.push(r);
      if (r.failure) break;
    }
    const failed = results.filter((r) => r.failure).sort((a, b) => a.failure!.index - b.failure!.index)[0];
    if (failed) return { failure: failed.failure, tally: { contests: [] } };
    return {
      failure: null,
      tally: addSums(
        g,
        manifest,
        results.map((r) => r.sums),
      ),
    };
  };
}

/** Verify a record using `workers` worker threads (default: one per core). */
export async function verifyRecordParallel(
  record: ElectionRecord,
  opts: VerifyOptions & { workers?: number } = {},
): Promise<VerifyResult> {
  useNativeHashes();
  const workers = opts.workers ?? (await defaultWorkerCount());
  if (workers <= 0) return verifyRecord(record, opts);
  const pool = new WorkerPool(workers);
  try {
    return await verifyRecord(record, { ...opts, runner: workerRunner(pool, workers) });
  } finally {
    await pool.close();
  }
}

/**
 * Verify ballots one by one (as a server does when they are cast) across `workers` threads.
 * Resolves to one verdict per ballot, in order.
 */
export async function verifyBallotsParallel(
  manifest: Manifest,
  parameters: PublicContext,
  ballots: readonly EncryptedBallot[],
  opts: { workers?: number; pool?: WorkerPool } = {},
): Promise<CheckResult[]> {
  const workers = opts.workers ?? (await defaultWorkerCount());
  const pool = opts.pool ?? new WorkerPool(workers);
  try {
    const size = Math.max(16, Math.ceil(ballots.length / (workers * 4)));
    const tasks: Promise<BallotsTaskResult>[] = [];
    for (let i = 0; i < ballots.length; i += size) {
      tasks.push(
        pool.run({ type: 'verify-ballots', manifest, parameters, ballots: ballots.slice(i, i + size) }),
      );
    }
    return (await Promise.all(tasks)).flatMap((t) => t.verdicts);
  } finally {
    if (!opts.pool) await pool.close();
  }
}

/** simulateElection with ballots encrypted (and summed) in `workers` worker threads. */
export async function simulateElectionParallel(
  opts: SimulateOptions & { workers?: number },
): Promise<ElectionRecord> {
  useNativeHashes();
  const workers = opts.workers ?? (await defaultWorkerCount());
  if (workers <= 0 || opts.voters < 64) return simulateElection(opts);
  const pool = new WorkerPool(workers);
  let parts: CiphertextJson[][][] = [];
  try {
    return await simulateElection({
      ...opts,
      ballotGenerator: async ({ manifest, context, voters, seed, onBallots }) => {
        const size = Math.max(64, Math.ceil(voters / (workers * 8)));
        const tasks: Promise<SimulateTaskResult>[] = [];
        for (let start = 0; start < voters; start += size) {
          const end = Math.min(voters, start + size);
          tasks.push(pool.run({ type: 'simulate', manifest, context, seed, start, end }, onBallots));
        }
        const done = await Promise.all(tasks);
        parts = done.map((d) => d.sums);
        const ballots: EncryptedBallot[] = [];
        for (const d of done) for (const b of d.ballots) ballots.push(b);
        return ballots;
      },
      aggregator: async (manifest) => addSums(defaultGroup(), manifest, parts),
    });
  } finally {
    await pool.close();
  }
}
