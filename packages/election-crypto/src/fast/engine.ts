/**
 * The WebAssembly engine: instantiates the generated module and provides field-element I/O
 * (canonical byte encoding, done in JavaScript on the 10 limbs) and a bump allocator over its
 * memory. Pointers are byte offsets; a field element takes 40 bytes, a point 160.
 */
import { buildFieldModule } from './field-codegen.js';
import { D2_ADDR, JS_BASE } from './layout.js';

/** Addresses of constants (below 1024, next to 2d which the module itself uses). */
export const C = { one: 40, d: 80, sqrtM1: 120, invsqrtAMinusD: 160, zero: 200 } as const;

/** Bytes per field element. */
export const FE = 40;
/** Bytes per point (four field elements). */
export const PT = 160;

const WIDTH = [26, 25, 26, 25, 26, 25, 26, 25, 26, 25];
const P = 2n ** 255n - 19n;

type Exports = {
  fe_mul(h: number, f: number, g: number): void;
  fe_sq(h: number, f: number): void;
  fe_sq2(h: number, f: number): void;
  fe_add(h: number, f: number, g: number): void;
  fe_sub(h: number, f: number, g: number): void;
  fe_carry(h: number, f: number): void;
  fe_sqn(h: number, f: number, n: number): void;
  fe_pow22523(h: number, f: number): void;
  p3_dbl(r: number, p: number): void;
  p3_add(r: number, p: number, q: number): void;
  p3_sub(r: number, p: number, q: number): void;
  p3_to_cached(c: number, p: number): void;
  p3_dbln(r: number, p: number, n: number): void;
  mem: WebAssembly.Memory;
};

/** Limbs of a field element given as a bigint in [0, p). */
export function limbsOf(v: bigint): Int32Array {
  const out = new Int32Array(10);
  let x = v;
  for (let i = 0; i < 10; i++) {
    const w = BigInt(WIDTH[i]!);
    out[i] = Number(x & ((1n << w) - 1n));
    x >>= w;
  }
  return out;
}

/** The loaded module plus helpers. One per thread. */
export class Engine {
  readonly fn: Exports;
  i32: Int32Array;
  u8: Uint8Array;
  private top = JS_BASE + 64 * FE;
  /** Scratch field elements for JS-side formulas (64 slots). */
  readonly scratch = JS_BASE;

  constructor() {
    const bytes = buildFieldModule(64);
    const mod = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    this.fn = new WebAssembly.Instance(mod, {}).exports as unknown as Exports;
    this.i32 = new Int32Array(this.fn.mem.buffer);
    this.u8 = new Uint8Array(this.fn.mem.buffer);
    this.setFe(D2_ADDR, limbsOf((2n * CURVE.d) % P));
    this.setFe(C.one, limbsOf(1n));
    this.setFe(C.d, limbsOf(CURVE.d));
    this.setFe(C.sqrtM1, limbsOf(CURVE.sqrtM1));
    this.setFe(C.invsqrtAMinusD, limbsOf(CURVE.invsqrtAMinusD));
    this.setFe(C.zero, limbsOf(0n));
  }

  /** Scratch slot i (a 40-byte field element). */
  s(i: number): number {
    return this.scratch + i * FE;
  }

  /** Permanently allocate `bytes` (tables that live as long as the engine). */
  alloc(bytes: number): number {
    const at = this.top;
    this.top += (bytes + 15) & ~15;
    this.ensure(this.top);
    return at;
  }

  /** First free byte; temporary work may use memory from here on (call `ensure`). */
  get free(): number {
    return this.top;
  }

  /** Grow memory to at least `end` bytes, refreshing views. */
  ensure(end: number): void {
    const have = this.fn.mem.buffer.byteLength;
    if (end <= have) return;
    this.fn.mem.grow(Math.ceil((end - have) / 65536));
    this.i32 = new Int32Array(this.fn.mem.buffer);
    this.u8 = new Uint8Array(this.fn.mem.buffer);
  }

  setFe(ptr: number, limbs: Int32Array): void {
    this.i32.set(limbs, ptr >> 2);
  }

  /**
   * Load 32 little-endian bytes as a field element, ignoring the top bit (callers that need a
   * canonical encoding compare `toBytes` of the result with the input).
   */
  fromBytes(ptr: number, b: Uint8Array): void {
    const i32 = this.i32;
    let bit = 0;
    for (let i = 0; i < 10; i++) {
      const w = WIDTH[i]!;
      const first = bit >> 3;
      const shift = bit & 7;
      // Up to 33 bits needed: read 5 bytes as a double (exact below 2^53).
      let v = 0;
      for (let k = 4; k >= 0; k--) v = v * 256 + (first + k < 32 ? b[first + k]! : 0);
      v = Math.floor(v / 2 ** shift) % 2 ** w;
      i32[(ptr >> 2) + i] = v;
      bit += w;
    }
  }

  // Fully reduced limbs of the last `reduce` call; reused to keep the hot path allocation-free.
  private readonly red = new Int32Array(10);

  /**
   * Fully reduce a carried element mod p (ref10 fe_tobytes' arithmetic): q = floor(h / p) is
   * computed from the limbs, then h - q p is carried so every limb is in its canonical range.
   */
  reduce(ptr: number): Int32Array {
    const i32 = this.i32;
    const o = ptr >> 2;
    let h0 = i32[o]!;
    let h1 = i32[o + 1]!;
    let h2 = i32[o + 2]!;
    let h3 = i32[o + 3]!;
    let h4 = i32[o + 4]!;
    let h5 = i32[o + 5]!;
    let h6 = i32[o + 6]!;
    let h7 = i32[o + 7]!;
    let h8 = i32[o + 8]!;
    let h9 = i32[o + 9]!;
    let q = (19 * h9 + (1 << 24)) >> 25;
    q = (h0 + q) >> 26;
    q = (h1 + q) >> 25;
    q = (h2 + q) >> 26;
    q = (h3 + q) >> 25;
    q = (h4 + q) >> 26;
    q = (h5 + q) >> 25;
    q = (h6 + q) >> 26;
    q = (h7 + q) >> 25;
    q = (h8 + q) >> 26;
    q = (h9 + q) >> 25;
    h0 += 19 * q;
    let c = h0 >> 26;
    h1 += c;
    h0 -= c * 67108864;
    c = h1 >> 25;
    h2 += c;
    h1 -= c * 33554432;
    c = h2 >> 26;
    h3 += c;
    h2 -= c * 67108864;
    c = h3 >> 25;
    h4 += c;
    h3 -= c * 33554432;
    c = h4 >> 26;
    h5 += c;
    h4 -= c * 67108864;
    c = h5 >> 25;
    h6 += c;
    h5 -= c * 33554432;
    c = h6 >> 26;
    h7 += c;
    h6 -= c * 67108864;
    c = h7 >> 25;
    h8 += c;
    h7 -= c * 33554432;
    c = h8 >> 26;
    h9 += c;
    h8 -= c * 67108864;
    h9 -= (h9 >> 25) * 33554432;
    const r = this.red;
    r[0] = h0;
    r[1] = h1;
    r[2] = h2;
    r[3] = h3;
    r[4] = h4;
    r[5] = h5;
    r[6] = h6;
    r[7] = h7;
    r[8] = h8;
    r[9] = h9;
    return r;
  }

  /** Canonical 32-byte encoding (fully reduced mod p). Input limbs must be carried. */
  toBytes(ptr: number, out: Uint8Array = new Uint8Array(32), at = 0): Uint8Array {
    const h = this.reduce(ptr);
    let acc = 0;
    let accBits = 0;
    let pos = at;
    for (let i = 0; i < 10; i++) {
      acc += h[i]! * 2 ** accBits;
      accBits += WIDTH[i]!;
      while (accBits >= 8) {
        out[pos++] = acc & 255;
        acc = (acc - (acc & 255)) / 256;
        accBits -= 8;
      }
    }
    if (accBits > 0) out[pos] = acc;
    return out;
  }

  /** Low bit of the canonical encoding ("negative" in RFC 9496 terms). */
  isNegative(ptr: number): boolean {
    return (this.reduce(ptr)[0]! & 1) === 1;
  }

  /** Whether the element is 0 mod p (input carried). */
  isZero(ptr: number): boolean {
    const h = this.reduce(ptr);
    return (h[0]! | h[1]! | h[2]! | h[3]! | h[4]! | h[5]! | h[6]! | h[7]! | h[8]! | h[9]!) === 0;
  }

  /** Compare two (carried) field elements mod p. */
  eq(a: number, b: number): boolean {
    const t = this.s(63);
    this.fn.fe_sub(t, a, b);
    this.fn.fe_carry(t, t);
    return this.isZero(t);
  }

  copyFe(dst: number, src: number): void {
    this.i32.copyWithin(dst >> 2, src >> 2, (src >> 2) + 10);
  }
}

function modInv(a: bigint): bigint {
  let [t, nt, r, nr] = [0n, 1n, P, ((a % P) + P) % P];
  while (nr !== 0n) {
    const q = r / nr;
    [t, nt] = [nt, t - q * nt];
    [r, nr] = [nr, r - q * nr];
  }
  return ((t % P) + P) % P;
}

/** d = -121665/121666 mod p and other curve constants as bigints. */
export const CURVE = {
  P,
  d: (P - ((121665n * modInv(121666n)) % P)) % P,
  sqrtM1: 19681161376707505956807079304988542015446066515923890162744021073123829784752n,
  invsqrtAMinusD: 54469307008909316920995813868745141605393597292927456921205312896311721017578n,
};
