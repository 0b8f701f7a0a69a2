/**
 * The audit trail (SECURITY.md "Audit"): every login (success and failure), refused authorisation and
 * state change in orgs, users and grants writes a row saying who, what, on what and from where.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { TestClient as Client } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs, PASSWORD, type TestUser } from '../../kernel/testing/fixtures.js';
import { uniqueIp } from '../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let admin: TestClient;
let adminUser: TestUser;
let memberB: TestUser;

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
  adminUser = await createUser(ctx, { username: 'audit_admin', org: tree.root, roles: ['admin'] });
  memberB = await createUser(ctx, { username: 'audit_member_b', org: tree.branch2 });
  admin = await loginAs(ctx, adminUser, uniqueIp());
});
afterAll(() => ctx.close());

async function lastSeq(): Promise<number> {
  const r = await ctx.deps.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('seq').as('m'))
    .executeTakeFirstOrThrow();
  return Number(r.m ?? 0);
}

/** Runs `act` and returns the audit rows it wrote. */
async function rowsOf(act: () => Promise<unknown>) {
  const from = await lastSeq();
  await act();
  return ctx.deps.db.selectFrom('audit_log').selectAll().where('seq', '>', from).orderBy('seq').execute();
}

/** Runs `act` and returns its single row with `action`, checking actor and address. */
async function expectRow(
  action: string,
  by: { client: TestClient; userId: string | null },
  act: () => Promise<unknown>,
) {
  const rows = await rowsOf(act);
  const row = rows.find((r) => r.action === action);
  expect(row, `${action} in ${rows.map((r) => r.action).join(', ')}`).toBeDefined();
  expect(row!.actor_id).toBe(by.userId);
  expect(row!.actor_ip).toBe(by.client.ip);
  expect(row!.at).toBeInstanceOf(Date);
  return row!;
}

const ok = async (p: Promise<{ statusCode: number; body: string }>, status = 200) => {
  const res = await p;
  expect(res.statusCode, res.body).toBe(status);
  return res as Awaited<typeof p> & { json: () => { id: string } };
};

describe('sign-in events', () => {
  it('a successful login, a wrong password and an unknown user are each recorded', async () => {
    const user = await createUser(ctx, { username: 'audit_login', org: tree.branch1 });
    const c = new Client(ctx.app, uniqueIp());
    const success = await expectRow('auth.login', { client: c, userId: user.id }, () =>
      ok(c.post('/api/auth/login', { username: user.username, password: PASSWORD })),
    );
    expect(success.target_id).toBe(user.id);

    const bad = new Client(ctx.app, uniqueIp());
    const failed = await expectRow('auth.login_failed', { client: bad, userId: user.id }, () =>
      bad.post('/api/auth/login', { username: user.username, password: 'not-the-password' }),
    );
    expect(failed.details).toMatchObject({ reason: 'bad_password' });
    expect(JSON.stringify(failed.details)).not.toContain('not-the-password');

    const unknown = await expectRow('auth.login_failed', { client: bad, userId: null }, () =>
      bad.post('/api/auth/login', { username: 'no_such_user', password: 'whatever-123' }),
    );
    expect(unknown.details).toMatchObject({ reason: 'unknown_user' });
  });

  it('logout, MFA and password change are recorded', async () => {
    const officer = await createUser(ctx, { username: 'audit_officer', org: tree.branch1, roles: ['chair'] });
    const rows = await rowsOf(() => loginAs(ctx, officer, '198.51.100.20'));
    const mfa = rows.find((r) => r.action === 'auth.mfa_passed');
    expect(mfa).toMatchObject({ actor_id: officer.id, actor_ip: '198.51.100.20' });

    const user = await createUser(ctx, { username: 'audit_pw', org: tree.branch1 });
    const c = await loginAs(ctx, user, uniqueIp());
    await expectRow('auth.password_changed', { client: c, userId: user.id }, () =>
      ok(
        c.post('/api/auth/password/change', {
          currentPassword: PASSWORD,
          newPassword: 'Audit-Trail-Passphrase-3',
        }),
        204,
      ),
    );
    const contact = await expectRow('user.contact_changed', { client: c, userId: user.id }, () =>
      ok(c.patch('/api/me/contact', { phone: '13700001234', email: 'pw@example.org' }), 204),
    );
    expect(JSON.stringify(contact.details)).not.toMatch(/13700001234|pw@example\.org/);
    await expectRow('auth.logout', { client: c, userId: user.id }, () => ok(c.post('/api/auth/logout'), 204));
  });
});

describe('refused authorisation', () => {
  it('an officer reaching outside their branch and a member calling an officer route are recorded', async () => {
    const officer = await createUser(ctx, { username: 'audit_chair1', org: tree.branch1, roles: ['chair'] });
    const c = await loginAs(ctx, officer, uniqueIp());
    const denied = await expectRow('access.denied', { client: c, userId: officer.id }, () =>
      ok(c.get(`/api/users/${memberB.id}`), 404),
    );
    expect(denied.details).toMatchObject({ permission: 'users.manage', orgIds: [tree.branch2.id] });

    const member = await createUser(ctx, { username: 'audit_plain', org: tree.branch1 });
    const m = await loginAs(ctx, member, uniqueIp());
    await expectRow('access.denied', { client: m, userId: member.id }, () => ok(m.get('/api/users'), 403));
  });
});

describe('state changes', () => {
  const by = () => ({ client: admin, userId: adminUser.id });

  it('orgs: create, rename, move, close', async () => {
    let id = '';
    const created = await expectRow('org.created', by(), async () => {
      id = (
        await ok(admin.post('/api/orgs', { parentId: tree.branch1.id, name: '审计小组', kind: 'group' }), 201)
      ).json().id;
    });
    expect(created).toMatchObject({ target_id: id, org_id: id });
    const renamed = await expectRow('org.renamed', by(), () =>
      ok(admin.patch(`/api/orgs/${id}`, { name: '审计小组二' })),
    );
    expect(renamed.details).toMatchObject({ from: '审计小组', to: '审计小组二' });
    const moved = await expectRow('org.moved', by(), () =>
      ok(admin.post(`/api/orgs/${id}/move`, { parentId: tree.branch2.id })),
    );
    expect(moved.details).toMatchObject({ fromParentId: tree.branch1.id, toParentId: tree.branch2.id });
    const closed = await expectRow('org.closed', by(), () =>
      ok(admin.post(`/api/orgs/${id}/close`, { reason: '合并' })),
    );
    expect(closed.details).toMatchObject({ reason: '合并' });
  });

  it('users: create, disable, enable, reveal contact details', async () => {
    let id = '';
    const created = await expectRow('user.created', by(), async () => {
      const body = {
        username: 'audit_new',
        displayName: 'New',
        orgId: tree.branch1.id,
        password: 'Audit-New-Passphrase-4',
      };
      id = (await ok(admin.post('/api/users', body), 201)).json().id;
    });
    expect(created).toMatchObject({ target_id: id, org_id: tree.branch1.id });
    expect(JSON.stringify(created.details)).not.toContain('Audit-New-Passphrase-4');
    const disabled = await expectRow('user.disabled', by(), () =>
      ok(admin.post(`/api/users/${id}/disable`, { reason: '离职' })),
    );
    expect(disabled).toMatchObject({ target_id: id, details: { reason: '离职' } });
    await expectRow('user.enabled', by(), () =>
      ok(admin.post(`/api/users/${id}/enable`, { reason: '复职' })),
    );
    const revealed = await expectRow('pii.revealed', by(), () =>
      ok(admin.post(`/api/users/${id}/reveal`, { reason: '核对信息' })),
    );
    expect(revealed).toMatchObject({ target_id: id, details: { reason: '核对信息' } });
  });

  it('grants: add and remove', async () => {
    const user = await createUser(ctx, { username: 'audit_grantee', org: tree.branch1 });
    let grantId = '';
    const added = await expectRow('grant.added', by(), async () => {
      grantId = (
        await ok(
          admin.post('/api/grants', { userId: user.id, roleKey: 'case_handler', orgId: tree.branch1.id }),
          201,
        )
      ).json().id;
    });
    expect(added).toMatchObject({
      target_id: user.id,
      org_id: tree.branch1.id,
      details: { roleKey: 'case_handler' },
    });
    const removed = await expectRow('grant.removed', by(), () =>
      ok(admin.delete(`/api/grants/${grantId}`), 204),
    );
    expect(removed.details).toMatchObject({ grantId, roleKey: 'case_handler' });
  });

  it('a refused change leaves no state-change row', async () => {
    const rows = await rowsOf(() => admin.post(`/api/orgs/${tree.root.id}/close`, { reason: 'nope' }));
    expect(rows.filter((r) => r.action === 'org.closed')).toEqual([]);
  });
});

describe('audit list filters', () => {
  it('a date-time the schema admits but JavaScript cannot represent gets 400, not 500', async () => {
    for (const from of ['2024-12-31T23:59:60Z', '2024-06-30T23:59:60+00:00']) {
      const res = await admin.get(`/api/audit?from=${encodeURIComponent(from)}`);
      expect(res.statusCode, from).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    expect(
      (await admin.get(`/api/audit?from=${encodeURIComponent('2024-01-01T00:00:00Z')}&action=org.`))
        .statusCode,
    ).toBe(200);
  });
});
