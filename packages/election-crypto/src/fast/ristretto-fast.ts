/**
 * ristretto255 encoding, decoding and equality (RFC 9496 section 4.3) over the WebAssembly
 * field arithmetic. Points are extended coordinates X:Y:Z:T at a pointer (160 bytes).
 * Written step for step after the RFC's pseudocode; tests compare every result with
 * @noble/curves on random and adversarial inputs.
 */
import { C, type Engine, FE } from './engine.js';

const X = 0;
const Y = FE;
const Z = 2 * FE;
const T = 3 * FE;

/**
 * SQRT_RATIO_M1(u, v): writes r = sqrt(u/v) (non-negative) to `out` and returns whether u/v
 * was square. Uses scratch slots 40..49.
 */
export function sqrtRatioM1(e: Engine, out: number, u: number, v: number): boolean {
  const f = e.fn;
  const v3 = e.s(40),
    v7 = e.s(41),
    r = e.s(42),
    t = e.s(43),
    check = e.s(44),
    uNeg = e.s(45);
  f.fe_sq(v3, v);
  f.fe_mul(v3, v3, v);
  f.fe_sq(v7, v3);
  f.fe_mul(v7, v7, v);
  f.fe_mul(t, u, v7);
  f.fe_pow22523(t, t);
  f.fe_mul(r, u, v3);
  f.fe_mul(r, r, t);
  f.fe_sq(check, r);
  f.fe_mul(check, check, v);
  f.fe_sub(uNeg, C.zero, u);
  f.fe_carry(uNeg, uNeg);
  const correct = e.eq(check, u);
  const flipped = e.eq(check, uNeg);
  f.fe_mul(t, uNeg, C.sqrtM1);
  const flippedI = e.eq(check, t);
  if (flipped || flippedI) f.fe_mul(r, r, C.sqrtM1);
  if (e.isNegative(r)) {
    f.fe_sub(r, C.zero, r);
    f.fe_carry(r, r);
  }
  e.copyFe(out, r);
  return correct || flipped;
}

/** Decode 32 bytes into the point at `out`. Returns false for any invalid encoding. */
export function decodeInto(e: Engine, out: number, bytes: Uint8Array): boolean {
  if (bytes.length !== 32 || (bytes[0]! & 1) === 1 || (bytes[31]! & 0x80) !== 0) return false;
  const f = e.fn;
  const s = e.s(20),
    ss = e.s(21),
    u1 = e.s(22),
    u2 = e.s(23),
    u2sq = e.s(24),
    v = e.s(25),
    t = e.s(26),
    inv = e.s(27),
    denX = e.s(28),
    denY = e.s(29),
    x = e.s(30),
    y = e.s(31);
  // Canonical: reject s >= p, i.e. 0x7f ff..ff with a low byte of at least 0xed.
  if (bytes[31] === 0x7f) {
    let allFF = true;
    for (let i = 1; i < 31; i++) if (bytes[i] !== 0xff) allFF = false;
    if (allFF && bytes[0]! >= 0xed) return false;
  }
  e.fromBytes(s, bytes);
  f.fe_sq(ss, s);
  f.fe_sub(u1, C.one, ss);
  f.fe_carry(u1, u1);
  f.fe_add(u2, C.one, ss);
  f.fe_carry(u2, u2);
  f.fe_sq(u2sq, u2);
  f.fe_sq(t, u1);
  f.fe_mul(t, t, C.d);
  f.fe_add(v, t, u2sq);
  f.fe_sub(v, C.zero, v);
  f.fe_carry(v, v);
  f.fe_mul(t, v, u2sq);
  const wasSquare = sqrtRatioM1(e, inv, C.one, t);
  f.fe_mul(denX, inv, u2);
  f.fe_mul(denY, inv, denX);
  f.fe_mul(denY, denY, v);
  f.fe_add(x, s, s);
  f.fe_mul(x, x, denX);
  if (e.isNegative(x)) {
    f.fe_sub(x, C.zero, x);
    f.fe_carry(x, x);
  }
  f.fe_mul(y, u1, denY);
  f.fe_mul(t, x, y);
  if (!wasSquare || e.isNegative(t) || e.isZero(y)) return false;
  e.copyFe(out + X, x);
  e.copyFe(out + Y, y);
  e.copyFe(out + Z, C.one);
  e.copyFe(out + T, t);
  return true;
}

/** Canonical 32-byte encoding of the point at `p`. */
export function encodeAt(e: Engine, p: number, out: Uint8Array = new Uint8Array(32), at = 0): Uint8Array {
  const f = e.fn;
  const u1 = e.s(20),
    u2 = e.s(21),
    t = e.s(22),
    inv = e.s(23),
    den1 = e.s(24),
    den2 = e.s(25),
    zInv = e.s(26),
    ix = e.s(27),
    iy = e.s(28),
    ench = e.s(29),
    yy = e.s(30),
    s = e.s(31);
  f.fe_add(t, p + Z, p + Y);
  f.fe_sub(u1, p + Z, p + Y);
  f.fe_mul(u1, t, u1);
  f.fe_mul(u2, p + X, p + Y);
  f.fe_sq(t, u2);
  f.fe_mul(t, u1, t);
  sqrtRatioM1(e, inv, C.one, t);
  f.fe_mul(den1, inv, u1);
  f.fe_mul(den2, inv, u2);
  f.fe_mul(zInv, den1, den2);
  f.fe_mul(zInv, zInv, p + T);
  f.fe_mul(ix, p + X, C.sqrtM1);
  f.fe_mul(iy, p + Y, C.sqrtM1);
  f.fe_mul(ench, den1, C.invsqrtAMinusD);
  f.fe_mul(t, p + T, zInv);
  const rotate = e.isNegative(t);
  const x = rotate ? iy : p + X;
  const denInv = rotate ? ench : den2;
  // y is copied (carried) so it can be negated without touching the point.
  f.fe_carry(yy, rotate ? ix : p + Y);
  f.fe_mul(t, x, zInv);
  if (e.isNegative(t)) {
    f.fe_sub(yy, C.zero, yy);
    f.fe_carry(yy, yy);
  }
  f.fe_sub(s, p + Z, yy);
  f.fe_mul(s, denInv, s);
  if (e.isNegative(s)) {
    f.fe_sub(s, C.zero, s);
    f.fe_carry(s, s);
  }
  return e.toBytes(s, out, at);
}

/** Ristretto equality: X1 Y2 == Y1 X2 or Y1 Y2 == X1 X2. */
export function equalAt(e: Engine, a: number, b: number): boolean {
  const f = e.fn;
  const l = e.s(50),
    r = e.s(51);
  f.fe_mul(l, a + X, b + Y);
  f.fe_mul(r, a + Y, b + X);
  if (e.eq(l, r)) return true;
  f.fe_mul(l, a + Y, b + Y);
  f.fe_mul(r, a + X, b + X);
  return e.eq(l, r);
}

/** Whether the point at `p` is the identity (X = 0 or Y = 0 on the ristretto coset). */
export function isIdentityAt(e: Engine, p: number): boolean {
  const t = e.s(52);
  e.fn.fe_carry(t, p + X);
  if (e.isZero(t)) return true;
  e.fn.fe_carry(t, p + Y);
  return e.isZero(t);
}
