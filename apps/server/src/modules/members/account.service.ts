/** A portal account for a member, created through the identity module's public API. */
import type { Actor } from '../../kernel/auth/actor.js';
import { requireAccess } from '../../kernel/auth/access.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { createMemberAccount } from '../identity/index.js';
import { isLive } from './lifecycle.js';
import { membersRepo } from './members.repo.js';
import { loadMemberWithAccess } from './members.service.js';

/**
 * Creates the member's login and sends them a one-time link to choose a password.
 * Needs members.write and users.manage on the member's node.
 * @throws AppError not_found, member.has_account, member.invalid_transition, user.username_taken
 */
export async function createAccountForMember(deps: Deps, actor: Actor, memberId: string, username: string) {
  const member = await loadMemberWithAccess(deps, actor, memberId, 'members.write');
  await requireAccess(deps.db, actor, 'users.manage', member.org_id);
  if (member.user_id) throw new AppError('member.has_account');
  if (!isLive(member.status))
    throw new AppError('member.invalid_transition', { status: member.status, action: 'account' });
  const now = deps.clock.now();
  const created = await deps.db.transaction().execute(async (trx) => {
    const locked = await membersRepo(trx).lockById(memberId);
    if (locked?.user_id) throw new AppError('member.has_account');
    const account = await createMemberAccount(trx, {
      username,
      displayName: member.name,
      email: member.email,
      orgId: member.org_id,
      actorId: actor.userId,
      ip: actor.ip,
      now,
    });
    await membersRepo(trx).update(memberId, { user_id: account.userId, updated_at: now });
    await membersRepo(trx).insertEvents([
      {
        member_id: memberId,
        at: now,
        actor_id: actor.userId,
        action: 'account_created',
        from_status: member.status,
        to_status: member.status,
        union_id: member.union_id,
        org_id: member.org_id,
        details: { userId: account.userId },
      },
    ]);
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'member.account_created',
        targetType: 'member',
        targetId: memberId,
        orgId: member.org_id,
        details: { userId: account.userId, username },
      },
      now,
    );
    return account;
  });
  await deps.notifier.send({
    userId: created.userId,
    to: member.email,
    template: 'member_account_invite',
    params: {
      link: `${deps.config.publicOrigin}/reset-password#token=${created.setPasswordToken}`,
      username,
    },
  });
  return { userId: created.userId, username, invited: Boolean(member.email) };
}
