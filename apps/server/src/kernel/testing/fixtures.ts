/** Factories for org trees, accounts and grants, and sign-in helpers (with MFA on a fake clock). */
import { expect } from 'vitest';
import { hashPassword } from '../auth/passwords.js';
import { newTotpSecret, totpCode } from '../auth/totp.js';
import type { OrgKind } from '../db/types.js';
import { createOrgUnchecked, type OrgRow } from '../../modules/orgs/index.js';
import { identityRepoForSeeding } from '../../modules/identity/index.js';
import { TestClient } from './client.js';
import type { TestContext } from './test-app.js';

export const PASSWORD = 'Correct-Horse-Battery-42';

export type TestUser = { id: string; username: string; password: string; totpSecret?: string };

let cachedHash: Promise<string> | undefined;
function sharedPasswordHash(): Promise<string> {
  cachedHash ??= hashPassword(PASSWORD);
  return cachedHash;
}

export async function createOrg(
  ctx: TestContext,
  name: string,
  kind: OrgKind,
  parent: OrgRow | null,
): Promise<OrgRow> {
  return ctx.deps.db
    .transaction()
    .execute((trx) => createOrgUnchecked(trx, { parent, name, kind, actorId: null }));
}

/** root federation -> union (grassroots) -> branch1, branch2 */
export async function createTree(ctx: TestContext) {
  const root = await createOrg(ctx, '测试市总工会', 'federation', null);
  const union = await createOrg(ctx, '第一机械厂工会', 'grassroots', root);
  const branch1 = await createOrg(ctx, '一车间分工会', 'branch', union);
  const branch2 = await createOrg(ctx, '二车间分工会', 'branch', union);
  return { root, union, branch1, branch2 };
}

/** Creates an account; with `roles`, grants them (on `grantOrg`) and enrols MFA. */
export async function createUser(
  ctx: TestContext,
  opts: {
    username: string;
    org: OrgRow;
    roles?: string[];
    grantOrg?: OrgRow;
    password?: string;
    mfa?: boolean;
  },
): Promise<TestUser> {
  const repo = identityRepoForSeeding(ctx.deps.db);
  const password = opts.password ?? PASSWORD;
  const hash = password === PASSWORD ? await sharedPasswordHash() : await hashPassword(password);
  const u = await repo.insertUser({
    username: opts.username,
    display_name: opts.username,
    email: `${opts.username}@example.org`,
    org_id: opts.org.id,
    password_hash: hash,
  });
  let totpSecret: string | undefined;
  if ((opts.roles?.length ?? 0) > 0 || opts.mfa) {
    totpSecret = newTotpSecret();
    await repo.updateUser(u.id, {
      mfa_enabled: true,
      mfa_secret_enc: ctx.deps.cipher.encrypt('users.mfa_secret', totpSecret),
    });
  }
  for (const role of opts.roles ?? []) {
    await repo.insertGrant({
      user_id: u.id,
      role_key: role,
      org_id: (opts.grantOrg ?? opts.org).id,
      created_by: null,
    });
  }
  return { id: u.id, username: opts.username, password, totpSecret };
}

/** Signs in (and passes MFA when enrolled); the fake clock moves 30 s so each TOTP step is fresh. */
export async function loginAs(ctx: TestContext, user: TestUser, ip = '127.0.0.1'): Promise<TestClient> {
  const client = new TestClient(ctx.app, ip);
  const res = await client.post('/api/auth/login', { username: user.username, password: user.password });
  expect(res.statusCode, res.body).toBe(200);
  if (user.totpSecret) {
    ctx.clock.advance(30_000);
    const code = totpCode(user.totpSecret, ctx.clock.now());
    const mfa = await client.post('/api/auth/mfa/verify', { code });
    expect(mfa.statusCode, mfa.body).toBe(200);
  }
  return client;
}
