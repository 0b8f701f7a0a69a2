/** The caller's own account: profile, password, second factor, contact details. */
import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import type { Actor } from '../../kernel/auth/actor.js';
import { listGrantsWithPaths } from '../../kernel/auth/access.js';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '../../kernel/auth/passwords.js';
import { csrfTokenFor, hashToken, markMfaPassed, revokeUserSessions } from '../../kernel/auth/sessions.js';
import {
  checkTotp,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  totpUri,
} from '../../kernel/auth/totp.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import { mask } from '../../kernel/crypto/field.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { findOrg, findRootOrg } from '../orgs/index.js';
import { assertRecentAuth, assertSecondFactorPassed } from './auth.service.js';
import { identityRepo } from './identity.repo.js';
import { assertMfaAttemptAllowed, recordMfaFailure } from './throttle.js';

/** Names a password must not contain: the union's root and the member's own org. */
export async function unionNames(db: Database, orgId?: string): Promise<string[]> {
  const names = [(await findRootOrg(db))?.name];
  if (orgId) names.push((await findOrg(db, orgId))?.name);
  return names.filter((n): n is string => Boolean(n));
}

/** @throws AppError auth.password_policy listing the broken rules. */
export async function assertPasswordAcceptable(
  db: Database,
  password: string,
  username: string,
  orgId?: string,
) {
  const problems = checkPasswordPolicy(password, { username, unionNames: await unionNames(db, orgId) });
  if (problems.length > 0) throw new AppError('auth.password_policy', { problems });
}

/** The account part of /api/me, the same for every session of a user (cached, see auth-cache.ts). */
async function loadMeView(deps: Deps, userId: string) {
  const user = await identityRepo(deps.db).userById(userId);
  if (!user) throw new AppError('auth.unauthenticated');
  const grants = await listGrantsWithPaths(deps.db, userId);
  const permissions = new Set<string>();
  for (const g of grants) for (const p of g.permissions) permissions.add(p);
  const phone = user.phone_enc ? await deps.cipher.decrypt('users.phone', user.phone_enc) : null;
  const org = await findOrg(deps.db, user.org_id);
  return {
    user: {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      emailMasked: user.email ? mask.email(user.email) : null,
      phoneMasked: phone ? mask.phone(phone) : null,
      orgId: user.org_id,
      orgName: org?.name ?? '',
      mfaEnabled: user.mfa_enabled,
      mfaRequired: grants.length > 0,
      isOfficer: grants.length > 0,
    },
    grants: grants.map((g) => ({ id: g.id, roleKey: g.roleKey, orgId: g.orgId, orgName: g.orgName })),
    permissions: [...permissions].sort(),
  };
}

export async function getMe(deps: Deps, actor: Actor, sessionToken: string) {
  let view = deps.authCache.getView<Awaited<ReturnType<typeof loadMeView>>>(actor.userId);
  if (!view) {
    view = await loadMeView(deps, actor.userId);
    deps.authCache.setView(actor.userId, view);
  }
  return {
    user: { ...view.user, mfaPassed: actor.mfaPassed },
    grants: view.grants,
    // Permissions only count once an officer has passed MFA in this session.
    abilities: { permissions: actor.isOfficer && !actor.mfaPassed ? [] : view.permissions },
    csrfToken: csrfTokenFor(sessionToken),
  };
}

/**
 * Changes the password; every other session of the account is revoked.
 * @throws AppError auth.mfa_required, auth.invalid_credentials, auth.password_policy
 */
export async function changePassword(deps: Deps, actor: Actor, current: string, next: string): Promise<void> {
  assertSecondFactorPassed(actor);
  const repo = identityRepo(deps.db);
  const user = await repo.userById(actor.userId);
  if (!user || !(await verifyPassword(user.password_hash, current)))
    throw new AppError('auth.invalid_credentials');
  await assertPasswordAcceptable(deps.db, next, user.username, user.org_id);
  const hash = await hashPassword(next);
  await deps.db.transaction().execute(async (trx) => {
    await identityRepo(trx).updateUser(user.id, {
      password_hash: hash,
      password_changed_at: deps.clock.now(),
    });
    await revokeUserSessions(trx, user.id, actor.sessionIdHash);
    await recordAudit(trx, {
      actorId: user.id,
      ip: actor.ip,
      action: 'auth.password_changed',
      targetType: 'user',
      targetId: user.id,
    });
  });
}

/**
 * Starts TOTP enrolment: a new secret, stored encrypted as pending. An authenticator already in use
 * keeps working until a code from the new one confirms the switch.
 */
export async function enrollMfa(deps: Deps, actor: Actor) {
  assertSecondFactorPassed(actor);
  assertRecentAuth(deps, actor);
  const secret = newTotpSecret();
  const uri = totpUri(secret, actor.username);
  await deps.db.transaction().execute(async (trx) => {
    await identityRepo(trx).updateUser(actor.userId, {
      mfa_pending_secret_enc: deps.cipher.encrypt('users.mfa_secret', secret),
    });
    await recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'auth.mfa_enrolment_started',
      targetType: 'user',
      targetId: actor.userId,
    });
  });
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, width: 200 });
  return { secret, otpauthUrl: uri, qrSvg };
}

/**
 * Confirms enrolment with a first code; returns fresh recovery codes (shown once).
 * @throws AppError auth.mfa_invalid, bad_request
 */
export async function activateMfa(deps: Deps, actor: Actor, code: string) {
  assertSecondFactorPassed(actor);
  assertRecentAuth(deps, actor);
  const repo = identityRepo(deps.db);
  const user = await repo.userById(actor.userId);
  if (!user?.mfa_pending_secret_enc) throw new AppError('bad_request', { reason: 'mfa_not_started' });
  const now = deps.clock.now();
  await assertMfaAttemptAllowed(deps.db, user.id, now);
  const secret = await deps.cipher.decrypt('users.mfa_secret', user.mfa_pending_secret_enc);
  // A new authenticator has no used steps yet; the step counter restarts from its first code.
  const step = checkTotp(secret, code, now, user.mfa_secret_enc ? user.mfa_last_step : 0);
  if (step === null) {
    await recordMfaFailure(deps.db, user.id, now);
    throw new AppError('auth.mfa_invalid');
  }
  const codes = newRecoveryCodes();
  await deps.db.transaction().execute(async (trx) => {
    const r = identityRepo(trx);
    await r.updateUser(user.id, {
      mfa_enabled: true,
      mfa_secret_enc: user.mfa_pending_secret_enc,
      mfa_pending_secret_enc: null,
      mfa_last_step: step,
    });
    await r.replaceRecoveryCodes(user.id, codes.map(hashRecoveryCode));
    await markMfaPassed(trx, actor.sessionIdHash);
    await recordAudit(trx, {
      actorId: user.id,
      ip: actor.ip,
      action: 'auth.mfa_enabled',
      targetType: 'user',
      targetId: user.id,
    });
  });
  return { recoveryCodes: codes };
}

/**
 * Changes e-mail or phone after a recent password confirmation.
 * @throws AppError auth.mfa_required, auth.reauth_required
 */
export async function changeContact(deps: Deps, actor: Actor, input: { email?: string; phone?: string }) {
  assertSecondFactorPassed(actor);
  assertRecentAuth(deps, actor);
  await deps.db.transaction().execute(async (trx) => {
    const set: Parameters<ReturnType<typeof identityRepo>['updateUser']>[1] = {};
    if (input.email !== undefined) set.email = input.email || null;
    if (input.phone !== undefined) {
      set.phone_enc = input.phone ? deps.cipher.encrypt('users.phone', input.phone) : null;
      set.phone_bidx = input.phone ? deps.cipher.blindIndex('users.phone', input.phone) : null;
    }
    await identityRepo(trx).updateUser(actor.userId, set);
    await recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'user.contact_changed',
      targetType: 'user',
      targetId: actor.userId,
      details: { fields: Object.keys(input) },
    });
  });
}

/** Issues a one-hour reset token. Always succeeds so the answer reveals nothing about accounts. */
export async function requestPasswordReset(deps: Deps, username: string, ip: string): Promise<void> {
  const user = await identityRepo(deps.db).userByUsername(username);
  if (user?.status !== 'active') return;
  const token = randomBytes(32).toString('base64url');
  await deps.db.transaction().execute(async (trx) => {
    await identityRepo(trx).insertToken({
      token_hash: hashToken(token),
      purpose: 'password_reset',
      user_id: user.id,
      expires_at: new Date(deps.clock.now().getTime() + 3_600_000),
    });
    await recordAudit(trx, {
      actorId: null,
      ip,
      action: 'auth.password_reset_requested',
      targetType: 'user',
      targetId: user.id,
    });
  });
  await deps.notifier.send({
    userId: user.id,
    to: user.email,
    template: 'password_reset',
    params: { link: `${deps.config.publicOrigin}/reset-password#token=${token}` },
  });
}

/**
 * Sets a new password from a reset link. MFA is untouched: the next login still needs the second factor.
 * @throws AppError auth.invalid_token, auth.password_policy
 */
export async function resetPassword(deps: Deps, token: string, next: string, ip: string): Promise<void> {
  const now = deps.clock.now();
  const repo = identityRepo(deps.db);
  const peek = await repo.peekToken(hashToken(token), 'password_reset', now);
  const user = peek?.user_id ? await repo.userById(peek.user_id) : undefined;
  if (!user) throw new AppError('auth.invalid_token');
  await assertPasswordAcceptable(deps.db, next, user.username, user.org_id);
  const hash = await hashPassword(next);
  await deps.db.transaction().execute(async (trx) => {
    const r = identityRepo(trx);
    if (!(await r.consumeToken(hashToken(token), 'password_reset', now)))
      throw new AppError('auth.invalid_token');
    await r.updateUser(user.id, { password_hash: hash, password_changed_at: now });
    await revokeUserSessions(trx, user.id);
    await recordAudit(trx, {
      actorId: user.id,
      ip,
      action: 'auth.password_reset',
      targetType: 'user',
      targetId: user.id,
    });
  });
  deps.authCache.evictUser(user.id);
}
