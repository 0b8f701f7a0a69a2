/**
 * Small discrete logarithms by baby-step giant-step: find m in [0, max] with mG = M.
 * Tallies are at most the number of ballots, so this is cheap; the baby-step table
 * (encodings of jG, j < step) is cached per group and step size.
 */
import { toHex } from './bytes.js';
import type { Group } from './group.js';

const tables = new Map<string, Map<string, number>>();

function stepFor(max: number): number {
  let step = 16;
  while (step * step < max + 1 && step < 8192) step *= 2;
  return step;
}

function babySteps<P>(g: Group<P>, step: number): Map<string, number> {
  const id = `${g.name}:${step}`;
  let table = tables.get(id);
  if (!table) {
    table = new Map();
    let p = g.identity;
    for (let j = 0; j < step; j++) {
      table.set(toHex(g.encode(p)), j);
      p = g.add(p, g.G);
    }
    tables.set(id, table);
  }
  return table;
}

/**
 * Find m in [0, max] with m*G = M.
 * @throws Error if there is none (a wrong decryption or a total above `max`).
 */
export function discreteLog<P>(g: Group<P>, M: P, max = 10_000_000): number {
  const step = stepFor(max);
  const table = babySteps(g, step);
  const giant = g.mulG(BigInt(step));
  let cur = M;
  for (let i = 0; i * step <= max; i++) {
    const j = table.get(toHex(g.encode(cur)));
    if (j !== undefined) {
      const m = i * step + j;
      if (m <= max) return m;
    }
    cur = g.sub(cur, giant);
  }
  throw new Error('discrete log not found within bound');
}
