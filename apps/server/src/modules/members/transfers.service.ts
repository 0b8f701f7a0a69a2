/**
 * Transfer between grassroots unions (转出/转入), approved by both sides: the sending union requests it,
 * the receiving union approves or declines. On approval the old record ends as transferred_out (kept as
 * history) and the receiving union gets a new record that points back to it.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../kernel/auth/actor.js';
import {
  listGrantsWithPaths,
  permissionsAt,
  requireAccess,
  requirePermissionSomewhere,
} from '../../kernel/auth/access.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { consentsRepo } from './consents.repo.js';
import { applyTransition, type MemberAction } from './lifecycle.js';
import { formatMemberNo, resolvePlacement } from './members.orgs.js';
import { membersRepo, type NewEvent } from './members.repo.js';
import type { TransferView } from './members.schemas.js';
import { loadMemberWithAccess } from './members.service.js';
import { type TransferRow, transfersRepo } from './transfers.repo.js';

async function present(deps: Deps, actor: Actor, rows: TransferRow[]): Promise<TransferView[]> {
  const grants = await listGrantsWithPaths(deps.db, actor.userId);
  return rows.map((t) => ({
    id: t.id,
    memberId: t.member_id,
    memberName: t.member_name,
    fromUnionId: t.from_union_id,
    fromUnionName: t.from_union_name,
    toUnionId: t.to_union_id,
    toUnionName: t.to_union_name,
    toOrgId: t.to_org_id,
    status: t.status,
    reason: t.reason,
    requestedAt: t.requested_at.toISOString(),
    decidedAt: t.decided_at?.toISOString() ?? null,
    decisionReason: t.decision_reason,
    canApprove: t.status === 'pending' && permissionsAt(grants, t.to_org_path).has('members.write'),
    canCancel: t.status === 'pending' && permissionsAt(grants, t.member_org_path).has('members.write'),
  }));
}

export async function pendingTransferView(deps: Deps, actor: Actor, memberId: string) {
  const row = await transfersRepo(deps.db).pendingOf(memberId);
  return row ? (await present(deps, actor, [row]))[0]! : null;
}

/** @throws AppError forbidden for callers without members.read anywhere. */
export async function listTransfers(
  deps: Deps,
  actor: Actor,
  direction: 'incoming' | 'outgoing',
  status?: string,
) {
  await requirePermissionSomewhere(deps.db, actor, 'members.read');
  return {
    items: await present(deps, actor, await transfersRepo(deps.db).listVisible(actor, direction, status)),
  };
}

/**
 * The sending union asks to transfer an active member to another grassroots union.
 * @throws AppError not_found, member.invalid_org, member.invalid_transition, member.transfer_pending
 */
export async function requestTransfer(
  deps: Deps,
  actor: Actor,
  memberId: string,
  toOrgId: string,
  reason: string,
) {
  const row = await loadMemberWithAccess(deps, actor, memberId, 'members.write');
  const target = await resolvePlacement(deps.db, toOrgId);
  if (target.union.id === row.union_id) throw new AppError('member.invalid_org', { reason: 'same_union' });
  const next = applyTransition(row.status, 'request_transfer');
  if (!next)
    throw new AppError('member.invalid_transition', { status: row.status, action: 'request_transfer' });
  const now = deps.clock.now();
  const id = randomUUID();
  await deps.db.transaction().execute(async (trx) => {
    const locked = await membersRepo(trx).lockById(memberId);
    if (locked?.status !== row.status) throw new AppError('member.transfer_pending');
    await transfersRepo(trx).insert({
      id,
      member_id: memberId,
      from_union_id: row.union_id,
      to_union_id: target.union.id,
      to_org_id: target.org.id,
      reason,
      requested_by: actor.userId,
      requested_at: now,
    });
    await membersRepo(trx).update(memberId, { status: next, updated_at: now });
    await membersRepo(trx).insertEvents([
      {
        member_id: memberId,
        at: now,
        actor_id: actor.userId,
        action: 'request_transfer',
        from_status: row.status,
        to_status: next,
        union_id: row.union_id,
        org_id: row.org_id,
        reason,
        details: { transferId: id, toUnionId: target.union.id },
      },
    ]);
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'member.transfer_requested',
        targetType: 'member',
        targetId: memberId,
        orgId: row.org_id,
        details: { transferId: id, toUnionId: target.union.id, reason },
      },
      now,
    );
  });
  return (await pendingTransferView(deps, actor, memberId))!;
}

/**
 * The receiving union approves (the member continues there under a new number) or declines.
 * @throws AppError not_found, member.invalid_transition when no longer pending
 */
export async function decideTransfer(
  deps: Deps,
  actor: Actor,
  transferId: string,
  approve: boolean,
  reason: string,
) {
  const t = await transfersRepo(deps.db).findById(transferId);
  if (!t) throw new AppError('not_found');
  await requireAccess(deps.db, actor, 'members.write', t.to_org_id);
  return closeTransfer(deps, actor, t, approve ? 'complete_transfer' : 'decline_transfer', reason);
}

/**
 * The sending union withdraws its request.
 * @throws AppError not_found, member.invalid_transition when no longer pending
 */
export async function cancelTransfer(deps: Deps, actor: Actor, transferId: string, reason: string) {
  const t = await transfersRepo(deps.db).findById(transferId);
  if (!t) throw new AppError('not_found');
  await requireAccess(deps.db, actor, 'members.write', t.member_org_id);
  return closeTransfer(deps, actor, t, 'cancel_transfer', reason);
}

async function closeTransfer(deps: Deps, actor: Actor, t: TransferRow, action: MemberAction, reason: string) {
  const now = deps.clock.now();
  const status =
    action === 'complete_transfer' ? 'approved' : action === 'decline_transfer' ? 'rejected' : 'cancelled';
  await deps.db.transaction().execute(async (trx) => {
    const repo = membersRepo(trx);
    const m = await repo.lockById(t.member_id);
    const next = m ? applyTransition(m.status, action) : null;
    if (!m || !next || t.status !== 'pending') throw new AppError('member.invalid_transition', { action });
    await repo.update(m.id, { status: next, updated_at: now });
    const events: NewEvent[] = [
      {
        member_id: m.id,
        at: now,
        actor_id: actor.userId,
        action,
        from_status: m.status,
        to_status: next,
        union_id: m.union_id,
        org_id: m.org_id,
        reason,
        details: { transferId: t.id, toUnionId: t.to_union_id },
      },
    ];
    let newMemberId: string | undefined;
    if (action === 'complete_transfer') {
      newMemberId = randomUUID();
      const seq = await repo.reserveNumbers(t.to_union_id, 1);
      await transfersRepo(trx).cloneMember(m.id, {
        id: newMemberId,
        unionId: t.to_union_id,
        orgId: t.to_org_id,
        memberNo: formatMemberNo(seq),
        at: now,
      });
      await consentsRepo(trx).copyLedger(m.id, newMemberId);
      events.push({
        member_id: newMemberId,
        at: now,
        actor_id: actor.userId,
        action: 'transferred_in',
        from_status: null,
        to_status: 'active',
        union_id: t.to_union_id,
        org_id: t.to_org_id,
        reason,
        details: { transferId: t.id, fromUnionId: t.from_union_id, previousMemberId: m.id },
      });
    }
    await repo.insertEvents(events);
    if (
      !(await transfersRepo(trx).decide(t.id, {
        status,
        decided_by: actor.userId,
        decided_at: now,
        decision_reason: reason,
        ...(newMemberId ? { new_member_id: newMemberId } : {}),
      }))
    ) {
      throw new AppError('member.invalid_transition', { action });
    }
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: `member.transfer_${status}`,
        targetType: 'member',
        targetId: m.id,
        orgId: action === 'cancel_transfer' ? m.org_id : t.to_org_id,
        details: { transferId: t.id, reason, newMemberId },
      },
      now,
    );
  });
  const after = await transfersRepo(deps.db).findById(t.id);
  return (await present(deps, actor, [after!]))[0]!;
}
