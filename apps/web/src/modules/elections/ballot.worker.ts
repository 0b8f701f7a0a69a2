/**
 * Encrypts and proves a ballot off the main thread, and answers an audit (Benaloh challenge) by
 * revealing the nonces and checking that the ballot encrypts the shown choice.
 */
import {
  auditBallot,
  type BallotSecrets,
  checkAuditedBallot,
  type EncryptedBallot,
  encryptBallot,
  type Manifest,
  type PublicContext,
  type Selections,
} from '@unionhall/election-crypto';

export type WorkerRequest =
  | { kind: 'encrypt'; manifest: Manifest; context: PublicContext; selections: Selections }
  | {
      kind: 'audit';
      manifest: Manifest;
      context: PublicContext;
      ballot: EncryptedBallot;
      secrets: BallotSecrets;
    };
export type WorkerResponse =
  | { kind: 'encrypted'; ballot: EncryptedBallot; secrets: BallotSecrets; ms: number }
  | { kind: 'audited'; ok: boolean; check: string | null }
  | { kind: 'error'; message: string };

const post = (r: WorkerResponse) =>
  (self as unknown as { postMessage: (m: WorkerResponse) => void }).postMessage(r);

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const req = e.data;
  try {
    if (req.kind === 'encrypt') {
      const t0 = performance.now();
      const { ballot, secrets } = encryptBallot(req.manifest, req.context, req.selections);
      post({ kind: 'encrypted', ballot, secrets, ms: performance.now() - t0 });
    } else {
      const audited = auditBallot(req.ballot, req.secrets);
      const r = checkAuditedBallot(req.manifest, req.context, audited);
      post({ kind: 'audited', ok: r.ok, check: r.ok ? null : r.check });
    }
  } catch (err) {
    post({ kind: 'error', message: (err as Error).message });
  }
};
