/**
 * Per-election values derived once and reused: the decoded election key with its fixed-base
 * table, and the parameter hash bytes. Cached because building a table costs far more than
 * one ballot.
 */
import { fromHex } from './bytes.js';
import type { FixedBase, Group } from './group.js';
import type { PublicContext } from './manifest.js';

/** Derived election values for one group implementation. */
export interface ResolvedContext<P> {
  paramHash: Uint8Array;
  K: P;
  mulK: FixedBase<P>;
}

const cache = new Map<string, ResolvedContext<unknown>>();

/**
 * Decode the election key and build (or fetch) its table.
 * @throws Error if the key or hash is malformed.
 */
export function resolveContext<P>(g: Group<P>, ctx: PublicContext): ResolvedContext<P> {
  const id = `${g.name}:${ctx.joint_public_key}:${ctx.parameter_hash}`;
  const hit = cache.get(id);
  if (hit) return hit as ResolvedContext<P>;
  const K = g.decode(fromHex(ctx.joint_public_key, 32));
  // The table is built on first use: verifiers never multiply by K, so a server checking
  // ballots of many elections does not keep a table per election.
  let table: FixedBase<P> | null = null;
  const mulK: FixedBase<P> = (s) => {
    table ??= g.fixed(K);
    return table(s);
  };
  const resolved: ResolvedContext<P> = { paramHash: fromHex(ctx.parameter_hash, 32), K, mulK };
  // A handful of elections per process at most; keep the map from growing without bound anyway.
  if (cache.size > 16) cache.clear();
  cache.set(id, resolved as ResolvedContext<unknown>);
  return resolved;
}
