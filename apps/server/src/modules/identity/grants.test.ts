/**
 * Role grants: nobody hands out (or takes away) more than they hold where the grant applies; a new
 * officer reaches their subtree only after enrolling MFA; revoking a grant removes the access at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../kernel/auth/totp.js';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { uniqueIp } from '../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { identityRepoForSeeding } from './index.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let vice: TestClient;
let n = 0;

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
  vice = await loginAs(
    ctx,
    await createUser(ctx, { username: 'grant_vice', org: tree.branch1, roles: ['vice_chair'] }),
    uniqueIp(),
  );
});
afterAll(() => ctx.close());

const member = (org = tree.branch1) => createUser(ctx, { username: `grant_member_${++n}`, org });
const grant = (by: TestClient, userId: string, roleKey: string, orgId = tree.branch1.id) =>
  by.post('/api/grants', { userId, roleKey, orgId });

describe('no escalation', () => {
  it('a vice chair with users.manage cannot grant admin, security_admin or chair on their branch', async () => {
    const m = await member();
    for (const role of ['admin', 'security_admin', 'chair', 'auditor']) {
      const res = await grant(vice, m.id, role);
      expect(res.statusCode, role).toBe(403);
      expect(res.json().details.reason).toBe('escalation');
    }
    const grants = await ctx.deps.db.selectFrom('grants').select('id').where('user_id', '=', m.id).execute();
    expect(grants).toEqual([]);
    expect((await grant(vice, m.id, 'case_handler')).statusCode).toBe(201);
  });

  it('nor grant anything above or beside their branch, nor an unknown role', async () => {
    const m = await member();
    expect((await grant(vice, m.id, 'case_handler', tree.union.id)).statusCode).toBe(404);
    expect((await grant(vice, m.id, 'case_handler', tree.branch2.id)).statusCode).toBe(404);
    expect((await grant(vice, (await member(tree.branch2)).id, 'case_handler')).statusCode).toBe(404);
    expect((await grant(vice, m.id, 'no_such_role')).statusCode).toBe(404);
  });

  it('cannot take away a role they could not give', async () => {
    const chair = await createUser(ctx, { username: 'grant_chair', org: tree.branch1, roles: ['chair'] });
    const g = await ctx.deps.db
      .selectFrom('grants')
      .select('id')
      .where('user_id', '=', chair.id)
      .executeTakeFirstOrThrow();
    const res = await vice.delete(`/api/grants/${g.id}`);
    expect(res.statusCode).toBe(403);
    expect(res.json().details.reason).toBe('escalation');
    expect(
      await ctx.deps.db.selectFrom('grants').select('id').where('id', '=', g.id).executeTakeFirst(),
    ).toBeDefined();
  });

  it('cannot disable an account that holds roles beyond their own', async () => {
    const superior = await createUser(ctx, {
      username: 'grant_superior',
      org: tree.branch1,
      roles: ['admin'],
      grantOrg: tree.root,
    });
    const res = await vice.post(`/api/users/${superior.id}/disable`, { reason: 'coup' });
    expect(res.statusCode).toBe(403);
    const row = await ctx.deps.db
      .selectFrom('users')
      .select('status')
      .where('id', '=', superior.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
    // A plain member of the branch, or a lesser officer, can be disabled and enabled.
    const plain = await member();
    expect((await vice.post(`/api/users/${plain.id}/disable`, { reason: '离职' })).statusCode).toBe(200);
    expect((await vice.post(`/api/users/${plain.id}/enable`, { reason: '复职' })).statusCode).toBe(200);
  });
});

describe('grant lifecycle', () => {
  let officer: TestUser;
  let client: TestClient;
  let grantId: string;

  it('a new officer reaches the subtree only after enrolling MFA', async () => {
    officer = await member();
    client = await loginAs(ctx, officer, uniqueIp());
    expect((await client.get('/api/orgs')).statusCode).toBe(403);

    const res = await grant(vice, officer.id, 'case_handler');
    expect(res.statusCode, res.body).toBe(201);
    grantId = res.json().id;

    const blocked = await client.get('/api/orgs');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('auth.mfa_enrollment_required');
    const me = (await client.get('/api/me')).json();
    expect(me.user).toMatchObject({ isOfficer: true, mfaRequired: true, mfaEnabled: false });
    expect(me.abilities.permissions).toEqual([]);

    const { secret } = (await client.post('/api/auth/mfa/enroll')).json();
    ctx.clock.advance(30_000);
    expect(
      (await client.post('/api/auth/mfa/activate', { code: totpCode(secret, ctx.clock.now()) })).statusCode,
    ).toBe(200);
    const ids = (await client.get('/api/orgs')).json().items.map((o: { id: string }) => o.id);
    expect(ids).toContain(tree.branch1.id);
    expect(ids).not.toContain(tree.branch2.id);
    expect((await client.get('/api/me')).json().abilities.permissions).toContain('cases.handle');
  });

  it('revoking the grant removes the access at once', async () => {
    expect((await vice.delete(`/api/grants/${grantId}`)).statusCode).toBe(204);
    expect((await client.get('/api/orgs')).statusCode).toBe(403);
    const me = (await client.get('/api/me')).json();
    expect(me.grants).toEqual([]);
    expect(me.abilities.permissions).toEqual([]);
    expect((await vice.delete(`/api/grants/${grantId}`)).statusCode).toBe(404);
  });

  it('an administrator cannot revoke their own admin grant', async () => {
    const adminUser = await createUser(ctx, { username: 'grant_admin', org: tree.root, roles: ['admin'] });
    const admin = await loginAs(ctx, adminUser, uniqueIp());
    const own = await identityRepoForSeeding(ctx.deps.db).grantsOfUser(adminUser.id);
    const res = await admin.delete(`/api/grants/${own[0]!.id}`);
    expect(res.statusCode).toBe(403);
  });
});
