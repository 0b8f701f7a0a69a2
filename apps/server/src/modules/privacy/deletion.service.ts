/**
 * PIPL art. 47 deletion: the member asks (one open request), an officer with `members.write` on the
 * member's node executes or declines it within 15 working days. Execution is one transaction over every
 * classified person link (classification.ts); an unclassified link refuses the erasure.
 */
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../kernel/auth/actor.js';
import { requireAccess, requirePermissionSomewhere } from '../../kernel/auth/access.js';
import { hashPassword } from '../../kernel/auth/passwords.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { SUBMITTER_BIDX } from '../cases/index.js';
import { assertRecentAuth, assertSecondFactorPassed } from '../identity/index.js';
import { CLASSIFICATION, ERASED_NAME, ERASED_POST, keyOf } from './classification.js';
import { type DeletionRequestRow, privacyRepo } from './privacy.repo.js';

/** Answer time: 15 working days (Mon–Fri; public holidays are not skipped, so the deadline is early). */
export const WORKING_DAYS = 15;

export function dueDate(from: Date, days = WORKING_DAYS): Date {
  const d = new Date(from);
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    // weekday in China time (UTC+8)
    const wd = new Date(d.getTime() + 8 * 3_600_000).getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return d;
}

const present = (r: DeletionRequestRow) => ({
  id: r.id,
  status: r.status,
  reason: r.reason,
  requestedAt: r.requested_at.toISOString(),
  dueAt: r.due_at.toISOString(),
  decidedAt: r.decided_at?.toISOString() ?? null,
  decisionReason: r.decision_reason,
});

async function audit(trx: Database, actor: Actor, action: string, r: DeletionRequestRow, now: Date, d = {}) {
  await recordAudit(
    trx,
    {
      actorId: actor.userId,
      ip: actor.ip,
      action,
      targetType: 'deletion_request',
      targetId: r.id,
      orgId: r.org_id,
      details: d,
    },
    now,
  );
}

/** The caller's latest request (null when none). */
export async function myDeletionRequest(deps: Deps, actor: Actor) {
  const r = await privacyRepo(deps.db).latestOfUser(actor.userId);
  return { request: r ? present(r) : null, workingDays: WORKING_DAYS };
}

/**
 * Files a deletion request (after a recent password confirmation).
 * @throws AppError auth.reauth_required, privacy.request_open
 */
export async function requestDeletion(deps: Deps, actor: Actor, reason: string) {
  assertSecondFactorPassed(actor);
  assertRecentAuth(deps, actor);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const repo = privacyRepo(trx);
    const scope = await repo.scopeOf(actor.userId);
    if (!scope) throw new AppError('not_found');
    const row = await repo.insertRequest({
      user_id: actor.userId,
      member_id: scope.member_id,
      org_id: scope.org_id,
      reason: reason.trim(),
      requested_at: now,
      due_at: dueDate(now),
    });
    if (!row) throw new AppError('privacy.request_open');
    await audit(trx, actor, 'privacy.deletion_requested', row, now);
    return { request: present(row), workingDays: WORKING_DAYS };
  });
}

/** The member withdraws their open request. @throws AppError not_found */
export async function withdrawDeletion(deps: Deps, actor: Actor) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const repo = privacyRepo(trx);
    const latest = await repo.latestOfUser(actor.userId);
    const r = latest ? await repo.byIdForUpdate(latest.id) : undefined;
    if (r?.status !== 'open') throw new AppError('not_found');
    await repo.decide(r.id, { status: 'withdrawn', decided_by: actor.userId, at: now, reason: null });
    await audit(trx, actor, 'privacy.deletion_withdrawn', r, now);
    return { request: present({ ...r, status: 'withdrawn', decided_at: now }), workingDays: WORKING_DAYS };
  });
}

/** Requests on the officer's nodes (members.write), open first by deadline. */
export async function listDeletionRequests(deps: Deps, actor: Actor, status: string | undefined) {
  await requirePermissionSomewhere(deps.db, actor, 'members.write');
  const rows = await privacyRepo(deps.db).listInScope(actor.userId, status ?? null, 500);
  const now = deps.clock.now().getTime();
  return {
    items: rows.map((r) => ({
      ...present(r),
      memberNo: r.member_no,
      memberName: r.member_name,
      username: r.username,
      orgId: r.org_id,
      orgName: r.org_name,
      overdue: r.status === 'open' && r.due_at.getTime() < now,
    })),
    workingDays: WORKING_DAYS,
  };
}

/** The request on a node where the actor holds members.write (checked outside any transaction). @throws not_found */
async function checkAccess(deps: Deps, actor: Actor, id: string) {
  const r = await privacyRepo(deps.db).byId(id);
  if (!r) throw new AppError('not_found');
  await requireAccess(deps.db, actor, 'members.write', r.org_id);
  if (r.user_id === actor.userId) throw new AppError('forbidden');
}

/** Locks the request, which must still be open. @throws privacy.request_closed */
async function openRequest(trx: Database, id: string) {
  const r = await privacyRepo(trx).byIdForUpdate(id);
  if (!r) throw new AppError('not_found');
  if (r.status !== 'open') throw new AppError('privacy.request_closed');
  return r;
}

/** Declines with a reason the member sees. @throws not_found, privacy.request_closed */
export async function declineDeletion(deps: Deps, actor: Actor, id: string, reason: string) {
  const now = deps.clock.now();
  await checkAccess(deps, actor, id);
  return deps.db.transaction().execute(async (trx) => {
    const r = await openRequest(trx, id);
    await privacyRepo(trx).decide(r.id, { status: 'declined', decided_by: actor.userId, at: now, reason });
    await audit(trx, actor, 'privacy.deletion_declined', r, now);
    return { status: 'declined' as const };
  });
}

/** The typed confirmation: the member number, or the account name when there is no registry record. */
async function confirmationOf(trx: Database, r: DeletionRequestRow): Promise<string> {
  const c = await privacyRepo(trx).confirmationFor(r.id);
  return c?.member_no ?? c?.username ?? '';
}

/**
 * Executes the erasure in one transaction. @throws not_found, privacy.request_closed,
 * privacy.confirm_mismatch, privacy.unclassified_data
 */
export async function executeDeletion(deps: Deps, actor: Actor, id: string, confirm: string) {
  const now = deps.clock.now();
  await checkAccess(deps, actor, id);
  const placeholderHash = await hashPassword(randomBytes(32).toString('base64url'));
  const result = await deps.db.transaction().execute(async (trx) => {
    const r = await openRequest(trx, id);
    if (confirm.trim() !== (await confirmationOf(trx, r))) throw new AppError('privacy.confirm_mismatch');
    const counts = await eraseAccount(deps, trx, r.user_id, now, placeholderHash);
    await privacyRepo(trx).decide(r.id, {
      status: 'executed',
      decided_by: actor.userId,
      at: now,
      reason: null,
    });
    // counts per table only: no personal data in the audit trail
    await audit(trx, actor, 'privacy.erased', r, now, { counts });
    return { userId: r.user_id, counts };
  });
  deps.authCache.evictUser(result.userId);
  return { status: 'executed' as const, counts: result.counts };
}

/** Every erasure step for one account and its registry records, inside the caller's transaction. */
export async function eraseAccount(deps: Deps, trx: Database, userId: string, now: Date, pwHash: string) {
  const repo = privacyRepo(trx);
  const links = await repo.personLinks();
  const unclassified = links.filter((l) => !CLASSIFICATION[keyOf(l)]);
  if (unclassified.length > 0)
    throw new AppError('privacy.unclassified_data', { columns: unclassified.map(keyOf) });
  const memberIds = await repo.memberIdsOfUser(userId);
  const targets = { users: [userId], members: memberIds };
  const counts: Record<string, number> = {};
  // the mark first: the 0047 triggers drop the search keys and the posts naming the account
  await repo.scrubMembers(userId, now, ERASED_NAME);
  counts.members = memberIds.length;
  for (const l of links) {
    if (CLASSIFICATION[keyOf(l)]!.erase !== 'delete' || targets[l.target].length === 0) continue;
    const n = await repo.deleteRows(l, targets[l.target]);
    if (n > 0) counts[keyOf(l)] = n;
  }
  counts.forum_posts = Number((await repo.scrubPosts(userId, ERASED_POST)).numAffectedRows ?? 0);
  if (memberIds.length > 0) {
    counts.member_cards = Number((await repo.revokeCards(memberIds, now)).numAffectedRows ?? 0);
    counts.poll_responses = Number((await repo.scrubPollNames(memberIds, ERASED_NAME)).numAffectedRows ?? 0);
  }
  const bidx = deps.cipher.blindIndex(SUBMITTER_BIDX, userId);
  counts.anonymous_cases = Number((await repo.unlinkAnonymousCases(bidx)).numAffectedRows ?? 0);
  await repo.blankReasons(userId);
  await repo.scrubAccount(userId, `erased_${userId.replace(/-/g, '')}`, ERASED_NAME, pwHash, now);
  return counts;
}
