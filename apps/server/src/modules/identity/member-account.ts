/**
 * Portal accounts for people in the member registry, created by the members module through index.ts.
 * The account starts with an unusable random password and a one-time link to choose one (the
 * password-reset flow), so no password is ever chosen or seen by an officer.
 */
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../kernel/auth/passwords.js';
import { hashToken } from '../../kernel/auth/sessions.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Database } from '../../kernel/db/pool.js';
import { AppError } from '../../kernel/http/errors.js';
import { identityRepo } from './identity.repo.js';

export const MEMBER_INVITE_TTL_MS = 7 * 24 * 3_600_000;

/**
 * Creates the account inside the caller's transaction and returns the set-password token (send it,
 * never log it). The caller checks access and links the account to the member record.
 * @throws AppError user.username_taken
 */
export async function createMemberAccount(
  trx: Database,
  input: {
    username: string;
    displayName: string;
    email: string | null;
    orgId: string;
    actorId: string;
    ip: string;
    now: Date;
  },
): Promise<{ userId: string; setPasswordToken: string }> {
  const repo = identityRepo(trx);
  if (await repo.userByUsername(input.username)) throw new AppError('user.username_taken');
  const user = await repo.insertUser({
    username: input.username,
    display_name: input.displayName,
    email: input.email,
    org_id: input.orgId,
    password_hash: await hashPassword(randomBytes(32).toString('base64url')),
  });
  const token = randomBytes(32).toString('base64url');
  await repo.insertToken({
    token_hash: hashToken(token),
    purpose: 'password_reset',
    user_id: user.id,
    expires_at: new Date(input.now.getTime() + MEMBER_INVITE_TTL_MS),
  });
  await recordAudit(
    trx,
    {
      actorId: input.actorId,
      ip: input.ip,
      action: 'user.created',
      targetType: 'user',
      targetId: user.id,
      orgId: input.orgId,
      details: { username: user.username, via: 'member_registry' },
    },
    input.now,
  );
  return { userId: user.id, setPasswordToken: token };
}
