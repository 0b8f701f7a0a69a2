/**
 * Ballot verification, two ways that must always agree:
 * - `checkBallotReference`: plain, one proof at a time, the definition of "valid";
 * - `accumulateBallot`: parses, checks the hashes, and adds all group equations to a batch
 *   (one multi-scalar multiplication for many ballots).
 * Check names, in the order they are tried: format, contest[c].option[o].ciphertext,
 * contest[c].option[o].proof, contest[c].range_proof, tracking_code.
 */
import { LinearCombination, randomWeights, type WeightSource } from './batch.js';
import {
  type ContestBallotJson,
  contestProofParts,
  type EncryptedBallot,
  optionProofParts,
  trackingCode,
} from './ballot.js';
import { concatBytes, fromHex, toHex } from './bytes.js';
import { canonicalJson } from './canonical.js';
import { type ResolvedContext, resolveContext } from './context.js';
import type { Ciphertext } from './elgamal.js';
import type { Group } from './group.js';
import { defaultGroup } from './group-default.js';
import { hashParts, TAG } from './hash.js';
import { contestRange, type Manifest, type PublicContext } from './manifest.js';
import { isHex32 } from './revote.js';
import {
  accumulateOneOf,
  challengesMatch,
  type OneOfStatement,
  parseOneOf,
  verifyOneOfReference,
} from './proofs.js';

/** Outcome of a verification: the first failing check is named. */
export type CheckResult = { ok: true } | { ok: false; check: string };

/** Name of the first structural mismatch between ballot and manifest, or null. */
export function ballotShapeError(manifest: Manifest, ballot: EncryptedBallot): string | null {
  if (!ballot || typeof ballot !== 'object' || !Array.isArray(ballot.contests)) return 'format';
  if (typeof ballot.tracking_code !== 'string') return 'format';
  // Exactly contests and tracking_code, plus revote_tag (64 lowercase hex) where re-voting is allowed.
  const keys = Object.keys(ballot).length;
  const tagged = 'revote_tag' in ballot;
  if (tagged && !isHex32(ballot.revote_tag)) return 'format';
  if (keys !== (tagged ? 3 : 2) || ballot.contests.length !== manifest.contests.length) return 'format';
  for (let ci = 0; ci < manifest.contests.length; ci++) {
    const mc = manifest.contests[ci]!;
    const bc = ballot.contests[ci] as ContestBallotJson | undefined;
    if (!bc || bc.contest_id !== mc.id || !Array.isArray(bc.options)) return 'format';
    if (bc.options.length !== mc.options.length || !bc.range_proof) return 'format';
    for (const o of bc.options) {
      if (typeof o?.ciphertext?.alpha !== 'string' || typeof o.ciphertext.beta !== 'string') {
        return 'format';
      }
    }
  }
  return null;
}

function ciphertextBytes(o: { ciphertext: { alpha: string; beta: string } }): Uint8Array | null {
  try {
    return concatBytes(fromHex(o.ciphertext.alpha, 32), fromHex(o.ciphertext.beta, 32));
  } catch {
    return null;
  }
}

/** Plain verification of one ballot. Returns the first failing check's name, or null. */
export function checkBallotReference<P>(
  g: Group<P>,
  manifest: Manifest,
  rc: ResolvedContext<P>,
  ballot: EncryptedBallot,
): string | null {
  const shape = ballotShapeError(manifest, ballot);
  if (shape) return shape;
  for (let ci = 0; ci < manifest.contests.length; ci++) {
    const mc = manifest.contests[ci]!;
    const bc = ballot.contests[ci]!;
    const encoded: Uint8Array[] = [];
    const cts: Ciphertext<P>[] = [];
    for (let oi = 0; oi < mc.options.length; oi++) {
      const o = bc.options[oi]!;
      const where = `contest[${ci}].option[${oi}]`;
      const bytes = ciphertextBytes(o);
      let ct: Ciphertext<P>;
      try {
        if (!bytes) throw new Error('hex');
        ct = { alpha: g.decode(bytes.subarray(0, 32)), beta: g.decode(bytes.subarray(32)) };
      } catch {
        return `${where}.ciphertext`;
      }
      const st: OneOfStatement<P> = {
        tag: TAG.optionProof,
        parts: optionProofParts(rc.paramHash, mc.id, mc.options[oi]!.id, bytes!),
        values: [0, 1],
        ...ct,
      };
      if (!verifyOneOfReference(g, rc.K, st, o.proof)) return `${where}.proof`;
      encoded.push(bytes!);
      cts.push(ct);
    }
    const sum = cts.reduce(
      (acc, ct) => ({ alpha: g.add(acc.alpha, ct.alpha), beta: g.add(acc.beta, ct.beta) }),
      {
        alpha: g.identity,
        beta: g.identity,
      },
    );
    const st: OneOfStatement<P> = {
      tag: TAG.contestProof,
      parts: contestProofParts(rc.paramHash, mc, concatBytes(...encoded)),
      values: contestRange(mc),
      ...sum,
    };
    if (!verifyOneOfReference(g, rc.K, st, bc.range_proof)) return `contest[${ci}].range_proof`;
  }
  if (ballot.tracking_code !== trackingCode(rc.paramHash, ballot.contests)) return 'tracking_code';
  return null;
}

/** A ballot prepared for batch verification. */
export interface AccumulatedBallot<P> {
  /** Set when a check failed without needing the batch (a hash or an encoding). */
  failed: boolean;
  /** The ballot's group equations; meaningless when `failed`. */
  lc: LinearCombination<P>;
  /** Decoded ciphertexts per contest and option (for the homomorphic tally). */
  cts: Ciphertext<P>[][];
  /** Canonical JSON of the whole ballot (what the board chain hashes), once it passed. */
  canonical?: string;
}

/**
 * Parse and decode a ballot, check its challenge hashes and tracking code, and collect its
 * group equations. A ballot is valid iff `!failed` and its `lc` is the identity; callers
 * merge many ballots' `lc`s into one multi-scalar multiplication.
 */
export function accumulateBallot<P>(
  g: Group<P>,
  manifest: Manifest,
  rc: ResolvedContext<P>,
  ballot: EncryptedBallot,
  weights: WeightSource,
): AccumulatedBallot<P> {
  const lc = new LinearCombination<P>();
  const cts: Ciphertext<P>[][] = [];
  const fail = { failed: true, lc, cts };
  if (ballotShapeError(manifest, ballot)) return fail;
  try {
    for (let ci = 0; ci < manifest.contests.length; ci++) {
      const mc = manifest.contests[ci]!;
      const bc = ballot.contests[ci]!;
      const encoded: Uint8Array[] = [];
      const row: Ciphertext<P>[] = [];
      const coefA: bigint[] = [];
      const coefB: bigint[] = [];
      for (let oi = 0; oi < mc.options.length; oi++) {
        const o = bc.options[oi]!;
        const bytes = ciphertextBytes(o);
        if (!bytes) return fail;
        const ct = { alpha: g.decode(bytes.subarray(0, 32)), beta: g.decode(bytes.subarray(32)) };
        const st: OneOfStatement<P> = {
          tag: TAG.optionProof,
          parts: optionProofParts(rc.paramHash, mc.id, mc.options[oi]!.id, bytes),
          values: [0, 1],
          ...ct,
        };
        const p = parseOneOf(o.proof, 2);
        if (!challengesMatch(st, p)) return fail;
        const co = accumulateOneOf(lc, st.values, p.a.map(g.decode), p.b.map(g.decode), p, weights);
        coefA.push(co.alpha);
        coefB.push(co.beta);
        encoded.push(bytes);
        row.push(ct);
      }
      const values = contestRange(mc);
      const st: OneOfStatement<P> = {
        tag: TAG.contestProof,
        parts: contestProofParts(rc.paramHash, mc, concatBytes(...encoded)),
        values,
        alpha: g.identity,
        beta: g.identity,
      };
      const p = parseOneOf(bc.range_proof, values.length);
      if (!challengesMatch(st, p)) return fail;
      // The sum ciphertext's coefficient distributes over its summands, so the sum itself is
      // never computed: each option ciphertext appears once in the batch.
      const co = accumulateOneOf(lc, values, p.a.map(g.decode), p.b.map(g.decode), p, weights);
      row.forEach((ct, oi) => {
        lc.add(ct.alpha, coefA[oi]! + co.alpha);
        lc.add(ct.beta, coefB[oi]! + co.beta);
      });
      cts.push(row);
    }
  } catch {
    return fail;
  }
  // Canonicalise the contests once for both hashes: the ballot's canonical form is
  // {"contests":...[,"revote_tag":...],"tracking_code":...} because the shape check allows
  // exactly these keys (the tag is 64 hex characters, so it needs no escaping).
  const contestsJson = canonicalJson(ballot.contests);
  const code = toHex(hashParts(TAG.trackingCode, [rc.paramHash, `{"contests":${contestsJson}}`]));
  if (ballot.tracking_code !== code) return fail;
  const tag = ballot.revote_tag === undefined ? '' : `,"revote_tag":"${ballot.revote_tag}"`;
  return {
    failed: false,
    lc,
    cts,
    canonical: `{"contests":${contestsJson}${tag},"tracking_code":"${code}"}`,
  };
}

/**
 * Verify one ballot for casting (server ingest): one batch over all its proofs, and on failure
 * the reference check names what failed.
 */
export function verifyBallot<P = unknown>(
  manifest: Manifest,
  ctx: PublicContext,
  ballot: EncryptedBallot,
  opts: { group?: Group<P>; weights?: WeightSource } = {},
): CheckResult {
  const g = (opts.group ?? defaultGroup()) as Group<P>;
  const rc = resolveContext(g, ctx);
  const acc = accumulateBallot(g, manifest, rc, ballot, opts.weights ?? randomWeights());
  if (!acc.failed && acc.lc.isIdentity(g, rc.K)) return { ok: true };
  return { ok: false, check: checkBallotReference(g, manifest, rc, ballot) ?? 'batch' };
}
