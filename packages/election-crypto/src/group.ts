/**
 * The prime-order group (ristretto255) behind every proof, as a small interface so the same
 * protocol code runs on the audited reference implementation (@noble/curves) and on the
 * optional WebAssembly fast path. Scalars are bigints in [0, L).
 */
import { fromHex, toHex } from './bytes.js';

/** Multiplication by one fixed point, backed by a precomputed table. */
export type FixedBase<P> = (s: bigint) => P;

/** Group operations. Implementations must agree bit for bit on `encode`. */
export interface Group<P> {
  readonly name: string;
  readonly G: P;
  readonly identity: P;
  /** Decode a canonical 32-byte ristretto255 encoding. @throws Error if invalid. */
  decode(bytes: Uint8Array): P;
  encode(p: P): Uint8Array;
  add(a: P, b: P): P;
  sub(a: P, b: P): P;
  /** Variable-base multiplication by a public scalar (may be variable-time). */
  mul(p: P, s: bigint): P;
  /** Multiplication by a secret scalar; constant-time in implementations meant for secrets. */
  mulSecret(p: P, s: bigint): P;
  /** s*G; implementations meant for secrets keep this constant-time. */
  mulG(s: bigint): P;
  /** Precompute a table for a base used many times (the election key). */
  fixed(p: P): FixedBase<P>;
  equals(a: P, b: P): boolean;
  /** Multi-scalar multiplication sum(scalars[i] * points[i]) on public data. */
  msm(points: readonly P[], scalars: readonly bigint[]): P;
}

/** Decode a point from 64-char lowercase hex. @throws Error on bad hex or invalid point. */
export function decodeHex<P>(g: Group<P>, hex: string): P {
  return g.decode(fromHex(hex, 32));
}

/** Encode a point as 64-char lowercase hex. */
export function encodeHex<P>(g: Group<P>, p: P): string {
  return toHex(g.encode(p));
}
