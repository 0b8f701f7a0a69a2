/**
 * The checks of a record outside the per-ballot work, shared by the reference and the fast
 * verifier so that both name failures identically. See docs/election-spec.md for the order.
 */
import { boardGenesis } from './board.js';
import { type ResolvedContext, resolveContext } from './context.js';
import { decodeHex, encodeHex, type Group } from './group.js';
import { TAG } from './hash.js';
import { manifestHash, parameterHash, validateManifest } from './manifest.js';
import { verifySchnorr } from './proofs-dlog.js';
import type { ElectionRecord } from './record.js';
import { lagrangeAtZero } from './scalar.js';
import type { TallyJson } from './tally.js';
import { checkDecryptionShare } from './tally.js';
import { jointPublicKey, pokParts, verificationKey } from './trustee.js';

/** Result of the header checks: a failure name, or what the later checks need. */
export type HeaderOutcome<P> = { check: string } | { check: null; rc: ResolvedContext<P> };

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Checks 1-9: format, manifest, parameters, trustees and their proofs, joint key, genesis. */
export function checkHeader<P>(g: Group<P>, r: ElectionRecord): HeaderOutcome<P> {
  if (!isObj(r) || !isObj(r.manifest) || !isObj(r.parameters) || !Array.isArray(r.trustees))
    return { check: 'format' };
  if (!isObj(r.board) || !isObj(r.tally) || !Array.isArray(r.decryption) || !isObj(r.results))
    return { check: 'format' };
  try {
    validateManifest(r.manifest);
  } catch {
    return { check: 'manifest' };
  }
  const p = r.parameters;
  if (p.manifest_hash !== manifestHash(r.manifest)) return { check: 'parameters.manifest_hash' };
  if (p.group !== 'ristretto255') return { check: 'parameters.group' };
  const n = r.trustees.length;
  if (p.trustees !== n || n < 1 || r.trustees.some((t, i) => !isObj(t) || t.index !== i + 1)) {
    return { check: 'parameters.trustees' };
  }
  const k = p.threshold;
  if (!Number.isInteger(k) || k < 1 || k > n) return { check: 'parameters.threshold' };
  for (let i = 0; i < n; i++) {
    const t = r.trustees[i]!;
    const cs = t.commitments;
    if (!Array.isArray(cs) || cs.length !== k || !Array.isArray(t.proofs) || t.proofs.length !== k) {
      return { check: `trustee[${i}].commitments` };
    }
    for (let l = 0; l < k; l++) {
      let C: P;
      try {
        C = decodeHex(g, cs[l]!);
      } catch {
        return { check: `trustee[${i}].commitments` };
      }
      const parts = pokParts(p.manifest_hash, t.index, l, cs[l]!);
      if (!verifySchnorr(g, TAG.coefficientPok, parts, C, t.proofs[l]!))
        return { check: `trustee[${i}].proof[${l}]` };
    }
  }
  if (p.joint_public_key !== encodeHex(g, jointPublicKey(g, r.trustees)))
    return { check: 'parameters.joint_public_key' };
  const ph = parameterHash(
    p.manifest_hash,
    n,
    k,
    p.joint_public_key,
    r.trustees.map((t) => t.commitments),
  );
  if (p.parameter_hash !== ph) return { check: 'parameters.parameter_hash' };
  if (r.board.genesis !== boardGenesis(ph)) return { check: 'board.genesis' };
  if (!Array.isArray(r.board.entries)) return { check: 'board.format' };
  if (r.board.supersedes !== undefined && !Array.isArray(r.board.supersedes))
    return { check: 'board.format' };
  return { check: null, rc: resolveContext(g, p) };
}

/** Check 11: the published tally equals the sums computed from the board. */
export function checkTally(r: ElectionRecord, computed: TallyJson): string | null {
  const t = r.tally;
  if (!Array.isArray(t.contests) || t.contests.length !== r.manifest.contests.length) return 'tally.format';
  for (let ci = 0; ci < r.manifest.contests.length; ci++) {
    const mc = r.manifest.contests[ci]!;
    const tc = t.contests[ci];
    if (
      !isObj(tc) ||
      tc.contest_id !== mc.id ||
      !Array.isArray(tc.options) ||
      tc.options.length !== mc.options.length
    ) {
      return 'tally.format';
    }
    for (let oi = 0; oi < mc.options.length; oi++) {
      const want = computed.contests[ci]!.options[oi]!;
      const got = tc.options[oi];
      if (!isObj(got) || got.alpha !== want.alpha || got.beta !== want.beta)
        return `tally.contest[${ci}].option[${oi}]`;
    }
  }
  return null;
}

/** Checks 12-14: decryption shares and their proofs, results against the shares, counts. */
export function checkDecryptionAndResults<P>(g: Group<P>, r: ElectionRecord): string | null {
  const { parameters: p, manifest, tally, results } = r;
  const shares = r.decryption;
  const indices = shares.map((s) => (isObj(s) ? s.trustee : undefined));
  const n = r.trustees.length;
  const valid = indices.every((i) => Number.isInteger(i) && (i as number) >= 1 && (i as number) <= n);
  if (shares.length < p.threshold || !valid || new Set(indices).size !== indices.length)
    return 'decryption.format';
  for (let s = 0; s < shares.length; s++) {
    const vk = encodeHex(g, verificationKey(g, r.trustees, shares[s]!.trustee));
    const bad = checkDecryptionShare(g, manifest, p.parameter_hash, tally, shares[s]!, vk);
    if (bad) return `decryption[${s}].${bad}`;
  }
  if (!Array.isArray(results.contests) || results.contests.length !== manifest.contests.length)
    return 'results.format';
  // With every proof valid, any k shares decrypt the same; use the first k.
  const used = shares.slice(0, p.threshold);
  const lambdas = used.map((s) =>
    lagrangeAtZero(
      s.trustee,
      used.map((u) => u.trustee),
    ),
  );
  for (let ci = 0; ci < manifest.contests.length; ci++) {
    const mc = manifest.contests[ci]!;
    const rc = results.contests[ci];
    if (
      !isObj(rc) ||
      rc.contest_id !== mc.id ||
      !Array.isArray(rc.options) ||
      rc.options.length !== mc.options.length
    ) {
      return 'results.format';
    }
    for (let oi = 0; oi < mc.options.length; oi++) {
      const ro = rc.options[oi];
      const where = `results.contest[${ci}].option[${oi}]`;
      if (!isObj(ro) || ro.option_id !== mc.options[oi]!.id) return 'results.format';
      if (!Number.isSafeInteger(ro.votes) || ro.votes < 0) return where;
      const combined = g.msm(
        used.map((s) => decodeHex(g, s.contests[ci]!.options[oi]!.share)),
        lambdas,
      );
      const M = g.sub(decodeHex(g, tally.contests[ci]!.options[oi]!.beta), combined);
      if (!g.equals(M, g.mul(g.G, BigInt(ro.votes)))) return where;
    }
  }
  const counted = results.ballots_counted;
  if (counted !== r.board.entries.length - (r.board.supersedes?.length ?? 0))
    return 'results.ballots_counted';
  const eligible = results.eligible_voters;
  if (eligible !== undefined && (!Number.isSafeInteger(eligible) || eligible < counted))
    return 'results.eligible_voters';
  return null;
}
