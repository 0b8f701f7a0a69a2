/**
 * Worker-thread side of the parallel simulation and verification (Node only). Each worker
 * has its own WebAssembly engine and answers one task at a time.
 */
import { parentPort } from 'node:worker_threads';
import { verifyBallot } from '../ballot-verify.js';
import { randomWeights } from '../batch.js';
import { resolveContext } from '../context.js';
import { encodeHex } from '../group.js';
import { defaultGroup } from '../group-default.js';
import { simulateBallots } from '../simulate.js';
import { aggregateBallots } from '../tally.js';
import { verifyChunk } from '../verify-batch.js';
import { useNativeHashes } from './native-hash.js';
import type {
  BallotsTaskResult,
  SimulateTaskResult,
  VerifyTaskResult,
  WorkerRequest,
  WorkerResponse,
} from './protocol.js';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
useNativeHashes();
const g = defaultGroup();
const weights = randomWeights();

function handle(msg: WorkerRequest): VerifyTaskResult | SimulateTaskResult | BallotsTaskResult {
  const progress = (n: number) =>
    port!.postMessage({ id: msg.id, type: 'progress', n } satisfies WorkerResponse);
  if (msg.type === 'verify') {
    const rc = resolveContext(g, msg.parameters);
    const input = { start: msg.start, entries: msg.entries, prev: msg.prev };
    const out = verifyChunk(g, msg.manifest, rc, input, weights, { onBatch: progress });
    const sums = out.sums.map((row) =>
      row.map((s) => ({ alpha: encodeHex(g, s.alpha), beta: encodeHex(g, s.beta) })),
    );
    return { failure: out.failure, sums };
  }
  if (msg.type === 'verify-ballots') {
    return {
      verdicts: msg.ballots.map((b) => verifyBallot(msg.manifest, msg.parameters, b, { group: g, weights })),
    };
  }
  let pending = 0;
  const ballots = simulateBallots(msg.manifest, msg.context, msg.seed, msg.start, msg.end, g, () => {
    if (++pending === 64) {
      progress(pending);
      pending = 0;
    }
  });
  if (pending) progress(pending);
  const sums = aggregateBallots(g, msg.manifest, ballots).contests.map((c) => c.options);
  return { ballots, sums };
}

port.on('message', (msg: WorkerRequest) => {
  try {
    port.postMessage({ id: msg.id, type: 'done', result: handle(msg) } satisfies WorkerResponse);
  } catch (e) {
    port.postMessage({
      id: msg.id,
      type: 'error',
      message: (e as Error).stack ?? String(e),
    } satisfies WorkerResponse);
  }
});
