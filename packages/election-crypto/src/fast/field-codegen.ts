/**
 * Generates the WebAssembly module for GF(2^255-19) and Edwards point arithmetic.
 *
 * Field elements are 10 signed limbs in radix 2^25.5 (limb i holds 26 bits when i is even,
 * 25 when odd), stored as i32 and computed in i64, exactly as in the ref10 code of
 * SUPERCOP/libsodium: fe_mul's 100 products never overflow for input limbs below 2^27 in
 * absolute value, and its carry chain brings every limb back below about 2^25. The point
 * formulas are ref10's (extended coordinates X:Y:Z:T, "cached" Y+X:Y-X:Z:2dT), which keep all
 * multiplication inputs below 2^27 as long as they start from multiplication outputs.
 *
 */
import { FN, T0, T1, T2 } from './layout.js';
import { genAddCached, genDbl, genDbln, genToCached } from './point-codegen.js';
import { assemble, FunctionBuilder, I64, OP } from './wasm-builder.js';

const BITS = [26, 25, 26, 25, 26, 25, 26, 25, 26, 25];

// ref10's carry order; rounding carries keep limbs centred on zero.
function carryChain(f: FunctionBuilder, h: number[], c: number): void {
  for (const i of [0, 4, 1, 5, 2, 6, 3, 7, 4, 8, 9, 0]) {
    const bits = BITS[i]!;
    f.get(h[i]!)
      .i64(1 << (bits - 1))
      .emit(OP.i64Add)
      .i64(bits)
      .emit(OP.i64ShrS)
      .set(c);
    if (i === 9) f.get(h[0]!).get(c).i64(19).emit(OP.i64Mul).emit(OP.i64Add).set(h[0]!);
    else
      f.get(h[i + 1]!)
        .get(c)
        .emit(OP.i64Add)
        .set(h[i + 1]!);
    f.get(h[i]!).get(c).i64(bits).emit(OP.i64Shl).emit(OP.i64Sub).set(h[i]!);
  }
}

function storeLimbs(f: FunctionBuilder, ptr: number, h: number[]): void {
  for (let i = 0; i < 10; i++)
    f.get(ptr)
      .get(h[i]!)
      .store64(4 * i);
}

function loadLimbs(f: FunctionBuilder, ptr: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 10; i++) {
    const l = f.local(I64);
    f.get(ptr)
      .load64(4 * i)
      .set(l);
    out.push(l);
  }
  return out;
}

/** Schoolbook product with the 19 (wrap-around) and 2 (odd-odd radix) factors folded in. */
function genMul(square: boolean, double: boolean): FunctionBuilder {
  const f = new FunctionBuilder(square ? (double ? 'fe_sq2' : 'fe_sq') : 'fe_mul', square ? 2 : 3);
  const fl = loadLimbs(f, 1);
  const gl = square ? fl : loadLimbs(f, 2);
  // Scaled copies g_j * k are made once and reused.
  const scaled = new Map<string, number>();
  const scaledG = (j: number, k: number): number => {
    if (k === 1) return gl[j]!;
    const key = `${j}:${k}`;
    let l = scaled.get(key);
    if (l === undefined) {
      l = f.local(I64);
      f.get(gl[j]!).i64(k).emit(OP.i64Mul).set(l);
      scaled.set(key, l);
    }
    return l;
  };
  const h: number[] = [];
  for (let k = 0; k < 10; k++) {
    const hk = f.local(I64);
    h.push(hk);
    let first = true;
    for (let i = 0; i < 10; i++) {
      const j = (k - i + 10) % 10;
      if (square && j < i) continue;
      let coef = (i & 1 && j & 1 ? 2 : 1) * (i + j >= 10 ? 19 : 1);
      if (square && i !== j) coef *= 2;
      f.get(fl[i]!).get(scaledG(j, coef)).emit(OP.i64Mul);
      if (!first) f.emit(OP.i64Add);
      first = false;
    }
    if (double) f.i64(2).emit(OP.i64Mul);
    f.set(hk);
  }
  carryChain(f, h, f.local(I64));
  storeLimbs(f, 0, h);
  return f;
}

function genAddSub(sub: boolean): FunctionBuilder {
  const f = new FunctionBuilder(sub ? 'fe_sub' : 'fe_add', 3);
  for (let i = 0; i < 10; i++) {
    f.get(0)
      .get(1)
      .emit(OP.i32Load, 2, 4 * i)
      .get(2)
      .emit(OP.i32Load, 2, 4 * i);
    f.emit(sub ? OP.i32Sub : OP.i32Add).emit(OP.i32Store, 2, 4 * i);
  }
  return f;
}

function genCarry(): FunctionBuilder {
  const f = new FunctionBuilder('fe_carry', 2);
  const h = loadLimbs(f, 1);
  carryChain(f, h, f.local(I64));
  storeLimbs(f, 0, h);
  return f;
}

// h = f^(2^n) for n >= 1.
function genSqn(): FunctionBuilder {
  const f = new FunctionBuilder('fe_sqn', 3);
  f.get(0).get(1).call(FN.sq);
  f.emit(OP.block, 0x40, OP.loop, 0x40);
  f.get(2).i32(1).emit(OP.i32Sub, OP.localTee, 2, OP.i32Eqz, OP.brIf, 1);
  f.get(0).get(0).call(FN.sq);
  f.emit(OP.br, 0, OP.end, OP.end);
  return f;
}

type Step = [number, ...number[]];

function callSeq(f: FunctionBuilder, steps: Step[]): void {
  for (const [fn, ...args] of steps) {
    for (const a of args) {
      if (a < 0) f.get(-a - 1);
      else f.i32(a);
    }
    f.call(fn);
  }
}

/** Parameter reference for callSeq: -(index+1). */
const P = (i: number) => -i - 1;

// z^(2^252 - 3), ref10's addition chain.
function genPow22523(): FunctionBuilder {
  const f = new FunctionBuilder('fe_pow22523', 2);
  const z = P(1);
  const { sq, mul, sqn } = FN;
  callSeq(f, [
    [sq, T0, z],
    [sqn, T1, T0, 2],
    [mul, T1, z, T1],
    [mul, T0, T0, T1],
    [sq, T0, T0],
    [mul, T0, T1, T0],
  ]);
  f.i32(T1).i32(T0).i32(5).call(sqn);
  callSeq(f, [
    [mul, T0, T1, T0],
    [sqn, T1, T0, 10],
    [mul, T1, T1, T0],
    [sqn, T2, T1, 20],
    [mul, T1, T2, T1],
    [sqn, T1, T1, 10],
    [mul, T0, T1, T0],
    [sqn, T1, T0, 50],
    [mul, T1, T1, T0],
    [sqn, T2, T1, 100],
    [mul, T1, T2, T1],
    [sqn, T1, T1, 50],
    [mul, T0, T1, T0],
    [sqn, T0, T0, 2],
    [mul, P(0), T0, z],
  ]);
  return f;
}

/** Build the module bytes. */
export function buildFieldModule(pages: number): Uint8Array {
  const fns = [
    genMul(false, false),
    genMul(true, false),
    genMul(true, true),
    genAddSub(false),
    genAddSub(true),
    genCarry(),
    genSqn(),
    genPow22523(),
    genDbl(),
    genAddCached(false),
    genAddCached(true),
    genToCached(),
    genDbln(),
  ];
  return assemble(fns, pages);
}
