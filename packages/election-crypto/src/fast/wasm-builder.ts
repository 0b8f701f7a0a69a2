/**
 * A minimal WebAssembly binary writer: just enough (i32/i64 integer ops, locals, memory,
 * calls, loops) to emit the field arithmetic in field-codegen.ts at load time. Generating the
 * module from TypeScript keeps the fast path auditable and buildable with no toolchain.
 */

/** Value types. */
export const I32 = 0x7f;
export const I64 = 0x7e;

/** Opcodes used by the generator. */
export const OP = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  call: 0x10,
  drop: 0x1a,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i64Load32S: 0x34,
  i32Store: 0x36,
  i64Store32: 0x3e,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Eqz: 0x45,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i64Add: 0x7c,
  i64Sub: 0x7d,
  i64Mul: 0x7e,
  i64Shl: 0x86,
  i64ShrS: 0x87,
} as const;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 (for i32/i64 constants within the safe-integer range). */
export function sleb(n: number | bigint): number[] {
  let v = BigInt(n);
  const out: number[] = [];
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** One function being emitted: parameters are i32, extra locals are declared by type. */
export class FunctionBuilder {
  readonly code: number[] = [];
  private readonly locals: number[] = [];
  constructor(
    readonly name: string,
    readonly params: number,
    readonly exported = true,
  ) {}

  /** Declare a new local of `type`; returns its index. */
  local(type: number): number {
    this.locals.push(type);
    return this.params + this.locals.length - 1;
  }

  emit(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }

  get(i: number): this {
    return this.emit(OP.localGet, ...uleb(i));
  }
  set(i: number): this {
    return this.emit(OP.localSet, ...uleb(i));
  }
  i32(n: number): this {
    return this.emit(OP.i32Const, ...sleb(n));
  }
  i64(n: number | bigint): this {
    return this.emit(OP.i64Const, ...sleb(n));
  }
  /** i64.load32_s from (address on stack) + offset. */
  load64(offset: number): this {
    return this.emit(OP.i64Load32S, 2, ...uleb(offset));
  }
  /** i64.store32 to (address, value on stack) + offset. */
  store64(offset: number): this {
    return this.emit(OP.i64Store32, 2, ...uleb(offset));
  }
  call(index: number): this {
    return this.emit(OP.call, ...uleb(index));
  }

  /** Function body: local declarations then code. */
  body(): number[] {
    const groups: number[][] = [];
    for (const t of this.locals) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]!++;
      else groups.push([1, t]);
    }
    const decl = [...uleb(groups.length), ...groups.flatMap(([n, t]) => [...uleb(n!), t!])];
    const all = [...decl, ...this.code, OP.end];
    return [...uleb(all.length), ...all];
  }
}

function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [...uleb(b.length), ...b];
}

/**
 * Assemble a module: functions (all returning nothing, taking i32 parameters) in index order,
 * plus one exported memory named "mem" with `pages` initial 64 KiB pages.
 */
export function assemble(fns: readonly FunctionBuilder[], pages: number): Uint8Array {
  const arities = [...new Set(fns.map((f) => f.params))];
  const types = arities.map((n) => [0x60, ...uleb(n), ...new Array(n).fill(I32), 0]);
  const funcSec = fns.map((f) => uleb(arities.indexOf(f.params)));
  const exports = fns
    .map((f, i) => (f.exported ? [...name(f.name), 0x00, ...uleb(i)] : null))
    .filter((e): e is number[] => e !== null);
  exports.push([...name('mem'), 0x02, 0]);
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...section(3, vec(funcSec)),
    ...section(5, vec([[0x00, ...uleb(pages)]])),
    ...section(7, vec(exports)),
    ...section(10, vec(fns.map((f) => f.body()))),
  ];
  return new Uint8Array(bytes);
}
