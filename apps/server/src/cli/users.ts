/**
 * Account administration behind `unionhall users create | reset-mfa | disable`: from the server's shell,
 * for the first accounts of an import and for break-glass recovery. Every change is audited with
 * `via: 'cli'` and the operating-system user.
 */
import { checkPasswordPolicy, hashPassword } from '../kernel/auth/passwords.js';
import { revokeUserSessions } from '../kernel/auth/sessions.js';
import { recordAudit } from '../kernel/audit/audit.js';
import type { Deps } from '../kernel/deps.js';
import { identityRepoForSeeding as identityRepo } from '../modules/identity/index.js';
import { findOrg, findRootOrg } from '../modules/orgs/index.js';
import { cliAuditDetails } from './context.js';
import { CliFailure } from './io.js';

export type CreateUserInput = {
  username: string;
  displayName: string;
  orgId: string;
  email?: string;
  role?: string;
  grantOrgId?: string;
};

/**
 * Checks everything that can be checked before asking for the password.
 * @throws CliFailure for an unknown or closed org, a taken username or an unknown role.
 */
export async function checkCreateUser(deps: Deps, input: CreateUserInput): Promise<void> {
  const org = await findOrg(deps.db, input.orgId);
  if (org?.status !== 'active') throw new CliFailure(`No open organisation with id ${input.orgId}.`);
  if (await identityRepo(deps.db).userByUsername(input.username)) {
    throw new CliFailure(`The username ${input.username} is taken.`);
  }
  if (input.role) {
    const roles = (await identityRepo(deps.db).roles()).map((r) => r.key);
    if (!roles.includes(input.role))
      throw new CliFailure(`Unknown role ${input.role}. Roles: ${roles.join(', ')}`);
    const grantOrg = await findOrg(deps.db, input.grantOrgId ?? input.orgId);
    if (grantOrg?.status !== 'active') {
      throw new CliFailure(`No open organisation with id ${input.grantOrgId} to grant the role on.`);
    }
  }
}

/**
 * Creates an account (and optionally a role grant) in one audited transaction. Officers enrol MFA
 * at their first sign-in; the server insists on it before any officer route.
 * @throws CliFailure as checkCreateUser, or listing the password rules the password breaks.
 */
export async function createUserFromCli(deps: Deps, input: CreateUserInput, password: string) {
  await checkCreateUser(deps, input);
  const names = [(await findRootOrg(deps.db))?.name, (await findOrg(deps.db, input.orgId))?.name];
  const problems = checkPasswordPolicy(password, {
    username: input.username,
    unionNames: names.filter((n): n is string => Boolean(n)),
  });
  if (problems.length) throw new CliFailure(`The password is not acceptable: ${problems.join(', ')}.`);
  const hash = await hashPassword(password);
  const who = cliAuditDetails();
  return deps.db.transaction().execute(async (trx) => {
    const repo = identityRepo(trx);
    const user = await repo.insertUser({
      username: input.username,
      display_name: input.displayName,
      email: input.email ?? null,
      org_id: input.orgId,
      password_hash: hash,
    });
    const now = deps.clock.now();
    const audit = { actorId: null, targetType: 'user', targetId: user.id } as const;
    await recordAudit(
      trx,
      { ...audit, action: 'user.created', orgId: input.orgId, details: { username: user.username, ...who } },
      now,
    );
    let grant: { id: string; roleKey: string; orgId: string } | undefined;
    if (input.role) {
      const grantOrgId = input.grantOrgId ?? input.orgId;
      const g = await repo.insertGrant({
        user_id: user.id,
        role_key: input.role,
        org_id: grantOrgId,
        created_by: null,
      });
      grant = { id: g!.id, roleKey: g!.role_key, orgId: g!.org_id };
      await recordAudit(
        trx,
        {
          ...audit,
          action: 'grant.added',
          orgId: grantOrgId,
          details: { roleKey: input.role, grantId: g!.id, ...who },
        },
        now,
      );
    }
    return { id: user.id, username: user.username, grant };
  });
}

/** @throws CliFailure when the account does not exist. */
async function userOrFail(deps: Deps, username: string) {
  const user = await identityRepo(deps.db).userByUsername(username);
  if (!user) throw new CliFailure(`No account with username ${username}.`);
  return user;
}

/**
 * Break-glass: removes the second factor and recovery codes and ends every session, so the person
 * signs in with their password and must enrol a new authenticator before reaching anything else.
 * @throws CliFailure when the account does not exist.
 */
export async function resetMfaFromCli(
  deps: Deps,
  username: string,
  reason: string,
): Promise<{ hadMfa: boolean }> {
  const user = await userOrFail(deps, username);
  await deps.db.transaction().execute(async (trx) => {
    const repo = identityRepo(trx);
    await repo.updateUser(user.id, { mfa_enabled: false, mfa_secret_enc: null });
    await repo.replaceRecoveryCodes(user.id, []);
    await revokeUserSessions(trx, user.id);
    await recordAudit(
      trx,
      {
        actorId: null,
        action: 'user.mfa_reset',
        targetType: 'user',
        targetId: user.id,
        orgId: user.org_id,
        details: { reason, hadMfa: user.mfa_enabled, ...cliAuditDetails() },
      },
      deps.clock.now(),
    );
  });
  // Other server processes learn it from the database trigger; this one drops its cache now.
  deps.authCache.evictUser(user.id);
  return { hadMfa: user.mfa_enabled };
}

/**
 * Disables an account and ends its sessions at once.
 * @throws CliFailure when the account does not exist.
 */
export async function disableUserFromCli(
  deps: Deps,
  username: string,
  reason: string,
): Promise<{ changed: boolean }> {
  const user = await userOrFail(deps, username);
  if (user.status === 'disabled') return { changed: false };
  await deps.db.transaction().execute(async (trx) => {
    await identityRepo(trx).updateUser(user.id, { status: 'disabled' });
    await revokeUserSessions(trx, user.id);
    await recordAudit(
      trx,
      {
        actorId: null,
        action: 'user.disabled',
        targetType: 'user',
        targetId: user.id,
        orgId: user.org_id,
        details: { reason, ...cliAuditDetails() },
      },
      deps.clock.now(),
    );
  });
  deps.authCache.evictUser(user.id);
  return { changed: true };
}
