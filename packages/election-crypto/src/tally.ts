/**
 * Tally: homomorphic sums, trustees' decryption shares with Chaum-Pedersen proofs, and the
 * threshold combination. For a summed ciphertext (alpha, beta) trustee j publishes
 * D_j = s_j alpha with a proof that log_G(VK_j) = log_alpha(D_j); any k shares give
 * mG = beta - sum_j lambda_j D_j (Lagrange coefficients at 0), and m by baby-step giant-step.
 */
import type { EncryptedBallot } from './ballot.js';
import { fromHex, u32be } from './bytes.js';
import { discreteLog } from './dlog.js';
import type { CiphertextJson } from './elgamal.js';
import { decodeHex, encodeHex, type Group } from './group.js';
import { type Part, TAG } from './hash.js';
import type { Manifest } from './manifest.js';
import { type ChaumPedersenProofJson, proveChaumPedersen, verifyChaumPedersen } from './proofs-dlog.js';
import { type Rng, secureRng } from './rng.js';
import { lagrangeAtZero, scalarFromHex } from './scalar.js';
import type { TrusteeSecret } from './trustee.js';

/** Homomorphic sums per contest, options in manifest order. */
export interface TallyJson {
  contests: { contest_id: string; options: CiphertextJson[] }[];
}

/** One trustee's decryption share of every summed ciphertext. */
export interface DecryptionShareJson {
  trustee: number;
  contests: { contest_id: string; options: { share: string; proof: ChaumPedersenProofJson }[] }[];
}

/** Plaintext results and counts. */
export interface ResultsJson {
  contests: { contest_id: string; options: { option_id: string; votes: number }[] }[];
  ballots_counted: number;
  eligible_voters?: number;
}

/** Sum every ballot's ciphertexts (reference path: decode and add one by one). */
export function aggregateBallots<P>(
  g: Group<P>,
  manifest: Manifest,
  ballots: readonly EncryptedBallot[],
): TallyJson {
  return {
    contests: manifest.contests.map((c, ci) => ({
      contest_id: c.id,
      options: c.options.map((_, oi) => {
        let alpha = g.identity;
        let beta = g.identity;
        for (const b of ballots) {
          const ct = b.contests[ci]!.options[oi]!.ciphertext;
          alpha = g.add(alpha, decodeHex(g, ct.alpha));
          beta = g.add(beta, decodeHex(g, ct.beta));
        }
        return { alpha: encodeHex(g, alpha), beta: encodeHex(g, beta) };
      }),
    })),
  };
}

/** Statement parts of a decryption proof; the proof proves log_G(VK) = log_alpha(D). */
export function decryptionProofParts(
  paramHash: string,
  trustee: number,
  contestId: string,
  optionId: string,
  alpha: string,
  share: string,
  vk: string,
): Part[] {
  return [
    fromHex(paramHash, 32),
    u32be(trustee),
    contestId,
    optionId,
    fromHex(alpha, 32),
    fromHex(share, 32),
    fromHex(vk, 32),
  ];
}

/**
 * Compute trustee `secret.index`'s decryption share of the tally.
 * @throws Error if the trustee has no key share yet.
 */
export function computeDecryptionShare<P>(
  g: Group<P>,
  manifest: Manifest,
  paramHash: string,
  secret: TrusteeSecret,
  tally: TallyJson,
  rng: Rng = secureRng,
): DecryptionShareJson {
  if (!secret.key_share) throw new Error('trustee has no key share');
  const s = scalarFromHex(secret.key_share);
  const vk = encodeHex(g, g.mulG(s));
  return {
    trustee: secret.index,
    contests: manifest.contests.map((c, ci) => ({
      contest_id: c.id,
      options: c.options.map((o, oi) => {
        const alphaHex = tally.contests[ci]!.options[oi]!.alpha;
        const alpha = decodeHex(g, alphaHex);
        const share = encodeHex(g, g.mulSecret(alpha, s));
        const parts = decryptionProofParts(paramHash, secret.index, c.id, o.id, alphaHex, share, vk);
        return { share, proof: proveChaumPedersen(g, TAG.decryptionProof, parts, alpha, s, rng) };
      }),
    })),
  };
}

/**
 * Check one trustee's decryption shares against its verification key. Returns the first
 * failing check's name relative to the share (e.g. `contest[0].option[1].proof`) or null.
 */
export function checkDecryptionShare<P>(
  g: Group<P>,
  manifest: Manifest,
  paramHash: string,
  tally: TallyJson,
  share: DecryptionShareJson,
  vkHex: string,
): string | null {
  if (!Array.isArray(share.contests) || share.contests.length !== manifest.contests.length) return 'format';
  const vk = decodeHex(g, vkHex);
  for (let ci = 0; ci < manifest.contests.length; ci++) {
    const c = manifest.contests[ci]!;
    const sc = share.contests[ci]!;
    if (sc?.contest_id !== c.id || !Array.isArray(sc.options) || sc.options.length !== c.options.length)
      return 'format';
    for (let oi = 0; oi < c.options.length; oi++) {
      const where = `contest[${ci}].option[${oi}].proof`;
      const alphaHex = tally.contests[ci]!.options[oi]!.alpha;
      const entry = sc.options[oi]!;
      try {
        const D = decodeHex(g, entry.share);
        const parts = decryptionProofParts(
          paramHash,
          share.trustee,
          c.id,
          c.options[oi]!.id,
          alphaHex,
          entry.share,
          vkHex,
        );
        if (!verifyChaumPedersen(g, TAG.decryptionProof, parts, decodeHex(g, alphaHex), D, vk, entry.proof))
          return where;
      } catch {
        return where;
      }
    }
  }
  return null;
}

/**
 * Combine decryption shares of (at least) k distinct trustees into vote counts.
 * Uses the first k shares given; with valid proofs every k-subset gives the same counts.
 * @throws Error with fewer than k shares or if a total exceeds `maxTotal`.
 */
export function combineDecryptionShares<P>(
  g: Group<P>,
  tally: TallyJson,
  shares: readonly DecryptionShareJson[],
  threshold: number,
  maxTotal = 10_000_000,
): number[][] {
  const used = shares.slice(0, threshold);
  const indices = used.map((s) => s.trustee);
  if (used.length < threshold || new Set(indices).size !== used.length)
    throw new Error('need k distinct shares');
  const lambdas = indices.map((i) => lagrangeAtZero(i, indices));
  return tally.contests.map((c, ci) =>
    c.options.map((ct, oi) => {
      const combined = g.msm(
        used.map((s) => decodeHex(g, s.contests[ci]!.options[oi]!.share)),
        lambdas,
      );
      return discreteLog(g, g.sub(decodeHex(g, ct.beta), combined), maxTotal);
    }),
  );
}
