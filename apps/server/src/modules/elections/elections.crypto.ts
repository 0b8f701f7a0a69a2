/** The election-crypto calls the server makes, in one place (a thin layer over the package). */
import {
  aggregateBallots,
  buildBoard,
  buildParameters,
  checkDecryptionShare,
  combineDecryptionShares,
  countedBallots,
  type DecryptionShareJson,
  defaultGroup,
  type ElectionParameters,
  type ElectionRecord,
  type EncryptedBallot,
  encodeHex,
  type Manifest,
  manifestHash,
  RECORD_FORMAT,
  type ResultsJson,
  revoteOwner,
  revoteTag,
  serializeRecord,
  type TallyJson,
  type TrusteePublic,
  verificationKey,
  verifyBallot,
  verifyTrusteePublic,
} from '@unionhall/election-crypto';
import type { ContestDef } from './elections.rules.js';

export type { DecryptionShareJson, ElectionParameters, EncryptedBallot, Manifest, TallyJson, TrusteePublic };

/** The crypto manifest of an election: contest and option ids are the module's slugs. */
export function toManifest(electionId: string, title: string, contests: ContestDef[]): Manifest {
  return {
    election_id: electionId,
    title,
    contests: contests.map((c) => ({
      id: c.id,
      title: c.title,
      min_selections: c.minSelections,
      max_selections: c.maxSelections,
      options: c.candidates.map((o) => ({ id: o.id, title: o.name })),
    })),
  };
}

export const hashOfManifest = manifestHash;
export { serializeRecord };

export function trusteePublicValid(manifest: Manifest, pub: TrusteePublic, threshold: number): boolean {
  return verifyTrusteePublic(defaultGroup(), manifestHash(manifest), pub, threshold);
}

export function parametersOf(
  manifest: Manifest,
  pubs: TrusteePublic[],
  threshold: number,
): ElectionParameters {
  return buildParameters(defaultGroup(), manifest, pubs, threshold);
}

/** null if the ballot verifies, else the name of the first failing check. */
export function ballotProblem(
  manifest: Manifest,
  params: ElectionParameters,
  ballot: EncryptedBallot,
): string | null {
  try {
    const r = verifyBallot(manifest, params, ballot);
    return r.ok ? null : r.check;
  } catch {
    return 'format';
  }
}

/**
 * The published board (every stored ballot, then one supersede entry per ballot replaced by a
 * re-vote) and the homomorphic tally of the ballots that count (those not superseded).
 */
export function boardAndTally(
  manifest: Manifest,
  params: ElectionParameters,
  ballots: EncryptedBallot[],
  supersedes: { tracking_code: string; revote_secret: string }[] = [],
) {
  const board = buildBoard(params.parameter_hash, ballots, supersedes);
  return { board, tally: aggregateBallots(defaultGroup(), manifest, countedBallots(board)) };
}

/** Re-voting: the ballot tag and the voted-mark owner check of a re-vote code (two unrelated hashes). */
export function revoteHashes(params: ElectionParameters, secret: string): { tag: string; owner: string } {
  return { tag: revoteTag(params.parameter_hash, secret), owner: revoteOwner(params.parameter_hash, secret) };
}

/** null if trustee `share.trustee`'s decryption share and proofs check out, else the failing check. */
export function decryptionProblem(
  manifest: Manifest,
  params: ElectionParameters,
  tally: TallyJson,
  pubs: TrusteePublic[],
  share: DecryptionShareJson,
): string | null {
  try {
    const g = defaultGroup();
    const vk = encodeHex(g, verificationKey(g, pubs, share.trustee));
    return checkDecryptionShare(g, manifest, params.parameter_hash, tally, share, vk);
  } catch {
    return 'format';
  }
}

export function countVotes(
  manifest: Manifest,
  tally: TallyJson,
  shares: DecryptionShareJson[],
  threshold: number,
  ballots: number,
  eligible: number,
): ResultsJson {
  const counts = combineDecryptionShares(defaultGroup(), tally, shares, threshold, Math.max(ballots, 1));
  return {
    contests: manifest.contests.map((c, ci) => ({
      contest_id: c.id,
      options: c.options.map((o, oi) => ({ option_id: o.id, votes: counts[ci]![oi]! })),
    })),
    ballots_counted: ballots,
    eligible_voters: eligible,
  };
}

export function buildRecord(parts: Omit<ElectionRecord, 'format'>): ElectionRecord {
  return { format: RECORD_FORMAT, ...parts };
}
