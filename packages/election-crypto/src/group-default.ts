/**
 * Which group implementation public-data paths (verification, tallying, simulation) use by
 * default: the WebAssembly fast path when the platform allows WebAssembly (some pages forbid
 * it by Content-Security-Policy), otherwise the reference implementation.
 */
import { createFastGroup } from './fast/group-fast.js';
import type { Group } from './group.js';
import { nobleGroup } from './group-noble.js';

let current: Group<unknown> | null = null;

/** The group used when a caller does not pass one. */
export function defaultGroup(): Group<unknown> {
  if (!current) {
    try {
      current = createFastGroup() as unknown as Group<unknown>;
    } catch {
      current = nobleGroup as Group<unknown>;
    }
  }
  return current;
}

/** Replace the default group (e.g. force the reference implementation). */
export function setDefaultGroup(g: Group<unknown>): void {
  current = g;
}
