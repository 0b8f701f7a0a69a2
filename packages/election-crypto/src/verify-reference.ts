/**
 * The reference verifier: every check done plainly, one proof at a time, on the audited
 * @noble/curves implementation. Slow (tens of milliseconds per ballot) but obviously correct;
 * the fast verifier must return exactly what this returns, for every record.
 */
import { checkBallotReference } from './ballot-verify.js';
import { boardEntryHash } from './board.js';
import { nobleGroup as g } from './group-noble.js';
import type { ElectionRecord } from './record.js';
import { checkSupersedes, countedBallots } from './revote.js';
import { aggregateBallots } from './tally.js';
import { checkDecryptionAndResults, checkHeader, checkTally } from './verify-parts.js';

/** Outcome of verifying a record. */
export type VerifyResult = { ok: true; ballots: number } | { ok: false; check: string };

/** Verify a whole record plainly. Returns the first failing check (see the spec for names). */
export function verifyRecordReference(record: ElectionRecord): VerifyResult {
  const head = checkHeader(g, record);
  if (head.check !== null) return { ok: false, check: head.check };
  const { manifest, board } = record;
  let prev = board.genesis;
  const seen = new Set<string>();
  for (let i = 0; i < board.entries.length; i++) {
    const entry = board.entries[i];
    if (!entry || typeof entry !== 'object' || typeof entry.hash !== 'string')
      return { ok: false, check: `ballot[${i}].format` };
    const bad = checkBallotReference(g, manifest, head.rc, entry.ballot);
    if (bad) return { ok: false, check: `ballot[${i}].${bad}` };
    if (entry.hash !== boardEntryHash(prev, entry.ballot)) return { ok: false, check: `ballot[${i}].chain` };
    if (seen.has(entry.ballot.tracking_code)) return { ok: false, check: `ballot[${i}].duplicate` };
    seen.add(entry.ballot.tracking_code);
    prev = entry.hash;
  }
  const sup = checkSupersedes(record.parameters.parameter_hash, board);
  if (sup.check !== null) return { ok: false, check: sup.check };
  if (board.head !== sup.head) return { ok: false, check: 'board.head' };
  // Only ballots that no supersede entry names are counted (re-voting: the last ballot counts).
  const computed = aggregateBallots(g, manifest, countedBallots(board));
  const tallyBad = checkTally(record, computed);
  if (tallyBad) return { ok: false, check: tallyBad };
  const tail = checkDecryptionAndResults(g, record);
  if (tail) return { ok: false, check: tail };
  return { ok: true, ballots: board.entries.length - sup.superseded.length };
}
