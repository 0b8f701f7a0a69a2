/** Sign-in, second factor, sign-out and re-authentication. */
import type { Actor } from '../../kernel/auth/actor.js';
import { burnPasswordTime, verifyPassword } from '../../kernel/auth/passwords.js';
import {
  REAUTH_WINDOW_MS,
  createSession,
  csrfTokenFor,
  markReauthenticated,
  revokeSession,
} from '../../kernel/auth/sessions.js';
import { checkTotp, hashRecoveryCode } from '../../kernel/auth/totp.js';
import { recordAudit, recordAuditStandalone } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { identityRepo } from './identity.repo.js';
import {
  assertLoginAllowed,
  assertMfaAttemptAllowed,
  clearLoginFailures,
  deviceTokenValid,
  issueDeviceToken,
  recordLoginFailure,
  recordMfaFailure,
  throttleKeys,
} from './throttle.js';

export type LoginResult = {
  status: 'ok' | 'mfa_required';
  sessionToken: string;
  csrfToken: string;
  deviceToken: string;
};

export function sessionPolicy(deps: Deps) {
  return {
    idleMs: deps.config.sessionIdleMinutes * 60_000,
    absoluteMs: deps.config.sessionAbsoluteHours * 3_600_000,
  };
}

function deviceKey(deps: Deps): Buffer {
  return deps.ring.blindIndexKey();
}

/**
 * Checks the password and opens a new session (rotation: any session the browser had is revoked).
 * @throws AppError auth.rate_limited, auth.invalid_credentials
 */
export async function login(
  deps: Deps,
  input: {
    username: string;
    password: string;
    ip: string;
    userAgent?: string;
    deviceToken?: string;
    oldSessionIdHash?: string;
  },
): Promise<LoginResult> {
  const now = deps.clock.now();
  const repo = identityRepo(deps.db);
  const keys = throttleKeys(input.username, input.ip);
  const user = await repo.userByUsername(input.username);
  const trusted = user ? deviceTokenValid(deviceKey(deps), user.id, input.deviceToken) : false;
  await assertLoginAllowed(deps.db, keys, now, trusted);

  let ok = false;
  // Unknown usernames cost the same time as wrong passwords, so timing does not reveal accounts.
  if (user) ok = await verifyPassword(user.password_hash, input.password);
  else await burnPasswordTime(input.password);
  if (!user || !ok || user.status !== 'active') {
    await recordLoginFailure(deps.db, keys, now);
    await recordAuditStandalone(deps.db, {
      actorId: user?.id ?? null,
      ip: input.ip,
      action: 'auth.login_failed',
      targetType: 'user',
      targetId: user?.id ?? null,
      details: { reason: !user ? 'unknown_user' : !ok ? 'bad_password' : 'disabled' },
    });
    throw new AppError('auth.invalid_credentials');
  }
  await clearLoginFailures(deps.db, keys);
  if (input.oldSessionIdHash) await revokeSession(deps.db, input.oldSessionIdHash);
  const token = await deps.db.transaction().execute(async (trx) => {
    const t = await createSession(trx, {
      userId: user.id,
      mfaPassed: false,
      ip: input.ip,
      userAgent: input.userAgent,
      now,
      policy: sessionPolicy(deps),
    });
    await recordAudit(trx, {
      actorId: user.id,
      ip: input.ip,
      action: 'auth.login',
      targetType: 'user',
      targetId: user.id,
      details: { mfa: user.mfa_enabled },
    });
    return t;
  });
  return {
    status: user.mfa_enabled ? 'mfa_required' : 'ok',
    sessionToken: token,
    csrfToken: csrfTokenFor(token),
    deviceToken: issueDeviceToken(deviceKey(deps), user.id),
  };
}

/**
 * Second factor for the current session: a TOTP code (never the same step twice) or a recovery code.
 * The session is rotated on success because its privileges change.
 * @throws AppError auth.rate_limited, auth.mfa_invalid, bad_request
 */
export async function verifySecondFactor(
  deps: Deps,
  actor: Actor,
  input: { code?: string; recoveryCode?: string; userAgent?: string },
): Promise<{ sessionToken: string; csrfToken: string }> {
  const now = deps.clock.now();
  const repo = identityRepo(deps.db);
  const user = await repo.userById(actor.userId);
  if (!user?.mfa_enabled || !user.mfa_secret_enc)
    throw new AppError('bad_request', { reason: 'mfa_not_enrolled' });
  await assertMfaAttemptAllowed(deps.db, user.id, now);
  let passed = false;
  if (input.code) {
    const secret = await deps.cipher.decrypt('users.mfa_secret', user.mfa_secret_enc);
    const step = checkTotp(secret, input.code, now, user.mfa_last_step);
    passed = step !== null && (await repo.claimTotpStep(user.id, step));
  } else if (input.recoveryCode) {
    passed = await repo.useRecoveryCode(user.id, hashRecoveryCode(input.recoveryCode), now);
  }
  if (!passed) {
    await recordMfaFailure(deps.db, user.id, now);
    await recordAuditStandalone(deps.db, {
      actorId: user.id,
      ip: actor.ip,
      action: 'auth.mfa_failed',
      targetType: 'user',
      targetId: user.id,
    });
    throw new AppError('auth.mfa_invalid');
  }
  const token = await deps.db.transaction().execute(async (trx) => {
    await revokeSession(trx, actor.sessionIdHash);
    const t = await createSession(trx, {
      userId: user.id,
      mfaPassed: true,
      ip: actor.ip,
      userAgent: input.userAgent,
      now,
      policy: sessionPolicy(deps),
    });
    await recordAudit(trx, {
      actorId: user.id,
      ip: actor.ip,
      action: 'auth.mfa_passed',
      targetType: 'user',
      targetId: user.id,
      details: { method: input.code ? 'totp' : 'recovery_code' },
    });
    return t;
  });
  return { sessionToken: token, csrfToken: csrfTokenFor(token) };
}

export async function logout(deps: Deps, actor: Actor): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await revokeSession(trx, actor.sessionIdHash);
    await recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'auth.logout',
      targetType: 'user',
      targetId: actor.userId,
    });
  });
}

/**
 * Confirms the password again before sensitive account changes.
 * @throws AppError auth.invalid_credentials, auth.rate_limited
 */
export async function reauthenticate(deps: Deps, actor: Actor, password: string): Promise<void> {
  const now = deps.clock.now();
  const keys = throttleKeys(actor.username, actor.ip);
  await assertLoginAllowed(deps.db, keys, now, true);
  const user = await identityRepo(deps.db).userById(actor.userId);
  if (!user || !(await verifyPassword(user.password_hash, password))) {
    await recordLoginFailure(deps.db, keys, now);
    await recordAuditStandalone(deps.db, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'auth.reauth_failed',
    });
    throw new AppError('auth.invalid_credentials');
  }
  await markReauthenticated(deps.db, actor.sessionIdHash, now);
}

/**
 * A session of an account that has a second factor counts as signed in only once that factor passed;
 * until then it may verify the code or sign out, not change credentials (else a stolen password alone
 * could enrol the attacker's own authenticator).
 * @throws AppError auth.mfa_required
 */
export function assertSecondFactorPassed(actor: Actor): void {
  if (actor.mfaEnabled && !actor.mfaPassed) throw new AppError('auth.mfa_required');
}

/** @throws AppError auth.reauth_required unless the session authenticated in the last five minutes. */
export function assertRecentAuth(deps: Deps, actor: Actor): void {
  const at = actor.reauthAt?.getTime() ?? 0;
  if (deps.clock.now().getTime() - at > REAUTH_WINDOW_MS) throw new AppError('auth.reauth_required');
}
