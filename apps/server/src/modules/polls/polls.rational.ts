/** Exact non-negative-or-signed rationals over BigInt, always reduced with a positive denominator. */
export type Rational = { readonly n: bigint; readonly d: bigint };

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** n/d reduced. @throws RangeError on a zero denominator */
export function rat(n: bigint | number, d: bigint | number = 1n): Rational {
  let nn = BigInt(n);
  let dd = BigInt(d);
  if (dd === 0n) throw new RangeError('zero denominator');
  if (dd < 0n) [nn, dd] = [-nn, -dd];
  const g = gcd(nn, dd) || 1n;
  return { n: nn / g, d: dd / g };
}

export const ZERO = rat(0);
export const ONE = rat(1);
export const add = (a: Rational, b: Rational) => rat(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational) => rat(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational) => rat(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational) => rat(a.n * b.d, a.d * b.n);
/** -1, 0 or 1. */
export const cmp = (a: Rational, b: Rational): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
export const eq = (a: Rational, b: Rational) => cmp(a, b) === 0;
/** "p" for integers, "p/q" otherwise. */
export const ratString = (a: Rational) => (a.d === 1n ? a.n.toString() : `${a.n}/${a.d}`);
/** Rounded to 6 decimals for display (exact value in ratString). */
export function ratNumber(a: Rational): number {
  const scaled = (a.n * 1_000_000n * 2n + a.d) / (a.d * 2n);
  return Number(scaled) / 1_000_000;
}
