/**
 * The fast group: the Group interface on the WebAssembly engine. Points are Int32Array(40)
 * copies of extended coordinates; each operation copies them into the engine's memory,
 * computes, and copies the result out. Variable-time throughout: use it for public data
 * (verification, tallying, simulations), never for a voter's or trustee's secrets.
 */
import { ristretto255 } from '@noble/curves/ed25519.js';
import type { FixedBase, Group } from '../group.js';
import { Engine, PT } from './engine.js';
import { buildFixedTable, mulFixed, mulVar, pippenger, pippengerWindow, setIdentity } from './msm-fast.js';
import { decodeInto, encodeAt, equalAt, isIdentityAt } from './ristretto-fast.js';

/** A point of the fast group: X, Y, Z, T as 10 limbs each. */
export type FastPoint = Int32Array;

/** Create a fast group backed by a fresh engine. @throws Error if WebAssembly is unavailable. */
export function createFastGroup(): Group<FastPoint> & { isIdentity(p: FastPoint): boolean } {
  const e = new Engine();
  const A = e.alloc(PT);
  const B = e.alloc(PT);
  const CC = e.alloc(PT);
  const R = e.alloc(PT);
  const VAR = e.alloc(9 * PT);
  const put = (ptr: number, p: FastPoint) => e.i32.set(p, ptr >> 2);
  const take = (ptr: number): FastPoint => e.i32.slice(ptr >> 2, (ptr >> 2) + 40);

  const decode = (bytes: Uint8Array): FastPoint => {
    if (!decodeInto(e, A, bytes)) throw new Error('invalid ristretto255 encoding');
    return take(A);
  };
  const G = decode(ristretto255.Point.BASE.toBytes());
  setIdentity(e, A);
  const identity = take(A);

  const tableFor = (p: FastPoint) => {
    put(A, p);
    const t = buildFixedTable(e, A);
    return (s: bigint): FastPoint => {
      mulFixed(e, t, s, R);
      return take(R);
    };
  };
  let gTable: FixedBase<FastPoint> | null = null;

  const mul = (p: FastPoint, s: bigint): FastPoint => {
    put(A, p);
    mulVar(e, A, s, R, VAR);
    return take(R);
  };

  return {
    name: 'wasm',
    G,
    identity,
    decode,
    encode(p) {
      put(A, p);
      return encodeAt(e, A);
    },
    add(a, b) {
      put(A, a);
      put(B, b);
      e.fn.p3_to_cached(CC, B);
      e.fn.p3_add(R, A, CC);
      return take(R);
    },
    sub(a, b) {
      put(A, a);
      put(B, b);
      e.fn.p3_to_cached(CC, B);
      e.fn.p3_sub(R, A, CC);
      return take(R);
    },
    mul,
    mulSecret: mul,
    mulG(s) {
      gTable ??= tableFor(G);
      return gTable(s);
    },
    fixed: tableFor,
    equals(a, b) {
      put(A, a);
      put(B, b);
      return equalAt(e, A, B);
    },
    isIdentity(p) {
      put(A, p);
      return isIdentityAt(e, A);
    },
    msm(points, scalars) {
      const n = points.length;
      if (n !== scalars.length) throw new Error('msm length mismatch');
      if (n === 0) return identity;
      if (n === 1) return mul(points[0]!, scalars[0]!);
      // Temporary memory above all permanent tables: cached points, then buckets.
      const base = e.free;
      const work = base + n * PT;
      e.ensure(work + ((1 << (pippengerWindow(n) - 1)) + 4) * PT);
      for (let i = 0; i < n; i++) {
        put(A, points[i]!);
        e.fn.p3_to_cached(base + i * PT, A);
      }
      pippenger(e, base, scalars, R, work);
      return take(R);
    },
  };
}
