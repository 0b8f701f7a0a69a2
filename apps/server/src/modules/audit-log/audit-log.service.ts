import type { Actor } from '../../kernel/auth/actor.js';
import { requirePermissionSomewhere } from '../../kernel/auth/access.js';
import { recordAudit, verifyAuditChain } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { type AuditFilter, hasRootAuditGrant, listAuditPage } from './audit-log.repo.js';

/**
 * The schema's date-time format admits instants JavaScript cannot represent (a leap second, 23:59:60),
 * which would otherwise reach the database as an invalid date.
 * @throws AppError validation_failed
 */
function assertInstant(name: 'from' | 'to', value: string | undefined): void {
  if (value !== undefined && Number.isNaN(new Date(value).getTime())) {
    throw new AppError('validation_failed', {
      context: 'querystring',
      errors: [{ path: `/${name}`, rule: 'format', message: 'must be a representable date-time' }],
    });
  }
}

export async function listAuditEvents(
  deps: Deps,
  actor: Actor,
  f: Omit<AuditFilter, 'actorUserId' | 'includeGlobal'>,
) {
  assertInstant('from', f.from);
  assertInstant('to', f.to);
  await requirePermissionSomewhere(deps.db, actor, 'audit.read');
  const includeGlobal = await hasRootAuditGrant(deps.db, actor.userId);
  const { total, rows } = await listAuditPage(deps.db, { ...f, actorUserId: actor.userId, includeGlobal });
  return {
    total,
    page: f.page,
    pageSize: f.pageSize,
    items: rows.map((r) => ({ ...r, at: r.at.toISOString(), details: r.details as Record<string, unknown> })),
  };
}

/** Whole-chain verification is a root-level duty (it reads every row). */
export async function verifyChain(deps: Deps, actor: Actor) {
  await requirePermissionSomewhere(deps.db, actor, 'audit.read');
  if (!(await hasRootAuditGrant(deps.db, actor.userId))) throw new AppError('forbidden');
  const result = await verifyAuditChain(deps.db);
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'audit.verified',
      details: { ...result },
    }),
  );
  return result;
}
