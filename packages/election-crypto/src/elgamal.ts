/**
 * Exponential ElGamal on ristretto255: Enc(m; r) = (alpha, beta) = (rG, mG + rK).
 * Multiplying ciphertexts (adding points) adds plaintexts, which is what makes the tally
 * possible without decrypting any single ballot.
 */
import type { FixedBase, Group } from './group.js';
import { L } from './hash.js';

/** A ciphertext as points. */
export interface Ciphertext<P> {
  alpha: P;
  beta: P;
}

/** A ciphertext as it appears in the record: two 32-byte encodings in lowercase hex. */
export interface CiphertextJson {
  alpha: string;
  beta: string;
}

/** Small non-negative integer times G, without the cost of a full multiplication for 0 and 1. */
export function smallMulG<P>(g: Group<P>, m: number | bigint): P {
  const v = BigInt(m);
  if (v === 0n) return g.identity;
  if (v === 1n) return g.G;
  return g.mulG(((v % L) + L) % L);
}

/**
 * Encrypt the small integer `m` with randomness `r` under the election key (given as a fixed-base
 * multiplier, since every option of every ballot uses it).
 */
export function encrypt<P>(g: Group<P>, mulK: FixedBase<P>, m: number, r: bigint): Ciphertext<P> {
  return { alpha: g.mulG(r), beta: g.add(smallMulG(g, m), mulK(r)) };
}

/** Homomorphic sum of ciphertexts. */
export function addCiphertexts<P>(g: Group<P>, cts: readonly Ciphertext<P>[]): Ciphertext<P> {
  let alpha = g.identity;
  let beta = g.identity;
  for (const ct of cts) {
    alpha = g.add(alpha, ct.alpha);
    beta = g.add(beta, ct.beta);
  }
  return { alpha, beta };
}

/** Add `rows` (per contest, per option) into the running `sums` in place. */
export function addInto<P>(
  g: Group<P>,
  sums: Ciphertext<P>[][],
  rows: readonly (readonly Ciphertext<P>[])[],
): void {
  for (let ci = 0; ci < rows.length; ci++) {
    const row = rows[ci]!;
    for (let oi = 0; oi < row.length; oi++) {
      const s = sums[ci]![oi]!;
      s.alpha = g.add(s.alpha, row[oi]!.alpha);
      s.beta = g.add(s.beta, row[oi]!.beta);
    }
  }
}
