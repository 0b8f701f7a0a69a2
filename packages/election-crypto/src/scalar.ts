/**
 * Scalar arithmetic mod L and the scalar encoding used in the record: 32 bytes little-endian
 * (as in RFC 9496 / libsodium), written as 64 lowercase hex characters, always fully reduced.
 */
import { bigToBytesLE, bytesToBigLE, fromHex, toHex } from './bytes.js';
import { L } from './hash.js';

/** x mod L in [0, L). */
export function mod(x: bigint): bigint {
  const r = x % L;
  return r < 0n ? r + L : r;
}

/** Modular inverse mod L (L is prime). @throws Error for 0. */
export function invert(x: bigint): bigint {
  let a = mod(x);
  if (a === 0n) throw new Error('cannot invert 0');
  let [t, newT, r] = [0n, 1n, L];
  while (a !== 0n) {
    const q = r / a;
    [t, newT] = [newT, t - q * newT];
    [r, a] = [a, r - q * a];
  }
  return mod(t);
}

/** 32-byte little-endian encoding of a reduced scalar. */
export function scalarToBytes(s: bigint): Uint8Array {
  return bigToBytesLE(mod(s), 32);
}

/** Hex of the 32-byte little-endian encoding. */
export function scalarToHex(s: bigint): string {
  return toHex(scalarToBytes(s));
}

/**
 * Parse a scalar; non-reduced encodings (>= L) are rejected so each scalar has one spelling.
 * @throws Error on malformed or non-canonical input.
 */
export function scalarFromHex(hex: string): bigint {
  const s = bytesToBigLE(fromHex(hex, 32));
  if (s >= L) throw new Error('scalar not reduced mod L');
  return s;
}

/** Lagrange coefficient at 0 for index `i` within the index set `indices` (1-based indices). */
export function lagrangeAtZero(i: number, indices: readonly number[]): bigint {
  let num = 1n;
  let den = 1n;
  for (const j of indices) {
    if (j === i) continue;
    num = mod(num * BigInt(j));
    den = mod(den * BigInt(j - i));
  }
  return mod(num * invert(den));
}
