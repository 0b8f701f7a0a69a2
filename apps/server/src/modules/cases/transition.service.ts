/**
 * One workflow step on a stored case, shared by the member and handler sides: lock the row, apply the
 * pure workflow function, save, record the event and the audit row in the same transaction, then
 * notify the member.
 */
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { patchForTransition } from './case-state.js';
import { resolveType } from './case-types.service.js';
import { EVENT_BODY_COLUMN, IDENTITY_COLUMN } from './cases.present.js';
import { type CaseRow, casesRepo } from './cases.repo.js';
import { applyTransition, type CaseRole } from './workflow.js';

export type StepInput = { action: string; reason?: string; rating?: number; message?: string };

/** The account to notify about a case: the named submitter, or the kept identity of an anonymous one. */
export async function submitterAccount(deps: Deps, row: CaseRow): Promise<string | null> {
  if (row.submitter_user_id) return row.submitter_user_id;
  if (!row.identity_enc) return null;
  const identity = JSON.parse(await deps.cipher.decrypt(IDENTITY_COLUMN, row.identity_enc)) as {
    userId: string;
  };
  return identity.userId;
}

/** Tells the member their case moved (never to the application log). */
export async function notifyMember(deps: Deps, row: CaseRow, template: string): Promise<void> {
  const userId = await submitterAccount(deps, row);
  if (!userId) return;
  await deps.notifier.send({ userId, template, params: { ref: row.ref, state: row.state } });
}

/**
 * @throws AppError not_found, case.invalid_transition, case.reason_required, case.rating_required
 */
export async function stepCase(
  deps: Deps,
  trx: Database,
  id: string,
  input: StepInput,
  actor: { role: CaseRole; userId: string | null; ip: string | null },
  guard: (row: CaseRow) => void,
): Promise<CaseRow> {
  const repo = casesRepo(trx);
  const row = await repo.findForUpdate(id);
  if (!row) throw new AppError('not_found');
  guard(row);
  const type = await resolveType(trx, row.union_id, row.type_key);
  const now = deps.clock.now();
  const r = applyTransition(
    type.workflow,
    { state: row.state, firstResponseAt: row.first_response_at },
    input,
    actor,
    now,
  );
  if (!r.ok) {
    const code = r.error === 'not_allowed' ? 'invalid_transition' : r.error;
    throw new AppError(`case.${code}`, { action: input.action, state: row.state });
  }
  const saved = await repo.update(
    id,
    patchForTransition(row, r, {
      now,
      actorId: actor.userId,
      reason: input.reason,
      rating: input.rating,
      role: actor.role,
    }),
  );
  await repo.insertEvent({
    case_id: id,
    at: now,
    actor_id: actor.userId,
    actor_role: actor.role,
    kind: 'transition',
    action: input.action,
    from_state: r.from,
    to_state: r.to,
    visible_to_member: true,
    body_enc: input.message ? deps.cipher.encrypt(EVENT_BODY_COLUMN, input.message) : null,
    details: {
      ...(input.reason ? { reason: input.reason } : {}),
      ...(input.rating !== undefined ? { rating: input.rating } : {}),
    },
  });
  await recordAudit(
    trx,
    {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'case.transition',
      targetType: 'case',
      targetId: id,
      orgId: row.org_id,
      details: { action: input.action, from: r.from, to: r.to },
    },
    now,
  );
  return saved;
}
