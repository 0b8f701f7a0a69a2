import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURVE, Engine, limbsOf } from './engine.js';

const P = CURVE.P;
const e = new Engine();
const le = (v: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((v >> BigInt(8 * i)) & 255n));
const val = (ptr: number) => e.toBytes(ptr).reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n);
const pow = (b: bigint, x: bigint) => {
  let r = 1n;
  let base = b % P;
  for (let k = x; k > 0n; k >>= 1n) {
    if (k & 1n) r = (r * base) % P;
    base = (base * base) % P;
  }
  return r;
};
// Uniform field elements plus the edges where carries and reductions go wrong.
const fe = fc.oneof(
  fc.bigInt({ min: 0n, max: P - 1n }),
  fc.constantFrom(0n, 1n, 2n, 19n, P - 1n, P - 2n, P - 19n, 2n ** 255n - 20n, 2n ** 254n, 2n ** 26n - 1n),
);

describe('WebAssembly field arithmetic agrees with bigint arithmetic mod 2^255-19', () => {
  const [a, b, h] = [e.s(0), e.s(1), e.s(2)];
  const load = (x: bigint, y: bigint) => {
    e.fromBytes(a, le(x));
    e.fromBytes(b, le(y));
  };

  it('encodes, multiplies, squares, adds and subtracts', () => {
    fc.assert(
      fc.property(fe, fe, (x, y) => {
        load(x, y);
        expect(val(a)).toBe(x);
        e.fn.fe_mul(h, a, b);
        expect(val(h)).toBe((x * y) % P);
        e.fn.fe_sq(h, a);
        expect(val(h)).toBe((x * x) % P);
        e.fn.fe_sq2(h, a);
        expect(val(h)).toBe((2n * x * x) % P);
        e.fn.fe_sub(h, a, b);
        e.fn.fe_carry(h, h);
        expect(val(h)).toBe((((x - y) % P) + P) % P);
        // Unreduced sums are valid multiplication inputs (bounds of the ref10 formulas).
        e.fn.fe_add(h, a, b);
        e.fn.fe_mul(h, h, h);
        expect(val(h)).toBe(((x + y) * (x + y)) % P);
        expect(e.isZero(a)).toBe(x === 0n);
        expect(e.isNegative(a)).toBe((x & 1n) === 1n);
      }),
      { numRuns: 300 },
    );
  });

  it('computes z^(2^252-3) and repeated squaring', () => {
    fc.assert(
      fc.property(fe, fc.integer({ min: 1, max: 20 }), (x, n) => {
        load(x, 0n);
        e.fn.fe_pow22523(h, a);
        expect(val(h)).toBe(pow(x, 2n ** 252n - 3n));
        e.fn.fe_sqn(h, a, n);
        expect(val(h)).toBe(pow(x, 2n ** BigInt(n)));
      }),
      { numRuns: 40 },
    );
  });

  it('reads only 255 bits and represents constants exactly', () => {
    e.fromBytes(a, le(2n ** 256n - 1n));
    expect(val(a)).toBe((2n ** 255n - 1n) % P);
    e.setFe(a, limbsOf(CURVE.sqrtM1));
    e.fn.fe_sq(h, a);
    expect(val(h)).toBe(P - 1n);
  });
});
