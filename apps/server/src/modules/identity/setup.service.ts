/**
 * First start: no default account exists. A one-time setup link is printed; the wizard creates the
 * union's root organisation and the first administrator, who must then enrol MFA.
 */
import { randomBytes } from 'node:crypto';
import { checkPasswordPolicy, hashPassword } from '../../kernel/auth/passwords.js';
import { BUILTIN_ROLES } from '../../kernel/auth/permissions.js';
import { createSession, csrfTokenFor, hashToken } from '../../kernel/auth/sessions.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import { advisoryXactLock } from '../../kernel/db/locks.js';
import type { Database } from '../../kernel/db/pool.js';
import type { OrgKind } from '../../kernel/db/types.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { createRootOrg } from '../orgs/index.js';
import { sessionPolicy } from './auth.service.js';
import { identityRepo } from './identity.repo.js';

/** Makes the built-in roles match the catalogue (run at every start). */
export async function syncBuiltinRoles(db: Database): Promise<void> {
  const repo = identityRepo(db);
  for (const [key, permissions] of Object.entries(BUILTIN_ROLES)) await repo.upsertRole(key, permissions);
}

export async function needsSetup(db: Database): Promise<boolean> {
  return (await identityRepo(db).countUsers()) === 0;
}

/** Creates a fresh setup token when the database has no account yet; returns the link to print. */
export async function issueSetupLink(deps: Deps): Promise<string | null> {
  if (!(await needsSetup(deps.db))) return null;
  const token = randomBytes(24).toString('base64url');
  await identityRepo(deps.db).insertToken({
    token_hash: hashToken(token),
    purpose: 'setup',
    user_id: null,
    expires_at: new Date(deps.clock.now().getTime() + 24 * 3_600_000),
  });
  return `${deps.config.publicOrigin}/setup#token=${token}`;
}

export type SetupInput = {
  token: string;
  orgName: string;
  orgKind: OrgKind;
  username: string;
  displayName: string;
  email?: string;
  password: string;
};

/**
 * @throws AppError setup.already_done, auth.invalid_token, auth.password_policy
 */
export async function completeSetup(deps: Deps, input: SetupInput, ip: string, userAgent?: string) {
  if (!['federation', 'grassroots', 'industrial'].includes(input.orgKind)) {
    throw new AppError('org.invalid_kind', { kind: input.orgKind });
  }
  const problems = checkPasswordPolicy(input.password, {
    username: input.username,
    unionNames: [input.orgName],
  });
  if (problems.length) throw new AppError('auth.password_policy', { problems });
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  const token = await deps.db.transaction().execute(async (trx) => {
    await advisoryXactLock(trx, 'unionhall.setup');
    const repo = identityRepo(trx);
    if (!(await needsSetup(trx))) throw new AppError('setup.already_done');
    if (!(await repo.consumeToken(hashToken(input.token), 'setup', now)))
      throw new AppError('auth.invalid_token');
    const root = await createRootOrg(trx, input.orgName.trim(), input.orgKind);
    const admin = await repo.insertUser({
      username: input.username,
      display_name: input.displayName,
      email: input.email ?? null,
      org_id: root.id,
      password_hash: passwordHash,
    });
    await repo.insertGrant({ user_id: admin.id, role_key: 'admin', org_id: root.id, created_by: null });
    await recordAudit(trx, {
      actorId: admin.id,
      ip,
      action: 'setup.completed',
      targetType: 'org',
      targetId: root.id,
      orgId: root.id,
      details: { adminUsername: admin.username },
    });
    return createSession(trx, {
      userId: admin.id,
      mfaPassed: false,
      ip,
      userAgent,
      now,
      policy: sessionPolicy(deps),
    });
  });
  return { sessionToken: token, csrfToken: csrfTokenFor(token) };
}
