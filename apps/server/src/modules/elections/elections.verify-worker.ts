/**
 * Worker-thread side of the ballot verification pool (elections.verify-pool.ts). Each message is a
 * batch of ballots cast in one election; the answer is one verdict per ballot, exactly what
 * `ballotProblem` (the package's verifyBallot) would say for that ballot alone.
 *
 * All group equations of the batch go into one multi-scalar multiplication with independent random
 * weights (docs/election-spec.md §4); if the batch fails, it is split in halves until the bad
 * ballots are isolated, and each of those is named by the plain reference check.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  accumulateBallot,
  defaultGroup,
  type ElectionParameters,
  type EncryptedBallot,
  LinearCombination,
  type Manifest,
  randomWeights,
  resolveContext,
  verifyBallot,
} from '@unionhall/election-crypto';
import { useNativeHashes } from '@unionhall/election-crypto/node';

export type VerifyBatchRequest = {
  id: number;
  /** The election's context key (election id and parameter hash). */
  key: string;
  /**
   * Sent with the first batch of an election to this worker only: the worker keeps it (and its
   * decoded keys) under `key`, so later batches carry just the ballots.
   */
  context?: { manifest: Manifest; parameters: ElectionParameters };
  /** JSON array of the ballots. */
  ballots: string;
};
export type VerifyBatchResponse = { id: number; problems: (string | null)[] } | { id: number; error: string };

useNativeHashes();
const g = defaultGroup();
const weights = randomWeights();

function nameProblem(manifest: Manifest, parameters: ElectionParameters, ballot: EncryptedBallot): string {
  try {
    const r = verifyBallot(manifest, parameters, ballot, { group: g, weights });
    // The batch said no; a single check that says yes would be a 2^-128 event: refuse anyway.
    return r.ok ? 'batch' : r.check;
  } catch {
    return 'format';
  }
}

type Resolved = ReturnType<typeof resolveContext<unknown>>;

export function verifyBatch(
  manifest: Manifest,
  parameters: ElectionParameters,
  ballots: readonly EncryptedBallot[],
  resolved?: Resolved,
): (string | null)[] {
  const problems: (string | null)[] = ballots.map(() => null);
  let rc: Resolved;
  try {
    rc = resolved ?? resolveContext(g, parameters);
  } catch {
    return ballots.map(() => 'format');
  }
  const accs: { index: number; lc: LinearCombination<unknown> }[] = [];
  ballots.forEach((ballot, index) => {
    let acc: ReturnType<typeof accumulateBallot<unknown>> | null = null;
    try {
      acc = accumulateBallot(g, manifest, rc, ballot, weights);
    } catch {
      acc = null;
    }
    if (!acc || acc.failed) problems[index] = nameProblem(manifest, parameters, ballot);
    else accs.push({ index, lc: acc.lc });
  });
  const check = (lo: number, hi: number) => {
    const lc = new LinearCombination<unknown>();
    for (let i = lo; i < hi; i++) lc.append(accs[i]!.lc);
    return lc.isIdentity(g, rc.K);
  };
  // Bisection: a failing range is split until single ballots remain; passing halves are done.
  const settle = (lo: number, hi: number, knownBad: boolean) => {
    if (hi <= lo) return;
    if (!knownBad && check(lo, hi)) return;
    if (hi - lo === 1) {
      const { index } = accs[lo]!;
      problems[index] = nameProblem(manifest, parameters, ballots[index]!);
      return;
    }
    const mid = (lo + hi) >> 1;
    const leftOk = check(lo, mid);
    if (!leftOk) settle(lo, mid, true);
    // If the left half passed, the right half must hold the failure.
    settle(mid, hi, leftOk);
  };
  settle(0, accs.length, false);
  return problems;
}

/** Marks the pool's own workers (the module is also imported by tests, maybe inside other workers). */
export const VERIFY_WORKER_MARK = 'unionhall-election-verifier';

/** Elections this worker has seen, with their decoded keys (a few open at once; oldest dropped). */
const MAX_CONTEXTS = 16;
type Context = { manifest: Manifest; parameters: ElectionParameters; rc: Resolved | undefined };
const contexts = new Map<string, Context>();

function contextOf(msg: VerifyBatchRequest): Context {
  if (msg.context) {
    let rc: Resolved | undefined;
    try {
      rc = resolveContext(g, msg.context.parameters);
    } catch {
      rc = undefined; // verifyBatch names every ballot 'format'
    }
    contexts.delete(msg.key);
    contexts.set(msg.key, { ...msg.context, rc });
    if (contexts.size > MAX_CONTEXTS) contexts.delete(contexts.keys().next().value!);
  }
  const c = contexts.get(msg.key);
  if (!c) throw new Error(`unknown election context ${msg.key}`);
  return c;
}

const port = parentPort;
if (port && (workerData as { mark?: string } | null)?.mark === VERIFY_WORKER_MARK) {
  port.on('message', (msg: VerifyBatchRequest) => {
    try {
      const c = contextOf(msg);
      const ballots = JSON.parse(msg.ballots) as EncryptedBallot[];
      const problems = verifyBatch(c.manifest, c.parameters, ballots, c.rc);
      port.postMessage({ id: msg.id, problems } satisfies VerifyBatchResponse);
    } catch (e) {
      port.postMessage({
        id: msg.id,
        error: String((e as Error)?.message ?? e),
      } satisfies VerifyBatchResponse);
    }
  });
}
