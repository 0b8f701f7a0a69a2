/**
 * The bulletin board: an append-only list of cast ballots, hash-chained from a genesis value
 * bound to the election's parameter hash. Changing, removing, inserting or reordering any entry
 * changes every later link, so a voter who sees their tracking code in a board whose head hash
 * matches the published one knows their ballot is in the count unchanged.
 */
import type { EncryptedBallot } from './ballot.js';
import { fromHex, toHex } from './bytes.js';
import { canonicalJson } from './canonical.js';
import { hashParts, TAG } from './hash.js';
import { chainSupersedes, type SupersedeEntry } from './revote.js';

/** One board entry: the ballot and the chain hash after it. */
export interface BoardEntry {
  ballot: EncryptedBallot;
  hash: string;
}

/**
 * The published board. Supersede entries (re-voting, revote.ts) are chained after all ballot
 * entries and are absent when no ballot was replaced. `head` is the hash of the last entry of
 * either kind (the genesis when empty).
 */
export interface BoardJson {
  genesis: string;
  entries: BoardEntry[];
  supersedes?: SupersedeEntry[];
  head: string;
}

/** genesis = H("board-genesis", parameter_hash). */
export function boardGenesis(parameterHashHex: string): string {
  return toHex(hashParts(TAG.boardGenesis, [fromHex(parameterHashHex, 32)]));
}

/** entry hash = H("board-entry", previous hash, canonical JSON of the ballot). */
export function boardEntryHash(prevHex: string, ballot: EncryptedBallot): string {
  return toHex(hashParts(TAG.boardEntry, [fromHex(prevHex, 32), canonicalJson(ballot)]));
}

/**
 * Build a board from ballots in publication order, then the supersede entries (each naming a
 * ballot of `ballots` by tracking code with the revealed re-vote code).
 */
export function buildBoard(
  parameterHashHex: string,
  ballots: readonly EncryptedBallot[],
  supersedes: readonly { tracking_code: string; revote_secret: string }[] = [],
): BoardJson {
  const genesis = boardGenesis(parameterHashHex);
  let prev = genesis;
  const entries = ballots.map((ballot) => {
    prev = boardEntryHash(prev, ballot);
    return { ballot, hash: prev };
  });
  if (supersedes.length === 0) return { genesis, entries, head: prev };
  const chained = chainSupersedes(prev, supersedes);
  return { genesis, entries, supersedes: chained, head: chained[chained.length - 1]!.hash };
}
