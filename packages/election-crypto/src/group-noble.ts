/**
 * Reference group implementation on @noble/curves' ristretto255: plain, audited, and the
 * yardstick every fast path is tested against.
 */
import { pippenger } from '@noble/curves/abstract/curve.js';
import { ristretto255 } from '@noble/curves/ed25519.js';
import type { FixedBase, Group } from './group.js';

/** A ristretto255 point as @noble/curves represents it. */
export type NoblePoint = InstanceType<typeof ristretto255.Point>;

const Point = ristretto255.Point;

// multiply() is constant-time but rejects 0; the protocol never multiplies secrets by 0 except
// by accident of randomness (probability 2^-252), so mapping 0 to the identity is safe.
function mulSecret(p: NoblePoint, s: bigint): NoblePoint {
  return s === 0n ? Point.ZERO : p.multiply(s);
}

/** The reference group. */
export const nobleGroup: Group<NoblePoint> = {
  name: 'noble',
  G: Point.BASE,
  identity: Point.ZERO,
  decode: (bytes) => Point.fromBytes(bytes),
  encode: (p) => p.toBytes(),
  add: (a, b) => a.add(b),
  sub: (a, b) => a.subtract(b),
  mul: (p, s) => p.multiplyUnsafe(s),
  mulSecret,
  mulG: (s) => mulSecret(Point.BASE, s),
  fixed(p: NoblePoint): FixedBase<NoblePoint> {
    // A fresh wrapper object so the table is tied to this handle only (noble caches by identity).
    const base = Point.fromBytes(p.toBytes());
    base.precompute(8, false);
    return (s) => mulSecret(base, s);
  },
  equals: (a, b) => a.equals(b),
  msm(points, scalars) {
    if (points.length === 0) return Point.ZERO;
    return pippenger(Point, points as NoblePoint[], scalars as bigint[]);
  },
};
