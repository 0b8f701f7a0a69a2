/**
 * Generated Edwards point arithmetic for the WebAssembly module: ref10's formulas as sequences
 * of calls to the field functions of field-codegen.ts. Points are X:Y:Z:T (extended) or
 * Y+X:Y-X:Z:2dT ("cached"), 160 bytes each; p1p1 intermediates live in module scratch memory.
 */
import { D2_ADDR, FN, PT0, R1 } from './layout.js';
import { FunctionBuilder, OP } from './wasm-builder.js';

const X = 0;
const Y = 40;
const Z = 80;
const T = 120;

function p1p1ToP3(r: number): [number, number, number, number][] {
  const { mul } = FN;
  return [
    [mul, r + X, R1 + X, R1 + T],
    [mul, r + Y, R1 + Y, R1 + Z],
    [mul, r + Z, R1 + Z, R1 + T],
    [mul, r + T, R1 + X, R1 + Y],
  ];
}

// Offsets are added to a parameter at run time, so point steps take (param, offset) pairs;
// emitted by hand below through `at`.
function genPointFn(
  name: string,
  params: number,
  body: (at: (p: number, off: number) => void, f: FunctionBuilder) => void,
) {
  const f = new FunctionBuilder(name, params);
  body((p, off) => {
    if (p < 0) f.i32(off);
    else f.get(p).i32(off).emit(OP.i32Add);
  }, f);
  return f;
}

type Arg = [number, number]; // [param index or -1 for absolute, offset]

function emitCalls(f: FunctionBuilder, at: (p: number, off: number) => void, steps: [number, ...Arg[]][]) {
  for (const [fn, ...args] of steps) {
    for (const [p, off] of args) at(p, off);
    f.call(fn);
  }
}

const ABS = -1;
const r1 = (off: number): Arg => [ABS, R1 + off];
const t0: Arg = [ABS, PT0];

/** p3_add / p3_sub(r, p, q): r = p +/- q for p extended and q cached (ref10 ge_add / ge_sub). */
export function genAddCached(sub: boolean): FunctionBuilder {
  return genPointFn(sub ? 'p3_sub' : 'p3_add', 3, (at, f) => {
    const p = (off: number): Arg => [1, off];
    const q = (off: number): Arg => [2, off];
    const { add, sub: fsub, mul } = FN;
    emitCalls(f, at, [
      [add, r1(X), p(Y), p(X)],
      [fsub, r1(Y), p(Y), p(X)],
      [mul, r1(Z), r1(X), q(sub ? Y : X)],
      [mul, r1(Y), r1(Y), q(sub ? X : Y)],
      [mul, r1(T), q(T), p(T)],
      [mul, r1(X), p(Z), q(Z)],
      [add, t0, r1(X), r1(X)],
      [fsub, r1(X), r1(Z), r1(Y)],
      [add, r1(Y), r1(Z), r1(Y)],
      [sub ? fsub : add, r1(Z), t0, r1(T)],
      [sub ? add : fsub, r1(T), t0, r1(T)],
    ]);
    emitP1P1ToP3(f, at);
  });
}

function emitP1P1ToP3(f: FunctionBuilder, at: (p: number, off: number) => void) {
  emitCalls(
    f,
    at,
    p1p1ToP3(0).map(([fn, rr, a, b]) => [fn, [0, rr!], [ABS, a!], [ABS, b!]] as [number, ...Arg[]]),
  );
}

/** p3_dbl(r, p): r = 2p (ref10 ge_p2_dbl, then to extended coordinates). */
export function genDbl(): FunctionBuilder {
  return genPointFn('p3_dbl', 2, (at, f) => {
    const p = (off: number): Arg => [1, off];
    const { sq, sq2, add, sub } = FN;
    emitCalls(f, at, [
      [sq, r1(X), p(X)],
      [sq, r1(Z), p(Y)],
      [sq2, r1(T), p(Z)],
      [add, r1(Y), p(X), p(Y)],
      [sq, t0, r1(Y)],
      [add, r1(Y), r1(Z), r1(X)],
      [sub, r1(Z), r1(Z), r1(X)],
      [sub, r1(X), t0, r1(Y)],
      [sub, r1(T), r1(T), r1(Z)],
    ]);
    emitP1P1ToP3(f, at);
  });
}

/** p3_to_cached(c, p): c = (Y+X, Y-X, Z, 2dT); c must not alias p. */
export function genToCached(): FunctionBuilder {
  return genPointFn('p3_to_cached', 2, (at, f) => {
    const p = (off: number): Arg => [1, off];
    const c = (off: number): Arg => [0, off];
    emitCalls(f, at, [
      [FN.add, c(X), p(Y), p(X)],
      [FN.sub, c(Y), p(Y), p(X)],
      [FN.carry, c(Z), p(Z)],
      [FN.mul, c(T), p(T), [ABS, D2_ADDR]],
    ]);
  });
}

/** p3_dbln(r, p, n): r = 2^n p for n >= 1. */
export function genDbln(): FunctionBuilder {
  const f = new FunctionBuilder('p3_dbln', 3);
  f.get(0).get(1).call(FN.p3Dbl);
  f.emit(OP.block, 0x40, OP.loop, 0x40);
  f.get(2).i32(1).emit(OP.i32Sub, OP.localTee, 2, OP.i32Eqz, OP.brIf, 1);
  f.get(0).get(0).call(FN.p3Dbl);
  f.emit(OP.br, 0, OP.end, OP.end);
  return f;
}
