/**
 * Encrypts and proves a ballot off the main thread, and answers an audit (Benaloh challenge) by
 * revealing the nonces and checking that the ballot encrypts the shown choice.
 */
import {
  auditBallot,
  type BallotSecrets,
  checkAuditedBallot,
  createRevoteSecret,
  type EncryptedBallot,
  encryptBallot,
  type Manifest,
  type PublicContext,
  revoteOwner,
  revoteTag,
  type Selections,
} from '@unionhall/election-crypto';

/** Re-voting elections: a fresh secret re-vote code and its two hashes (ballot tag, owner check). */
export type RevoteKeys = { secret: string; tag: string; owner: string };

export type WorkerRequest =
  | {
      kind: 'encrypt';
      manifest: Manifest;
      context: PublicContext;
      selections: Selections;
      /** Also make a re-vote code for this ballot (only where the election allows re-voting). */
      revote?: boolean;
    }
  | {
      kind: 'audit';
      manifest: Manifest;
      context: PublicContext;
      ballot: EncryptedBallot;
      secrets: BallotSecrets;
    };
export type WorkerResponse =
  | { kind: 'encrypted'; ballot: EncryptedBallot; secrets: BallotSecrets; ms: number; revote?: RevoteKeys }
  | { kind: 'audited'; ok: boolean; check: string | null }
  | { kind: 'error'; message: string };

function revoteKeys(parameterHash: string): RevoteKeys {
  const secret = createRevoteSecret();
  return { secret, tag: revoteTag(parameterHash, secret), owner: revoteOwner(parameterHash, secret) };
}

const post = (r: WorkerResponse) =>
  (self as unknown as { postMessage: (m: WorkerResponse) => void }).postMessage(r);

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const req = e.data;
  try {
    if (req.kind === 'encrypt') {
      const t0 = performance.now();
      const { ballot, secrets } = encryptBallot(req.manifest, req.context, req.selections);
      // The ballot stays untagged so that it can still be audited; the page adds the tag on casting.
      const revote = req.revote ? revoteKeys(req.context.parameter_hash) : undefined;
      post({ kind: 'encrypted', ballot, secrets, ms: performance.now() - t0, ...(revote ? { revote } : {}) });
    } else {
      const audited = auditBallot(req.ballot, req.secrets);
      const r = checkAuditedBallot(req.manifest, req.context, audited);
      post({ kind: 'audited', ok: r.ok, check: r.ok ? null : r.check });
    }
  } catch (err) {
    post({ kind: 'error', message: (err as Error).message });
  }
};
