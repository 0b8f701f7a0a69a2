/** Officer administration of accounts, roles and grants. */
import type { Actor } from '../../kernel/auth/actor.js';
import {
  listGrantsWithPaths,
  permissionsAt,
  requireAccess,
  requirePermissionSomewhere,
} from '../../kernel/auth/access.js';
import { hashPassword } from '../../kernel/auth/passwords.js';
import { revokeUserSessions } from '../../kernel/auth/sessions.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import { mask } from '../../kernel/crypto/field.js';
import { revealWithAudit } from '../../kernel/privacy/reveal.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { findOrg } from '../orgs/index.js';
import { assertPasswordAcceptable } from './account.service.js';
import { identityRepo, listUsersPage } from './identity.repo.js';

export async function listUsers(
  deps: Deps,
  actor: Actor,
  f: { orgId?: string; q?: string; page: number; pageSize: number },
) {
  await requirePermissionSomewhere(deps.db, actor, 'users.manage');
  const { total, items } = await listUsersPage(deps.db, { ...f, actorId: actor.userId });
  return {
    total,
    page: f.page,
    pageSize: f.pageSize,
    items: items.map(({ email, ...u }) => ({ ...u, emailMasked: email ? mask.email(email) : null })),
  };
}

async function loadScopedUser(deps: Deps, actor: Actor, id: string) {
  const user = await identityRepo(deps.db).userById(id);
  if (!user) throw new AppError('not_found');
  await requireAccess(deps.db, actor, 'users.manage', user.org_id);
  return user;
}

export async function getUser(deps: Deps, actor: Actor, id: string) {
  const user = await loadScopedUser(deps, actor, id);
  const org = await findOrg(deps.db, user.org_id);
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    emailMasked: user.email ? mask.email(user.email) : null,
    orgId: user.org_id,
    orgName: org?.name ?? '',
    status: user.status,
    mfaEnabled: user.mfa_enabled,
    grants: await identityRepo(deps.db).grantsOfUser(user.id),
  };
}

/** @throws AppError not_found, user.username_taken, auth.password_policy */
export async function createUser(
  deps: Deps,
  actor: Actor,
  input: { username: string; displayName: string; email?: string; orgId: string; password: string },
) {
  await requireAccess(deps.db, actor, 'users.manage', input.orgId);
  const org = await findOrg(deps.db, input.orgId);
  if (org?.status !== 'active') throw new AppError('org.closed');
  if (await identityRepo(deps.db).userByUsername(input.username)) throw new AppError('user.username_taken');
  await assertPasswordAcceptable(deps.db, input.password, input.username, input.orgId);
  const hash = await hashPassword(input.password);
  const id = await deps.db.transaction().execute(async (trx) => {
    const u = await identityRepo(trx).insertUser({
      username: input.username,
      display_name: input.displayName,
      email: input.email ?? null,
      org_id: input.orgId,
      password_hash: hash,
    });
    await recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'user.created',
      targetType: 'user',
      targetId: u.id,
      orgId: input.orgId,
      details: { username: u.username },
    });
    return u.id;
  });
  return getUser(deps, actor, id);
}

/**
 * Nobody may take away or switch off more than they could hand out: the actor must hold, at each of the
 * grants' nodes, every permission those grants give.
 * @throws AppError forbidden (reason escalation)
 */
async function assertHoldsAllOf(
  deps: Deps,
  actor: Actor,
  grants: Array<{ orgPath: string; permissions: string[] }>,
) {
  const mine = await listGrantsWithPaths(deps.db, actor.userId);
  const missing = new Set<string>();
  for (const g of grants) {
    const held = permissionsAt(mine, g.orgPath);
    for (const p of g.permissions) if (!held.has(p)) missing.add(p);
  }
  if (missing.size) throw new AppError('forbidden', { reason: 'escalation', missing: [...missing].sort() });
}

/**
 * Disabling revokes every session at once. Accounts holding roles beyond the actor's are out of reach.
 * @throws AppError not_found, forbidden
 */
export async function setUserStatus(
  deps: Deps,
  actor: Actor,
  id: string,
  status: 'active' | 'disabled',
  reason: string,
) {
  const user = await loadScopedUser(deps, actor, id);
  if (user.id === actor.userId) throw new AppError('forbidden', { reason: 'self' });
  await assertHoldsAllOf(deps, actor, await listGrantsWithPaths(deps.db, user.id));
  await deps.db.transaction().execute(async (trx) => {
    await identityRepo(trx).updateUser(id, { status });
    if (status === 'disabled') await revokeUserSessions(trx, id);
    await recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: status === 'disabled' ? 'user.disabled' : 'user.enabled',
      targetType: 'user',
      targetId: id,
      orgId: user.org_id,
      details: { reason },
    });
  });
  deps.authCache.evictUser(id);
  return getUser(deps, actor, id);
}

export async function listRoles(deps: Deps, actor: Actor) {
  await requirePermissionSomewhere(deps.db, actor, 'users.manage');
  return { items: await identityRepo(deps.db).roles() };
}

/**
 * Grants a role on a node. Nobody can hand out more than they hold there (no escalation).
 * @throws AppError not_found, forbidden, grant.exists
 */
export async function addGrant(
  deps: Deps,
  actor: Actor,
  input: { userId: string; roleKey: string; orgId: string },
) {
  await requireAccess(deps.db, actor, 'users.manage', input.orgId);
  const user = await loadScopedUser(deps, actor, input.userId);
  const role = (await identityRepo(deps.db).roles()).find((r) => r.key === input.roleKey);
  const org = await findOrg(deps.db, input.orgId);
  if (!role || !org) throw new AppError('not_found');
  const mine = permissionsAt(await listGrantsWithPaths(deps.db, actor.userId), org.path);
  const missing = role.permissions.filter((p) => !mine.has(p));
  if (missing.length) throw new AppError('forbidden', { reason: 'escalation', missing });
  const added = await deps.db.transaction().execute(async (trx) => {
    const g = await identityRepo(trx).insertGrant({
      user_id: user.id,
      role_key: role.key,
      org_id: org.id,
      created_by: actor.userId,
    });
    if (!g) throw new AppError('grant.exists');
    await recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'grant.added',
      targetType: 'user',
      targetId: user.id,
      orgId: org.id,
      details: { roleKey: role.key, grantId: g.id },
    });
    return { id: g.id, userId: g.user_id, roleKey: g.role_key, orgId: g.org_id, orgName: org.name };
  });
  deps.authCache.evictUser(user.id);
  return added;
}

/**
 * Revokes a grant; like granting, only for roles the actor could hand out there.
 * @throws AppError not_found, forbidden
 */
export async function removeGrant(deps: Deps, actor: Actor, grantId: string) {
  const g = await identityRepo(deps.db).grantById(grantId);
  if (!g) throw new AppError('not_found');
  await requireAccess(deps.db, actor, 'users.manage', g.org_id);
  if (g.user_id === actor.userId && g.role_key === 'admin')
    throw new AppError('forbidden', { reason: 'self' });
  await assertHoldsAllOf(
    deps,
    actor,
    (await listGrantsWithPaths(deps.db, g.user_id)).filter((x) => x.id === grantId),
  );
  await deps.db.transaction().execute(async (trx) => {
    await identityRepo(trx).deleteGrant(grantId);
    await recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'grant.removed',
      targetType: 'user',
      targetId: g.user_id,
      orgId: g.org_id,
      details: { roleKey: g.role_key, grantId },
    });
  });
  deps.authCache.evictUser(g.user_id);
}

/**
 * Shows an account's e-mail and phone in clear, for a stated reason (audited).
 * @throws AppError not_found outside the caller's members.pii.reveal scope.
 */
export async function revealUserContact(deps: Deps, actor: Actor, id: string, reason: string) {
  const user = await identityRepo(deps.db).userById(id);
  if (!user) throw new AppError('not_found');
  return revealWithAudit(
    deps,
    actor,
    { orgId: user.org_id, targetType: 'user', targetId: id, fields: ['email', 'phone'], reason },
    async () => ({
      email: user.email,
      phone: user.phone_enc ? await deps.cipher.decrypt('users.phone', user.phone_enc) : null,
    }),
  );
}
