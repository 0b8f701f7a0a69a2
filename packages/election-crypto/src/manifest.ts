/**
 * The election manifest (what is being voted on) and the parameters that bind a record
 * together: manifest hash, trustee set, joint key and the parameter hash that every proof's
 * challenge includes.
 */
import { concatBytes, fromHex, toHex, u32be } from './bytes.js';
import { canonicalJson } from './canonical.js';
import { hashParts, TAG } from './hash.js';

/** One choice within a contest. */
export interface OptionManifest {
  id: string;
  title: string;
}

/** One question: the voter selects between min and max options, each at most once. */
export interface ContestManifest {
  id: string;
  title: string;
  min_selections: number;
  max_selections: number;
  options: OptionManifest[];
}

/** What is being voted on. */
export interface Manifest {
  election_id: string;
  title: string;
  contests: ContestManifest[];
}

/** Published parameters. `parameter_hash` is bound into every Fiat-Shamir challenge. */
export interface ElectionParameters {
  group: 'ristretto255';
  manifest_hash: string;
  trustees: number;
  threshold: number;
  joint_public_key: string;
  parameter_hash: string;
}

/** The subset of the parameters a voter's device needs to encrypt. */
export interface PublicContext {
  parameter_hash: string;
  joint_public_key: string;
}

const MAX_OPTIONS = 1000;

/**
 * Check a manifest's shape and limits.
 * @throws Error naming the first problem.
 */
export function validateManifest(m: Manifest): void {
  if (!m || typeof m !== 'object') throw new Error('manifest must be an object');
  if (typeof m.election_id !== 'string' || m.election_id === '') throw new Error('manifest.election_id');
  if (typeof m.title !== 'string') throw new Error('manifest.title');
  if (!Array.isArray(m.contests) || m.contests.length === 0) throw new Error('manifest.contests');
  const contestIds = new Set<string>();
  m.contests.forEach((c, i) => {
    const where = `manifest.contests[${i}]`;
    if (!c || typeof c.id !== 'string' || c.id === '' || contestIds.has(c.id)) throw new Error(`${where}.id`);
    contestIds.add(c.id);
    if (typeof c.title !== 'string') throw new Error(`${where}.title`);
    if (!Array.isArray(c.options) || c.options.length === 0 || c.options.length > MAX_OPTIONS) {
      throw new Error(`${where}.options`);
    }
    const optionIds = new Set<string>();
    c.options.forEach((o, j) => {
      if (!o || typeof o.id !== 'string' || o.id === '' || optionIds.has(o.id)) {
        throw new Error(`${where}.options[${j}].id`);
      }
      if (typeof o.title !== 'string') throw new Error(`${where}.options[${j}].title`);
      optionIds.add(o.id);
    });
    const { min_selections: min, max_selections: max } = c;
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || min > max || max > c.options.length) {
      throw new Error(`${where}.selections`);
    }
  });
}

/** SHA-256 (framed, tag "manifest") of the canonical JSON of the manifest, as hex. */
export function manifestHash(m: Manifest): string {
  return toHex(hashParts(TAG.manifest, [canonicalJson(m)]));
}

/**
 * Parameter hash = H("parameters", manifest_hash, u32be(n), u32be(k), K, C_{1,0..k-1}, ..., C_{n,0..k-1}).
 * Commitments are included so a record cannot swap a trustee's polynomial after the fact.
 */
export function parameterHash(
  manifestHashHex: string,
  n: number,
  k: number,
  jointKeyHex: string,
  commitments: readonly (readonly string[])[],
): string {
  const flat = concatBytes(...commitments.flatMap((cs) => cs.map((c) => fromHex(c, 32))));
  return toHex(
    hashParts(TAG.parameters, [
      fromHex(manifestHashHex, 32),
      u32be(n),
      u32be(k),
      fromHex(jointKeyHex, 32),
      flat,
    ]),
  );
}

/** The candidate sums a contest's range proof covers: min..max. */
export function contestRange(c: ContestManifest): number[] {
  const out: number[] = [];
  for (let v = c.min_selections; v <= c.max_selections; v++) out.push(v);
  return out;
}
