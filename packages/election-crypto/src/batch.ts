/**
 * Batch verification. Every proof equation has the form sum(s_i * P_i) = 0; a batch multiplies
 * each equation by an independent random 128-bit weight and checks the sum with one multi-scalar
 * multiplication. If any single equation is false, the weighted sum is zero with probability at
 * most 2^-128 (per equation, over the verifier's private weights), so a batch accepts exactly
 * when every member would, except with negligible probability.
 */
import { bytesToBigLE } from './bytes.js';
import type { Group } from './group.js';
import { mod } from './scalar.js';
import { type Rng, secureRng } from './rng.js';

/** Source of the verifier's secret random weights. */
export interface WeightSource {
  next(): bigint;
}

/** 128-bit non-zero weights from `rng`, drawn in bulk because small CSPRNG calls are slow. */
export function randomWeights(rng: Rng = secureRng): WeightSource {
  let buf: Uint8Array = new Uint8Array(0);
  let pos = 0;
  return {
    next(): bigint {
      for (;;) {
        if (pos + 16 > buf.length) {
          buf = rng.bytes(16 * 4096);
          pos = 0;
        }
        const w = bytesToBigLE(buf.subarray(pos, pos + 16));
        pos += 16;
        if (w !== 0n) return w;
      }
    },
  };
}

/** An accumulated linear combination sum(s_i P_i) + g*G + k*K that should equal the identity. */
export class LinearCombination<P> {
  readonly points: P[] = [];
  readonly scalars: bigint[] = [];
  /** Coefficient of the generator G. */
  g = 0n;
  /** Coefficient of the election public key K. */
  k = 0n;

  /** Add s * P. */
  add(p: P, s: bigint): void {
    this.points.push(p);
    this.scalars.push(mod(s));
  }

  /** Move all terms of `other` into this combination. */
  append(other: LinearCombination<P>): void {
    for (let i = 0; i < other.points.length; i++) {
      this.points.push(other.points[i]!);
      this.scalars.push(other.scalars[i]!);
    }
    this.g += other.g;
    this.k += other.k;
  }

  /** Check the combination is the identity using one multi-scalar multiplication. */
  isIdentity(group: Group<P>, K: P): boolean {
    const points = [...this.points, group.G, K];
    const scalars = [...this.scalars, mod(this.g), mod(this.k)];
    return group.equals(group.msm(points, scalars), group.identity);
  }
}
