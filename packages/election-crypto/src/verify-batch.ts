/**
 * Fast verification of a run of board entries: cheap checks per ballot (hashes, encodings,
 * chain link), all group equations of up to `batchSize` ballots in one multi-scalar
 * multiplication, and bisection to find the first bad ballot when a batch fails. Runs the
 * same way in the main thread, in a browser, or in a worker on one slice of the board.
 */
import { type AccumulatedBallot, accumulateBallot, checkBallotReference } from './ballot-verify.js';
import { LinearCombination, type WeightSource } from './batch.js';
import { type BoardEntry, boardEntryHash } from './board.js';
import type { ResolvedContext } from './context.js';
import { addInto } from './elgamal.js';
import type { Group } from './group.js';
import { fromHex, toHex } from './bytes.js';
import { hashParts, TAG } from './hash.js';
import type { Manifest } from './manifest.js';

/** A slice of the board: entries[0] is board entry `start`; `prev` is the hash before it. */
export interface ChunkInput {
  start: number;
  entries: readonly BoardEntry[];
  prev: string;
}

/** What a slice yields: its first failure (absolute index, named check) and partial sums. */
export interface ChunkOutcome<P> {
  failure: { index: number; check: string } | null;
  sums: { alpha: P; beta: P }[][];
}

/** Name the first failing check of one entry exactly as the reference verifier would. */
export function nameEntryFailure<P>(
  g: Group<P>,
  manifest: Manifest,
  rc: ResolvedContext<P>,
  entry: BoardEntry,
  prev: string,
): string | null {
  if (!entry || typeof entry !== 'object' || typeof entry.hash !== 'string') return 'format';
  const bad = checkBallotReference(g, manifest, rc, entry.ballot);
  if (bad) return bad;
  try {
    return entry.hash === boardEntryHash(prev, entry.ballot) ? null : 'chain';
  } catch {
    // A malformed previous hash (only possible at a slice boundary) cannot link to anything.
    return 'chain';
  }
}

// Same as boardEntryHash, reusing the canonical form accumulateBallot already built.
function chainHash(prev: string, canonical: string): string | null {
  try {
    return toHex(hashParts(TAG.boardEntry, [fromHex(prev, 32), canonical]));
  } catch {
    return null;
  }
}

function merged<P>(
  items: readonly { acc: AccumulatedBallot<P> }[],
  lo: number,
  hi: number,
): LinearCombination<P> {
  const lc = new LinearCombination<P>();
  for (let i = lo; i < hi; i++) lc.append(items[i]!.acc.lc);
  return lc;
}

// Precondition: items[lo, hi) fails as a whole. Returns the position of its first bad ballot.
function bisect<P>(
  g: Group<P>,
  K: P,
  items: readonly { acc: AccumulatedBallot<P> }[],
  lo: number,
  hi: number,
): number {
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (!merged(items, lo, mid).isIdentity(g, K)) hi = mid;
    else lo = mid;
  }
  return lo;
}

/**
 * Verify a slice of the board. `onBatch` is called after each batch with the number of
 * ballots it covered (for progress reporting).
 */
export function verifyChunk<P>(
  g: Group<P>,
  manifest: Manifest,
  rc: ResolvedContext<P>,
  input: ChunkInput,
  weights: WeightSource,
  opts: { batchSize?: number; onBatch?: (n: number) => void } = {},
): ChunkOutcome<P> {
  // 512 ballots (about 20,000 points per multi-scalar multiplication): Pippenger's cost per point
  // still falls noticeably from 128 (about 10% less CPU per ballot measured); a failing batch costs
  // a few more halvings to find the first bad ballot.
  const batchSize = opts.batchSize ?? 512;
  const sums = manifest.contests.map((c) => c.options.map(() => ({ alpha: g.identity, beta: g.identity })));
  let pending: { index: number; acc: AccumulatedBallot<P> }[] = [];
  let firstBad = -1;
  let prev = input.prev;

  const flush = (): boolean => {
    if (pending.length === 0) return true;
    const ok = merged(pending, 0, pending.length).isIdentity(g, rc.K);
    if (!ok) firstBad = pending[bisect(g, rc.K, pending, 0, pending.length)]!.index;
    else {
      for (const { acc } of pending) addInto(g, sums, acc.cts);
    }
    opts.onBatch?.(pending.length);
    pending = [];
    return ok;
  };

  for (let i = 0; i < input.entries.length; i++) {
    const entry = input.entries[i]!;
    const index = input.start + i;
    const cheapOk = !!entry && typeof entry === 'object' && typeof entry.hash === 'string';
    const acc = cheapOk ? accumulateBallot(g, manifest, rc, entry.ballot, weights) : null;
    if (!acc || acc.failed || entry.hash !== chainHash(prev, acc.canonical!)) {
      // Ballots before this one may still fail in their batch, and would come first.
      if (flush()) firstBad = index;
      break;
    }
    prev = entry.hash;
    pending.push({ index, acc });
    if (pending.length >= batchSize && !flush()) break;
  }
  if (firstBad < 0) flush();
  if (firstBad < 0) return { failure: null, sums };
  const at = firstBad - input.start;
  const before = at === 0 ? input.prev : input.entries[at - 1]!.hash;
  const check = nameEntryFailure(g, manifest, rc, input.entries[at]!, before) ?? 'batch';
  return { failure: { index: firstBad, check }, sums };
}
