/**
 * Signed-digit recoding of scalars for windowed multiplication: s = sum d_i 2^(c i) with
 * d_i in [-2^(c-1), 2^(c-1)), so a window needs only half as many table entries or buckets.
 */

/** The eight 32-bit little-endian words of a scalar below 2^256. */
export function scalarWords(s: bigint, out: Uint32Array = new Uint32Array(9)): Uint32Array {
  let x = s;
  for (let i = 0; i < 8; i++) {
    out[i] = Number(x & 0xffffffffn);
    x >>= 32n;
  }
  out[8] = 0;
  return out;
}

/**
 * Write `windows` signed digits of width `c` (c <= 16) of `s` to out[at..]. `windows` must be
 * large enough to absorb the final carry: ceil(253 / c) + 1 always is for scalars mod L.
 */
export function signedDigits(
  s: bigint,
  c: number,
  windows: number,
  out: Int32Array,
  at: number,
  words?: Uint32Array,
) {
  const w = scalarWords(s, words);
  const full = 1 << c;
  const half = full >> 1;
  const mask = full - 1;
  let carry = 0;
  for (let i = 0; i < windows; i++) {
    const pos = i * c;
    const wi = pos >>> 5;
    const sh = pos & 31;
    let raw = 0;
    if (wi < 8) {
      raw = w[wi]! >>> sh;
      // JS masks shift counts to 5 bits, so the sh = 0 case must not shift by 32.
      if (sh !== 0 && sh + c > 32) raw |= w[wi + 1]! << (32 - sh);
      raw &= mask;
    }
    let d = raw + carry;
    if (d >= half) {
      d -= full;
      carry = 1;
    } else carry = 0;
    out[at + i] = d;
  }
}
