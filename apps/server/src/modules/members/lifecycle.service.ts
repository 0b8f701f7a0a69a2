/** Lifecycle actions on one member or on a selection (all or nothing), each step in history and audit. */
import type { Actor } from '../../kernel/auth/actor.js';
import { requireAccess, requirePermissionSomewhere } from '../../kernel/auth/access.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { applyTransition, isLive, type OfficerAction } from './lifecycle.js';
import { resolvePlacement } from './members.orgs.js';
import { presentMember } from './members.present.js';
import { type MemberRow, membersRepo, type NewEvent } from './members.repo.js';
import type { MemberView } from './members.schemas.js';
import type { BulkBody } from './operations.schemas.js';
import { loadMember, loadMemberWithAccess } from './members.service.js';

/**
 * Applies an officer action (approve, reject, retain, reactivate, leave, expel, rejoin).
 * @throws AppError not_found, member.invalid_transition when the graph has no such edge
 */
export async function transitionMember(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { action: OfficerAction; reason: string; effectiveDate?: string },
): Promise<MemberView> {
  await loadMemberWithAccess(deps, actor, id, 'members.write');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const repo = membersRepo(trx);
    const row = (await repo.lockById(id))!;
    const next = applyTransition(row.status, input.action);
    if (!next) throw new AppError('member.invalid_transition', { status: row.status, action: input.action });
    const approvedToday = input.action === 'approve' && !row.join_date;
    await repo.update(id, {
      status: next,
      updated_at: now,
      ...(approvedToday ? { join_date: input.effectiveDate ?? now.toISOString().slice(0, 10) } : {}),
    });
    await repo.insertEvents([
      eventFor(row, input.action, next, actor, now, input.reason, input.effectiveDate),
    ]);
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: `member.${input.action}`,
        targetType: 'member',
        targetId: id,
        orgId: row.org_id,
        details: { from: row.status, to: next, reason: input.reason, effectiveDate: input.effectiveDate },
      },
      now,
    );
  });
  return presentMember(deps, actor, await loadMember(deps.db, id));
}

function eventFor(
  row: MemberRow,
  action: string,
  next: MemberRow['status'],
  actor: Actor,
  at: Date,
  reason: string,
  effectiveDate?: string,
  orgId?: string,
): NewEvent {
  return {
    member_id: row.id,
    at,
    actor_id: actor.userId,
    action,
    from_status: row.status,
    to_status: next,
    union_id: row.union_id,
    org_id: orgId ?? row.org_id,
    reason,
    effective_date: effectiveDate ?? null,
    details: orgId ? { fromOrgId: row.org_id } : {},
  };
}

/**
 * One action on a selection, all or nothing: if any member is out of scope the whole request is a 404;
 * if any member cannot take the action, nothing changes and the offending ids are listed.
 * `move` places every member on another node of the same grassroots union.
 * @throws AppError forbidden, not_found, member.invalid_transition, member.invalid_org, bad_request
 */
export async function bulkAction(deps: Deps, actor: Actor, body: BulkBody): Promise<{ updated: number }> {
  if (body.ids.length === 0) {
    await requirePermissionSomewhere(deps.db, actor, 'members.write');
    throw new AppError('bad_request', { reason: 'ids_required' });
  }
  if (body.action === 'move' && !body.orgId) throw new AppError('bad_request', { reason: 'orgId_required' });
  const found = await membersRepo(deps.db).findMany(body.ids);
  if (found.length !== body.ids.length) {
    await requireAccess(deps.db, actor, 'members.write', []);
    throw new AppError('not_found');
  }
  await requireAccess(deps.db, actor, 'members.write', [...new Set(found.map((m) => m.org_id))]);
  let target: Awaited<ReturnType<typeof resolvePlacement>> | undefined;
  if (body.action === 'move') {
    await requireAccess(deps.db, actor, 'members.write', body.orgId!);
    target = await resolvePlacement(deps.db, body.orgId!);
  }
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const repo = membersRepo(trx);
    const rows = await repo.findManyForUpdate(body.ids);
    const events: NewEvent[] = [];
    const refused: string[] = [];
    for (const row of rows) {
      if (body.action === 'move') {
        if (row.union_id !== target!.union.id || !isLive(row.status) || row.status === 'transferring')
          refused.push(row.id);
        else
          events.push(eventFor(row, 'moved', row.status, actor, now, body.reason, undefined, target!.org.id));
      } else {
        const next = applyTransition(row.status, body.action);
        if (!next) refused.push(row.id);
        else events.push(eventFor(row, body.action, next, actor, now, body.reason));
      }
    }
    if (refused.length) {
      throw new AppError(body.action === 'move' ? 'member.invalid_org' : 'member.invalid_transition', {
        action: body.action,
        ids: refused,
      });
    }
    for (const e of events) {
      await repo.update(e.member_id, {
        status: e.to_status,
        updated_at: now,
        ...(body.action === 'move' ? { org_id: target!.org.id } : {}),
      });
    }
    await repo.insertEvents(events);
    for (const e of events) {
      await recordAudit(
        trx,
        {
          actorId: actor.userId,
          ip: actor.ip,
          action: `member.${body.action === 'move' ? 'moved' : body.action}`,
          targetType: 'member',
          targetId: e.member_id,
          orgId: e.org_id,
          details: {
            bulk: true,
            from: e.from_status,
            to: e.to_status,
            reason: body.reason,
            fromOrgId: e.details?.fromOrgId,
          },
        },
        now,
      );
    }
  });
  return { updated: body.ids.length };
}
