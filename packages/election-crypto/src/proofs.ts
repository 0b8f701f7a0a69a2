/**
 * Zero-knowledge proofs (Fiat-Shamir, challenges from `hashToScalar`).
 *
 * One-of proof: ciphertext (alpha, beta) = (rG, mG + rK) encrypts some m in `values`. A
 * disjunction of Chaum-Pedersen proofs; for each candidate j the proof carries commitments
 * (a_j, b_j), a challenge c_j and a response v_j with
 *   v_j G = a_j + c_j alpha,   v_j K = b_j + c_j (beta - values[j] G),   sum c_j = H(statement, a, b).
 * Commitments are carried (not recomputed) so many proofs can be checked in one batch.
 */
import { fromHex, toHex } from './bytes.js';
import { smallMulG } from './elgamal.js';
import type { FixedBase, Group } from './group.js';
import { hashToScalar, type Part } from './hash.js';
import type { LinearCombination, WeightSource } from './batch.js';
import { type Rng, randomScalar } from './rng.js';
import { mod, scalarFromHex, scalarToHex } from './scalar.js';

/** One-of proof in record form (all arrays have one entry per candidate value). */
export interface OneOfProofJson {
  a: string[];
  b: string[];
  c: string[];
  v: string[];
}

/** What a one-of proof is about. `parts` are hashed (with the commitments) for the challenge. */
export interface OneOfStatement<P> {
  tag: string;
  parts: Part[];
  values: readonly number[];
  alpha: P;
  beta: P;
}

/**
 * Prove that (alpha, beta) = (rG, mG + rK) encrypts `m`, one of `st.values`.
 * Simulated branches use the prover's knowledge of r so that only fixed-base multiplications
 * (fast, precomputed) are needed: v G - c alpha = (v - c r) G, and likewise for K.
 * @throws Error if m is not among the values.
 */
export function proveOneOf<P>(
  g: Group<P>,
  mulK: FixedBase<P>,
  st: OneOfStatement<P>,
  r: bigint,
  m: number,
  rng: Rng,
): OneOfProofJson {
  const real = st.values.indexOf(m);
  if (real < 0) throw new Error(`value ${m} not among ${st.values.join(',')}`);
  const n = st.values.length;
  const aBytes: Uint8Array[] = new Array(n);
  const bBytes: Uint8Array[] = new Array(n);
  const c: bigint[] = new Array(n).fill(0n);
  const v: bigint[] = new Array(n).fill(0n);
  const w = randomScalar(rng);
  for (let j = 0; j < n; j++) {
    if (j === real) {
      aBytes[j] = g.encode(g.mulG(w));
      bBytes[j] = g.encode(mulK(w));
      continue;
    }
    c[j] = randomScalar(rng);
    v[j] = randomScalar(rng);
    const t = mod(v[j]! - c[j]! * r);
    aBytes[j] = g.encode(g.mulG(t));
    // b_j = t K - c_j (m - values[j]) G
    const u = mod(-c[j]! * BigInt(m - st.values[j]!));
    bBytes[j] = g.encode(g.add(mulK(t), g.mulG(u)));
  }
  const e = oneOfChallenge(st, aBytes, bBytes);
  let rest = e;
  for (let j = 0; j < n; j++) if (j !== real) rest -= c[j]!;
  c[real] = mod(rest);
  v[real] = mod(w + c[real]! * r);
  return {
    a: aBytes.map(toHex),
    b: bBytes.map(toHex),
    c: c.map(scalarToHex),
    v: v.map(scalarToHex),
  };
}

/** The Fiat-Shamir challenge of a one-of proof. */
export function oneOfChallenge<P>(st: OneOfStatement<P>, a: Uint8Array[], b: Uint8Array[]): bigint {
  const parts: Part[] = [...st.parts];
  for (let j = 0; j < a.length; j++) parts.push(a[j]!, b[j]!);
  return hashToScalar(st.tag, parts);
}

/** A one-of proof parsed into bytes and scalars (points are decoded separately per group). */
export interface ParsedOneOf {
  a: Uint8Array[];
  b: Uint8Array[];
  c: bigint[];
  v: bigint[];
}

/** Parse and length-check a one-of proof. @throws Error on malformed input. */
export function parseOneOf(proof: OneOfProofJson, n: number): ParsedOneOf {
  if (!proof || !Array.isArray(proof.a) || !Array.isArray(proof.b) || !Array.isArray(proof.c)) {
    throw new Error('malformed proof');
  }
  if (!Array.isArray(proof.v) || proof.a.length !== n || proof.b.length !== n) throw new Error('proof size');
  if (proof.c.length !== n || proof.v.length !== n) throw new Error('proof size');
  return {
    a: proof.a.map((h) => fromHex(h, 32)),
    b: proof.b.map((h) => fromHex(h, 32)),
    c: proof.c.map(scalarFromHex),
    v: proof.v.map(scalarFromHex),
  };
}

/** True when the challenges add up to the Fiat-Shamir hash (the scalar half of the check). */
export function challengesMatch<P>(st: OneOfStatement<P>, p: ParsedOneOf): boolean {
  let sum = 0n;
  for (const c of p.c) sum += c;
  return mod(sum) === oneOfChallenge(st, p.a, p.b);
}

/**
 * Plain, one-proof-at-a-time verification: the reference the batch path is tested against.
 * Returns false (never throws) on any malformed or invalid proof.
 */
export function verifyOneOfReference<P>(
  g: Group<P>,
  K: P,
  st: OneOfStatement<P>,
  proof: OneOfProofJson,
): boolean {
  try {
    const p = parseOneOf(proof, st.values.length);
    if (!challengesMatch(st, p)) return false;
    for (let j = 0; j < st.values.length; j++) {
      const a = g.decode(p.a[j]!);
      const b = g.decode(p.b[j]!);
      const lhsG = g.mul(g.G, p.v[j]!);
      const rhsG = g.add(a, g.mul(st.alpha, p.c[j]!));
      if (!g.equals(lhsG, rhsG)) return false;
      const lhsK = g.mul(K, p.v[j]!);
      const shifted = g.sub(st.beta, smallMulG(g, st.values[j]!));
      const rhsK = g.add(b, g.mul(shifted, p.c[j]!));
      if (!g.equals(lhsK, rhsK)) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Add the weighted equations of one (already challenge-checked) one-of proof to a batch.
 * The commitments go into `lc` directly; the coefficients of alpha and beta are returned
 * because the caller may fold several proofs over the same ciphertext into one term.
 */
export function accumulateOneOf<P>(
  lc: LinearCombination<P>,
  values: readonly number[],
  a: readonly P[],
  b: readonly P[],
  p: ParsedOneOf,
  weights: WeightSource,
): { alpha: bigint; beta: bigint } {
  let alpha = 0n;
  let beta = 0n;
  for (let j = 0; j < values.length; j++) {
    const x = weights.next();
    const y = weights.next();
    const c = p.c[j]!;
    const v = p.v[j]!;
    // x (v G - a - c alpha) + y (v K - b - c beta + c value G) = 0
    lc.g += x * v + y * c * BigInt(values[j]!);
    lc.k += y * v;
    lc.add(a[j]!, -x);
    lc.add(b[j]!, -y);
    alpha -= x * c;
    beta -= y * c;
  }
  return { alpha: mod(alpha), beta: mod(beta) };
}
