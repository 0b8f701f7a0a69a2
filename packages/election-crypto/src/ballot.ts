/**
 * Ballot encryption on the voter's device, tracking codes, and the Benaloh cast-or-audit
 * challenge. Every option is encrypted separately (0 or 1) with a one-of proof over {0, 1};
 * each contest adds a one-of proof that the homomorphic sum of its options is within
 * [min_selections, max_selections].
 */
import { concatBytes, toHex, u32be } from './bytes.js';
import { canonicalJson } from './canonical.js';
import { resolveContext } from './context.js';
import { type CiphertextJson, encrypt } from './elgamal.js';
import type { Group } from './group.js';
import { nobleGroup } from './group-noble.js';
import { hashParts, type Part, TAG } from './hash.js';
import { type ContestManifest, contestRange, type Manifest, type PublicContext } from './manifest.js';
import { type OneOfProofJson, proveOneOf } from './proofs.js';
import { type Rng, randomScalar, secureRng } from './rng.js';
import { mod, scalarToHex } from './scalar.js';

/** One encrypted option with its 0-or-1 proof. */
export interface OptionCiphertextJson {
  ciphertext: CiphertextJson;
  proof: OneOfProofJson;
}

/** One contest of a ballot; options in manifest order. */
export interface ContestBallotJson {
  contest_id: string;
  options: OptionCiphertextJson[];
  range_proof: OneOfProofJson;
}

/** A cast (or audited) ballot as stored on the bulletin board. No voter identity, no time. */
export interface EncryptedBallot {
  contests: ContestBallotJson[];
  tracking_code: string;
  /**
   * Only where the election allows re-voting: H("revote-tag", Q, s) for the voter's secret
   * re-vote code s (see revote.ts). Not part of the tracking code, which covers the contests only.
   */
  revote_tag?: string;
}

/** Chosen option ids per contest id. */
export type Selections = Record<string, readonly string[]>;

/** What the device keeps to answer an audit challenge: per contest, per option nonce (hex). */
export interface BallotSecrets {
  nonces: string[][];
  selections: Selections;
}

/** Options for `encryptBallot`. */
export interface EncryptOptions<P> {
  rng?: Rng;
  /** Defaults to the constant-time reference group: voter secrets stay off variable-time code. */
  group?: Group<P>;
}

/** Statement hash parts of an option's 0/1 proof. */
export function optionProofParts(
  paramHash: Uint8Array,
  contestId: string,
  optionId: string,
  ct: Uint8Array,
): Part[] {
  return [paramHash, contestId, optionId, ct];
}

/** Statement hash parts of a contest's range proof: all option ciphertexts, concatenated. */
export function contestProofParts(paramHash: Uint8Array, c: ContestManifest, cts: Uint8Array): Part[] {
  return [paramHash, c.id, u32be(c.min_selections), u32be(c.max_selections), cts];
}

/** Tracking code = H("tracking-code", parameter_hash, canonical JSON of {contests}). */
export function trackingCode(paramHash: Uint8Array, contests: readonly ContestBallotJson[]): string {
  return toHex(hashParts(TAG.trackingCode, [paramHash, canonicalJson({ contests })]));
}

/**
 * Turn selections into 0/1 vectors in manifest order.
 * @throws Error for unknown ids, duplicates or counts outside [min, max].
 */
export function selectionVectors(manifest: Manifest, selections: Selections): number[][] {
  const known = new Set(manifest.contests.map((c) => c.id));
  for (const id of Object.keys(selections)) if (!known.has(id)) throw new Error(`unknown contest ${id}`);
  return manifest.contests.map((c) => {
    const chosen = selections[c.id] ?? [];
    const set = new Set(chosen);
    if (set.size !== chosen.length) throw new Error(`duplicate selection in ${c.id}`);
    for (const id of set)
      if (!c.options.some((o) => o.id === id)) throw new Error(`unknown option ${id} in ${c.id}`);
    if (set.size < c.min_selections || set.size > c.max_selections) {
      throw new Error(`contest ${c.id} needs between ${c.min_selections} and ${c.max_selections} selections`);
    }
    return c.options.map((o) => (set.has(o.id) ? 1 : 0));
  });
}

/**
 * Encrypt a voter's selections. Returns the ballot to cast and the secrets needed if the voter
 * chooses to audit it instead (the secrets must never be sent with a cast ballot).
 * @throws Error if the selections do not fit the manifest.
 */
export function encryptBallot<P = unknown>(
  manifest: Manifest,
  ctx: PublicContext,
  selections: Selections,
  rngOrOptions?: Rng | EncryptOptions<P>,
): { ballot: EncryptedBallot; secrets: BallotSecrets } {
  const opts: EncryptOptions<P> =
    rngOrOptions && typeof (rngOrOptions as Rng).bytes === 'function'
      ? { rng: rngOrOptions as Rng }
      : ((rngOrOptions as EncryptOptions<P>) ?? {});
  const g = (opts.group ?? nobleGroup) as Group<P>;
  const rng = opts.rng ?? secureRng;
  const { paramHash, mulK } = resolveContext(g, ctx);
  const vectors = selectionVectors(manifest, selections);
  const nonces: string[][] = [];
  const contests = manifest.contests.map((c, ci) => {
    const ms = vectors[ci]!;
    const rs = ms.map(() => randomScalar(rng));
    nonces.push(rs.map(scalarToHex));
    const encoded: Uint8Array[] = [];
    const options: OptionCiphertextJson[] = ms.map((m, oi) => {
      const ct = encrypt(g, mulK, m, rs[oi]!);
      const alpha = g.encode(ct.alpha);
      const beta = g.encode(ct.beta);
      const both = concatBytes(alpha, beta);
      encoded.push(both);
      const st = {
        tag: TAG.optionProof,
        parts: optionProofParts(paramHash, c.id, c.options[oi]!.id, both),
        values: [0, 1],
        alpha: ct.alpha,
        beta: ct.beta,
      };
      return {
        ciphertext: { alpha: toHex(alpha), beta: toHex(beta) },
        proof: proveOneOf(g, mulK, st, rs[oi]!, m, rng),
      };
    });
    // The range proof is about the sum ciphertext, whose randomness is the sum of the nonces;
    // the prover never needs the sum's points, only r and m (see proveOneOf).
    const rSum = mod(rs.reduce((a, b) => a + b, 0n));
    const mSum = ms.reduce((a, b) => a + b, 0);
    const st = {
      tag: TAG.contestProof,
      parts: contestProofParts(paramHash, c, concatBytes(...encoded)),
      values: contestRange(c),
      alpha: g.identity,
      beta: g.identity,
    };
    return { contest_id: c.id, options, range_proof: proveOneOf(g, mulK, st, rSum, mSum, rng) };
  });
  const ballot: EncryptedBallot = { contests, tracking_code: trackingCode(paramHash, contests) };
  return { ballot, secrets: { nonces, selections } };
}
