/**
 * Benaloh cast-or-audit. After encrypting, the voter either casts the ballot or challenges it:
 * the device reveals every nonce and the selections it claims to have encrypted, and any
 * other device re-encrypts and compares. An audited ballot is void (its nonces are public).
 */
import type { BallotSecrets, EncryptedBallot, Selections } from './ballot.js';
import { selectionVectors } from './ballot.js';
import { type CheckResult, verifyBallot } from './ballot-verify.js';
import { resolveContext } from './context.js';
import { encrypt } from './elgamal.js';
import { encodeHex, type Group } from './group.js';
import { defaultGroup } from './group-default.js';
import type { Manifest, PublicContext } from './manifest.js';
import { scalarFromHex } from './scalar.js';

/** A challenged ballot with everything needed to open it. */
export interface AuditedBallot {
  ballot: EncryptedBallot;
  selections: Selections;
  nonces: string[][];
}

/** Reveal a ballot's secrets for audit. The ballot must then never be cast. */
export function auditBallot(ballot: EncryptedBallot, secrets: BallotSecrets): AuditedBallot {
  return { ballot, selections: secrets.selections, nonces: secrets.nonces };
}

/**
 * Check that an audited ballot is valid and encrypts exactly the revealed selections.
 * Check names: those of verifyBallot, then `selections`, `nonces`, `contest[c].option[o].reveal`.
 */
export function checkAuditedBallot<P = unknown>(
  manifest: Manifest,
  ctx: PublicContext,
  audited: AuditedBallot,
  opts: { group?: Group<P> } = {},
): CheckResult & { selections?: Selections } {
  const g = (opts.group ?? defaultGroup()) as Group<P>;
  const valid = verifyBallot(manifest, ctx, audited.ballot, { group: g });
  if (!valid.ok) return valid;
  let vectors: number[][];
  try {
    vectors = selectionVectors(manifest, audited.selections);
  } catch {
    return { ok: false, check: 'selections' };
  }
  const { mulK } = resolveContext(g, ctx);
  for (let ci = 0; ci < vectors.length; ci++) {
    const row = vectors[ci]!;
    const nonces = audited.nonces?.[ci];
    if (!Array.isArray(nonces) || nonces.length !== row.length) return { ok: false, check: 'nonces' };
    for (let oi = 0; oi < row.length; oi++) {
      let r: bigint;
      try {
        r = scalarFromHex(nonces[oi]!);
      } catch {
        return { ok: false, check: 'nonces' };
      }
      const ct = encrypt(g, mulK, row[oi]!, r);
      const shown = audited.ballot.contests[ci]!.options[oi]!.ciphertext;
      if (encodeHex(g, ct.alpha) !== shown.alpha || encodeHex(g, ct.beta) !== shown.beta) {
        return { ok: false, check: `contest[${ci}].option[${oi}].reveal` };
      }
    }
  }
  return { ok: true, selections: audited.selections };
}
