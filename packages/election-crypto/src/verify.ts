/**
 * verifyRecord: the fast verifier. Same checks and same failure names as
 * `verifyRecordReference`, but ballot proofs are verified in batches (one multi-scalar
 * multiplication per batch) on the default group, and the board can be split across workers
 * by passing a `runner` (see the Node entry).
 */
import { randomWeights } from './batch.js';
import type { BoardEntry } from './board.js';
import type { ResolvedContext } from './context.js';
import { addInto } from './elgamal.js';
import type { EncryptedBallot } from './ballot.js';
import { decodeHex, encodeHex, type Group } from './group.js';
import { defaultGroup } from './group-default.js';
import type { ElectionRecord } from './record.js';
import { checkSupersedes } from './revote.js';
import { aggregateBallots, type TallyJson } from './tally.js';
import { verifyChunk } from './verify-batch.js';
import { checkDecryptionAndResults, checkHeader, checkTally } from './verify-parts.js';
import type { VerifyResult } from './verify-reference.js';

/** Progress of a verification, reported as ballots are verified. */
export interface VerifyProgress {
  phase: 'header' | 'ballots' | 'tally' | 'done';
  done: number;
  total: number;
}

/** What a ballot-section runner returns: first failure (absolute index) and the computed tally. */
export interface BallotSectionOutcome {
  failure: { index: number; check: string } | null;
  tally: TallyJson;
}

/** Verifies every board entry (proofs, tracking codes, chain) and sums the ciphertexts. */
export type BallotSectionRunner = (args: {
  record: ElectionRecord;
  onBallots: (n: number) => void;
}) => Promise<BallotSectionOutcome>;

/** Options of `verifyRecord`. */
export interface VerifyOptions {
  onProgress?: (p: VerifyProgress) => void;
  group?: Group<unknown>;
  runner?: BallotSectionRunner;
  batchSize?: number;
}

/** Run the ballot section in this thread, yielding to the event loop between batches. */
export function inProcessRunner(
  g: Group<unknown>,
  rc: ResolvedContext<unknown>,
  batchSize?: number,
): BallotSectionRunner {
  return async ({ record, onBallots }) => {
    const { manifest, board } = record;
    const weights = randomWeights();
    const sums = manifest.contests.map((c) => c.options.map(() => ({ alpha: g.identity, beta: g.identity })));
    const slice = 2048;
    for (let start = 0; start < board.entries.length; start += slice) {
      const entries: readonly BoardEntry[] = board.entries.slice(start, start + slice);
      const prev = start === 0 ? board.genesis : String(board.entries[start - 1]?.hash);
      const out = verifyChunk(g, manifest, rc, { start, entries, prev }, weights, {
        batchSize,
        onBatch: onBallots,
      });
      if (out.failure) return { failure: out.failure, tally: { contests: [] } };
      addInto(g, sums, out.sums);
      // Let a browser repaint and progress callbacks run.
      await new Promise((r) => setTimeout(r, 0));
    }
    return { failure: null, tally: encodeTally(g, record, sums) };
  };
}

/** Encode per-option sums into the tally's record form. */
export function encodeTally<P>(
  g: Group<P>,
  record: ElectionRecord,
  sums: { alpha: P; beta: P }[][],
): TallyJson {
  return {
    contests: record.manifest.contests.map((c, ci) => ({
      contest_id: c.id,
      options: sums[ci]!.map((s) => ({ alpha: encodeHex(g, s.alpha), beta: encodeHex(g, s.beta) })),
    })),
  };
}

/** First ballot index whose tracking code appeared earlier on the board, or -1. */
export function firstDuplicate(record: ElectionRecord): number {
  const seen = new Set<string>();
  const entries = record.board.entries;
  for (let i = 0; i < entries.length; i++) {
    const code = entries[i]?.ballot?.tracking_code;
    if (typeof code === 'string') {
      if (seen.has(code)) return i;
      seen.add(code);
    }
  }
  return -1;
}

/**
 * Verify a whole election record. Resolves to `{ok: true, ballots}` or to `{ok: false, check}`
 * naming the first failing check, identical to what the reference verifier names.
 */
export async function verifyRecord(record: ElectionRecord, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const g = opts.group ?? defaultGroup();
  const total = Array.isArray(record?.board?.entries) ? record.board.entries.length : 0;
  opts.onProgress?.({ phase: 'header', done: 0, total });
  const head = checkHeader(g, record);
  if (head.check !== null) return { ok: false, check: head.check };
  let done = 0;
  const runner = opts.runner ?? inProcessRunner(g, head.rc, opts.batchSize);
  const section = await runner({
    record,
    onBallots: (n) => {
      done += n;
      opts.onProgress?.({ phase: 'ballots', done, total });
    },
  });
  const dup = firstDuplicate(record);
  const fail = section.failure;
  if (fail && (dup < 0 || fail.index <= dup))
    return { ok: false, check: `ballot[${fail.index}].${fail.check}` };
  if (dup >= 0) return { ok: false, check: `ballot[${dup}].duplicate` };
  const sup = checkSupersedes(record.parameters.parameter_hash, record.board);
  if (sup.check !== null) return { ok: false, check: sup.check };
  if (record.board.head !== sup.head) return { ok: false, check: 'board.head' };
  opts.onProgress?.({ phase: 'tally', done: total, total });
  const counted =
    sup.superseded.length === 0
      ? section.tally
      : withoutBallots(
          g,
          record,
          section.tally,
          sup.superseded.map((i) => record.board.entries[i]!.ballot),
        );
  const tallyBad = checkTally(record, counted);
  if (tallyBad) return { ok: false, check: tallyBad };
  const tail = checkDecryptionAndResults(g, record);
  if (tail) return { ok: false, check: tail };
  opts.onProgress?.({ phase: 'done', done: total, total });
  return { ok: true, ballots: total - sup.superseded.length };
}

/** The sums minus the ciphertexts of `ballots` (superseded ones, already verified to decode). */
function withoutBallots<P>(
  g: Group<P>,
  record: ElectionRecord,
  sums: TallyJson,
  ballots: readonly EncryptedBallot[],
): TallyJson {
  const gone = aggregateBallots(g, record.manifest, ballots);
  return encodeTally(
    g,
    record,
    record.manifest.contests.map((c, ci) =>
      c.options.map((_, oi) => {
        const all = sums.contests[ci]!.options[oi]!;
        const sub = gone.contests[ci]!.options[oi]!;
        return {
          alpha: g.sub(decodeHex(g, all.alpha), decodeHex(g, sub.alpha)),
          beta: g.sub(decodeHex(g, all.beta), decodeHex(g, sub.beta)),
        };
      }),
    ),
  );
}
