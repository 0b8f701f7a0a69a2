/**
 * The one way to unmask personal data: the caller needs members.pii.reveal on the record's org node
 * and must state a reason; the reveal is audited in the same transaction (GB/T 35273 7.2, PIPL art. 51).
 */
import type { Actor } from '../auth/actor.js';
import { requireAccess } from '../auth/access.js';
import { recordAudit } from '../audit/audit.js';
import type { Deps } from '../deps.js';

export type RevealRequest = {
  orgId: string;
  targetType: string;
  targetId: string;
  fields: string[];
  reason: string;
};

/**
 * Checks and records a reveal, then runs `read` to produce the clear values.
 * @throws AppError not_found when the record is outside the caller's reveal scope.
 */
export async function revealWithAudit<T>(
  deps: Deps,
  actor: Actor,
  req: RevealRequest,
  read: () => Promise<T>,
): Promise<T> {
  await requireAccess(deps.db, actor, 'members.pii.reveal', req.orgId);
  const values = await read();
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'pii.revealed',
      targetType: req.targetType,
      targetId: req.targetId,
      orgId: req.orgId,
      details: { fields: req.fields, reason: req.reason },
    }),
  );
  return values;
}
