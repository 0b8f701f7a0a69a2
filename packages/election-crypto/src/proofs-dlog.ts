/**
 * Discrete-log proofs used by trustees.
 * - Schnorr proof of knowledge of a in C = aG: commitment h = wG, response u = w + e a,
 *   check uG = h + eC.
 * - Chaum-Pedersen proof that log_G(Y) = log_A(D) (decryption shares): commitments a = wG,
 *   b = wA, response v = w + e s, checks vG = a + eY and vA = b + eD.
 * Both carry their commitments (as the ballot proofs do) and take the challenge as a hash of the
 * statement parts followed by the commitments.
 */
import { fromHex, toHex } from './bytes.js';
import type { Group } from './group.js';
import { hashToScalar, type Part } from './hash.js';
import { type Rng, randomScalar } from './rng.js';
import { mod, scalarFromHex, scalarToHex } from './scalar.js';

/** Schnorr proof in record form. */
export interface SchnorrProofJson {
  h: string;
  u: string;
}

/** Chaum-Pedersen proof in record form. */
export interface ChaumPedersenProofJson {
  a: string;
  b: string;
  v: string;
}

/** Prove knowledge of `secret` with C = secret*G; `parts` must already contain C. */
export function proveSchnorr<P>(
  g: Group<P>,
  tag: string,
  parts: Part[],
  secret: bigint,
  rng: Rng,
): SchnorrProofJson {
  const w = randomScalar(rng);
  const h = g.encode(g.mulG(w));
  const e = hashToScalar(tag, [...parts, h]);
  return { h: toHex(h), u: scalarToHex(mod(w + e * secret)) };
}

/** Verify a Schnorr proof for C. Never throws. */
export function verifySchnorr<P>(
  g: Group<P>,
  tag: string,
  parts: Part[],
  C: P,
  proof: SchnorrProofJson,
): boolean {
  try {
    const hBytes = fromHex(proof.h, 32);
    const h = g.decode(hBytes);
    const u = scalarFromHex(proof.u);
    const e = hashToScalar(tag, [...parts, hBytes]);
    return g.equals(g.mul(g.G, u), g.add(h, g.mul(C, e)));
  } catch {
    return false;
  }
}

/** Prove log_G(Y) = log_A(D) = s; `parts` must already contain A, D and Y. */
export function proveChaumPedersen<P>(
  g: Group<P>,
  tag: string,
  parts: Part[],
  A: P,
  s: bigint,
  rng: Rng,
): ChaumPedersenProofJson {
  const w = randomScalar(rng);
  const a = g.encode(g.mulG(w));
  const b = g.encode(g.mulSecret(A, w));
  const e = hashToScalar(tag, [...parts, a, b]);
  return { a: toHex(a), b: toHex(b), v: scalarToHex(mod(w + e * s)) };
}

/** Verify a Chaum-Pedersen proof that log_G(Y) = log_A(D). Never throws. */
export function verifyChaumPedersen<P>(
  g: Group<P>,
  tag: string,
  parts: Part[],
  A: P,
  D: P,
  Y: P,
  proof: ChaumPedersenProofJson,
): boolean {
  try {
    const aBytes = fromHex(proof.a, 32);
    const bBytes = fromHex(proof.b, 32);
    const a = g.decode(aBytes);
    const b = g.decode(bBytes);
    const v = scalarFromHex(proof.v);
    const e = hashToScalar(tag, [...parts, aBytes, bBytes]);
    if (!g.equals(g.mul(g.G, v), g.add(a, g.mul(Y, e)))) return false;
    return g.equals(g.mul(A, v), g.add(b, g.mul(D, e)));
  } catch {
    return false;
  }
}
