/**
 * Re-voting (ELECTIONS.md E2, E13) without a stored voter-ballot link.
 *
 * Where the election's rules allow re-voting, the voter's device draws a secret re-vote code `s`
 * (32 random bytes) and casts its ballot with `revote_tag = H("revote-tag", Q, s)`. To replace
 * the ballot the voter later sends `s` with a new ballot; the board then carries a supersede
 * entry `{tracking_code, revote_secret: s}` naming the replaced ballot, and only ballots that no
 * supersede entry names are counted. Supersede entries are chained after all ballot entries,
 * so every one of them follows the ballot it names.
 *
 * `revoteOwner(Q, s)` is a second, unrelated hash of `s` the server keeps on the voter's
 * voted mark so that only the voter who cast a ballot (with their own fresh login) can present
 * its code; without `s` the two hashes cannot be matched to each other. It is not in the record.
 */
import type { EncryptedBallot } from './ballot.js';
import type { BoardJson } from './board.js';
import { fromHex, toHex } from './bytes.js';
import { canonicalJson } from './canonical.js';
import { hashParts, TAG } from './hash.js';
import { type Rng, secureRng } from './rng.js';

/** A supersede entry of the board: the replaced ballot's tracking code and the revealed code. */
export interface SupersedeEntry {
  tracking_code: string;
  revote_secret: string;
  hash: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** True for 64 lowercase hex characters (a 32-byte value as the record writes it). */
export function isHex32(v: unknown): v is string {
  return typeof v === 'string' && HEX64.test(v);
}

/** A fresh secret re-vote code: 32 random bytes as 64 hex characters. */
export function createRevoteSecret(rng: Rng = secureRng): string {
  return toHex(rng.bytes(32));
}

/** The tag a ballot carries: H("revote-tag", Q, s). @throws Error on malformed hex. */
export function revoteTag(parameterHashHex: string, secretHex: string): string {
  return toHex(hashParts(TAG.revoteTag, [fromHex(parameterHashHex, 32), fromHex(secretHex, 32)]));
}

/** The server-side owner check kept on the voted mark: H("revote-owner", Q, s). */
export function revoteOwner(parameterHashHex: string, secretHex: string): string {
  return toHex(hashParts(TAG.revoteOwner, [fromHex(parameterHashHex, 32), fromHex(secretHex, 32)]));
}

/** The ballot with its re-vote tag attached (the tracking code does not change). */
export function withRevoteTag(ballot: EncryptedBallot, tag: string): EncryptedBallot {
  return { contests: ballot.contests, tracking_code: ballot.tracking_code, revote_tag: tag };
}

/** link = H("board-supersede", previous hash, canonical({revote_secret, tracking_code})). */
export function supersedeEntryHash(
  prevHex: string,
  s: { tracking_code: string; revote_secret: string },
): string {
  return toHex(
    hashParts(TAG.boardSupersede, [
      fromHex(prevHex, 32),
      canonicalJson({ revote_secret: s.revote_secret, tracking_code: s.tracking_code }),
    ]),
  );
}

/** Chain supersede entries after `prevHex` (the last ballot entry's hash, or the genesis). */
export function chainSupersedes(
  prevHex: string,
  items: readonly { tracking_code: string; revote_secret: string }[],
): SupersedeEntry[] {
  let prev = prevHex;
  return items.map((s) => {
    prev = supersedeEntryHash(prev, s);
    return { tracking_code: s.tracking_code, revote_secret: s.revote_secret, hash: prev };
  });
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Outcome of the supersede checks: the first failure, or the board indices superseded. */
export type SupersedeOutcome = { check: string } | { check: null; superseded: number[]; head: string };

/**
 * Check the board's supersede entries in order (spec §3 step 12), assuming every ballot entry
 * has already passed. Names: supersede[j].format, .chain, .reference, .secret, .duplicate.
 */
export function checkSupersedes(parameterHashHex: string, board: BoardJson): SupersedeOutcome {
  const entries = board.entries;
  let prev = entries.length === 0 ? board.genesis : entries[entries.length - 1]!.hash;
  const list = board.supersedes ?? [];
  const indexOf = new Map<string, number>();
  entries.forEach((e, i) => {
    if (!indexOf.has(e.ballot.tracking_code)) indexOf.set(e.ballot.tracking_code, i);
  });
  const done = new Set<number>();
  for (let j = 0; j < list.length; j++) {
    const s = list[j] as unknown;
    const where = `supersede[${j}]`;
    if (
      !isObj(s) ||
      Object.keys(s).length !== 3 ||
      !isHex32(s.tracking_code) ||
      !isHex32(s.revote_secret) ||
      typeof s.hash !== 'string'
    )
      return { check: `${where}.format` };
    const entry = s as unknown as SupersedeEntry;
    if (entry.hash !== supersedeEntryHash(prev, entry)) return { check: `${where}.chain` };
    prev = entry.hash;
    const i = indexOf.get(entry.tracking_code);
    if (i === undefined) return { check: `${where}.reference` };
    if (entries[i]!.ballot.revote_tag !== revoteTag(parameterHashHex, entry.revote_secret))
      return { check: `${where}.secret` };
    if (done.has(i)) return { check: `${where}.duplicate` };
    done.add(i);
  }
  return { check: null, superseded: [...done].sort((a, b) => a - b), head: prev };
}

/** The ballots of a board that count: those no supersede entry names. */
export function countedBallots(board: BoardJson): EncryptedBallot[] {
  const gone = new Set((board.supersedes ?? []).map((s) => s.tracking_code));
  return board.entries.map((e) => e.ballot).filter((b) => !gone.has(b.tracking_code));
}
