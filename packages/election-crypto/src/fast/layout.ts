/**
 * Memory layout and function indices shared by the WebAssembly generators and the engine.
 * Bytes 0..1023 hold constants, 1024..4095 scratch used only inside the module, and the
 * JavaScript side owns everything from JS_BASE on.
 */
/** Address of the constant 2d in memory (written by the loader). */
export const D2_ADDR = 0;
/** First byte the JavaScript side may use. */
export const JS_BASE = 4096;

/** Scratch field elements used inside the module (pow chain). */
export const T0 = 1024;
export const T1 = 1064;
export const T2 = 1104;
/** p1p1 temporary (160 bytes) used by point-codegen.ts. */
export const R1 = 1200;
/** Temporary field element for point formulas. */
export const PT0 = 1360;

/** Function indices in the module, in emission order. */
export const FN = {
  mul: 0,
  sq: 1,
  sq2: 2,
  add: 3,
  sub: 4,
  carry: 5,
  sqn: 6,
  pow22523: 7,
  p3Dbl: 8,
  p3Add: 9,
  p3Sub: 10,
  p3ToCached: 11,
  p3Dbln: 12,
} as const;
