/**
 * Scalar multiplication on the WebAssembly engine, all variable-time (public data only):
 * - variable base: signed radix-16 with a table of 1P..8P;
 * - fixed base: a radix-256 comb, 32 windows x 128 precomputed multiples (about 640 KiB);
 * - multi-scalar: Pippenger's bucket method with signed digits, window chosen by size.
 * Every function writes its result (extended coordinates) at `out`.
 */
import { type Engine, PT } from './engine.js';
import { signedDigits } from './scalar-digits.js';

const IDENTITY = new Int32Array(40);
IDENTITY[10] = 1; // Y = 1
IDENTITY[20] = 1; // Z = 1

/** Write the identity point at `p`. */
export function setIdentity(e: Engine, p: number): void {
  e.i32.set(IDENTITY, p >> 2);
}

function copyPoint(e: Engine, dst: number, src: number): void {
  e.i32.copyWithin(dst >> 2, src >> 2, (src >> 2) + 40);
}

/** A precomputed comb for one base point. */
export interface FixedTable {
  ptr: number;
}

/** Build the radix-256 comb for the point at `p` (permanent allocation). */
export function buildFixedTable(e: Engine, p: number): FixedTable {
  const ptr = e.alloc(32 * 128 * PT);
  const cur = e.alloc(PT);
  const acc = e.alloc(PT);
  const cached = e.alloc(PT);
  copyPoint(e, cur, p);
  for (let w = 0; w < 32; w++) {
    // entries j*256^w*P for j = 1..128, stored in cached form.
    e.fn.p3_to_cached(cached, cur);
    copyPoint(e, acc, cur);
    e.fn.p3_to_cached(ptr + w * 128 * PT, acc);
    for (let j = 1; j < 128; j++) {
      e.fn.p3_add(acc, acc, cached);
      e.fn.p3_to_cached(ptr + (w * 128 + j) * PT, acc);
    }
    if (w < 31) e.fn.p3_dbln(cur, cur, 8);
  }
  return { ptr };
}

const fixedDigits = new Int32Array(33);

/** out = s * P using a comb built by `buildFixedTable`. */
export function mulFixed(e: Engine, t: FixedTable, s: bigint, out: number): void {
  signedDigits(s, 8, 33, fixedDigits, 0);
  setIdentity(e, out);
  for (let w = 0; w < 32; w++) {
    const d = fixedDigits[w]!;
    if (d > 0) e.fn.p3_add(out, out, t.ptr + (w * 128 + d - 1) * PT);
    else if (d < 0) e.fn.p3_sub(out, out, t.ptr + (w * 128 - d - 1) * PT);
  }
}

const varDigits = new Int32Array(65);

/** out = s * P for the point at `p` (signed radix 16, table 1P..8P at `scratch`, 9 points). */
export function mulVar(e: Engine, p: number, s: bigint, out: number, scratch: number): void {
  signedDigits(s, 4, 65, varDigits, 0);
  const tmp = scratch + 8 * PT;
  copyPoint(e, tmp, p);
  e.fn.p3_to_cached(scratch, tmp);
  for (let j = 1; j < 8; j++) {
    e.fn.p3_add(tmp, tmp, scratch);
    e.fn.p3_to_cached(scratch + j * PT, tmp);
  }
  setIdentity(e, out);
  let started = false;
  for (let w = 64; w >= 0; w--) {
    if (started) e.fn.p3_dbln(out, out, 4);
    const d = varDigits[w]!;
    if (d > 0) e.fn.p3_add(out, out, scratch + (d - 1) * PT);
    else if (d < 0) e.fn.p3_sub(out, out, scratch + (-d - 1) * PT);
    if (d !== 0) started = true;
  }
}

/** Window width minimising roughly (points + buckets) x windows. */
export function pippengerWindow(n: number): number {
  let best = 2;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let c = 2; c <= 16; c++) {
    const cost = Math.ceil(253 / c + 1) * (n + (1 << c));
    if (cost < bestCost) {
      bestCost = cost;
      best = c;
    }
  }
  return best;
}

/**
 * out = sum scalars[i] * P_i where the points are already in memory in cached form at
 * `cachedBase + i*PT`. `work` must have room for 2^(c-1) + 3 points.
 */
export function pippenger(
  e: Engine,
  cachedBase: number,
  scalars: readonly bigint[],
  out: number,
  work: number,
): void {
  const n = scalars.length;
  const c = pippengerWindow(n);
  const windows = Math.ceil(253 / c) + 1;
  const digits = new Int32Array(n * windows);
  const words = new Uint32Array(9);
  for (let i = 0; i < n; i++) signedDigits(scalars[i]!, c, windows, digits, i * windows, words);
  const nb = 1 << (c - 1);
  const buckets = work;
  const running = work + nb * PT;
  const sum = running + PT;
  const cached = sum + PT;
  const used = new Uint8Array(nb);
  setIdentity(e, out);
  for (let w = windows - 1; w >= 0; w--) {
    if (w !== windows - 1) e.fn.p3_dbln(out, out, c);
    used.fill(0);
    for (let i = 0; i < n; i++) {
      const d = digits[i * windows + w]!;
      if (d === 0) continue;
      const b = d > 0 ? d - 1 : -d - 1;
      const bp = buckets + b * PT;
      const pp = cachedBase + i * PT;
      if (!used[b]) {
        setIdentity(e, bp);
        used[b] = 1;
      }
      if (d > 0) e.fn.p3_add(bp, bp, pp);
      else e.fn.p3_sub(bp, bp, pp);
    }
    // sum_j (j+1) * bucket_j as a running sum from the top bucket down.
    let haveRunning = false;
    let haveSum = false;
    for (let b = nb - 1; b >= 0; b--) {
      if (used[b]) {
        if (haveRunning) {
          e.fn.p3_to_cached(cached, buckets + b * PT);
          e.fn.p3_add(running, running, cached);
        } else {
          copyPoint(e, running, buckets + b * PT);
          haveRunning = true;
        }
      }
      if (!haveRunning) continue;
      if (haveSum) {
        e.fn.p3_to_cached(cached, running);
        e.fn.p3_add(sum, sum, cached);
      } else {
        copyPoint(e, sum, running);
        haveSum = true;
      }
    }
    if (haveSum) {
      e.fn.p3_to_cached(cached, sum);
      e.fn.p3_add(out, out, cached);
    }
  }
}
