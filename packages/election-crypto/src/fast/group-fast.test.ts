import { ristretto255 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../bytes.js';
import { L } from '../hash.js';
import { nobleGroup as ref } from '../group-noble.js';
import { createFastGroup } from './group-fast.js';

// The fast path is only trusted because it agrees with @noble/curves on everything.
const fast = createFastGroup();
const Point = ristretto255.Point;
const scalar = fc.bigInt({ min: 0n, max: L - 1n });
const pointOf = (s: bigint) => Point.BASE.multiplyUnsafe(s);
const same = (fp: Int32Array, np: InstanceType<typeof Point>) => toHex(fast.encode(fp)) === np.toHex();

describe('fast group agrees with @noble/curves', () => {
  it('decodes and re-encodes valid points', () => {
    fc.assert(
      fc.property(scalar, (s) => {
        const bytes = pointOf(s).toBytes();
        expect(toHex(fast.encode(fast.decode(bytes)))).toBe(toHex(bytes));
      }),
      { numRuns: 200 },
    );
  });

  it('accepts exactly the encodings noble accepts', () => {
    const edge = [
      new Uint8Array(32),
      new Uint8Array(32).fill(255),
      Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 1 : 0)),
    ];
    // p - 1 and p (non-canonical) encodings, and a high-bit variant of a valid point.
    const pMinus = Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 0xec : i === 31 ? 0x7f : 0xff));
    const pExact = Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 0xed : i === 31 ? 0x7f : 0xff));
    const high = pointOf(7n).toBytes();
    high[31]! |= 0x80;
    for (const b of [...edge, pMinus, pExact, high]) {
      let nobleOk = true;
      try {
        Point.fromBytes(b);
      } catch {
        nobleOk = false;
      }
      let fastOk = true;
      try {
        fast.decode(b);
      } catch {
        fastOk = false;
      }
      expect(fastOk).toBe(nobleOk);
    }
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (b) => {
        let nobleOk = true;
        try {
          Point.fromBytes(b);
        } catch {
          nobleOk = false;
        }
        let fastOk = true;
        try {
          fast.decode(b);
        } catch {
          fastOk = false;
        }
        expect(fastOk).toBe(nobleOk);
      }),
      { numRuns: 500 },
    );
  });

  it('adds, subtracts, multiplies and compares like noble', () => {
    fc.assert(
      fc.property(scalar, scalar, scalar, (a, b, k) => {
        const [pa, pb] = [pointOf(a), pointOf(b)];
        const [fa, fb] = [fast.decode(pa.toBytes()), fast.decode(pb.toBytes())];
        expect(same(fast.add(fa, fb), pa.add(pb))).toBe(true);
        expect(same(fast.sub(fa, fb), pa.subtract(pb))).toBe(true);
        expect(same(fast.mul(fa, k), pa.multiplyUnsafe(k))).toBe(true);
        expect(same(fast.mulG(k), pointOf(k))).toBe(true);
        expect(fast.equals(fast.add(fa, fb), fast.add(fb, fa))).toBe(true);
        expect(fast.equals(fa, fb)).toBe(a === b);
      }),
      { numRuns: 60 },
    );
  });

  it('fixed-base tables and multi-scalar multiplication match', () => {
    const K = pointOf(123456789n);
    const fixedK = fast.fixed(fast.decode(K.toBytes()));
    fc.assert(
      fc.property(fc.array(fc.tuple(scalar, scalar), { minLength: 0, maxLength: 40 }), (pairs) => {
        const pts = pairs.map(([p]) => pointOf(p));
        const sc = pairs.map(([, s]) => s);
        const want = pts.reduce((acc, p, i) => acc.add(p.multiplyUnsafe(sc[i]!)), Point.ZERO);
        const got = fast.msm(
          pts.map((p) => fast.decode(p.toBytes())),
          sc,
        );
        expect(same(got, want)).toBe(true);
        if (sc[0] !== undefined) expect(same(fixedK(sc[0]), K.multiplyUnsafe(sc[0]))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('handles large multi-scalar multiplications with small and zero scalars', () => {
    const n = 2000;
    // Consecutive multiples by addition: much cheaper than one multiplication each.
    const step = pointOf(7919n);
    const pts = [pointOf(1n)];
    for (let i = 1; i < n; i++) pts.push(pts[i - 1]!.add(step));
    const sc = pts.map((_, i) => (i % 7 === 0 ? 0n : i % 3 === 0 ? BigInt(i) : (L - 1n) / BigInt(i + 1)));
    const want = ref.msm(pts, sc);
    const got = fast.msm(
      pts.map((p) => fast.decode(p.toBytes())),
      sc,
    );
    expect(same(got, want)).toBe(true);
    expect(fast.isIdentity(fast.sub(got, got))).toBe(true);
    expect(fast.isIdentity(got)).toBe(false);
  });
});
