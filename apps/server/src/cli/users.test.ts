import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../kernel/testing/client.js';
import { createTree, createUser, loginAs, PASSWORD } from '../kernel/testing/fixtures.js';
import { buildTestApp, TEST_MASTER_KEY, type TestContext } from '../kernel/testing/test-app.js';
import type { OrgRow } from '../modules/orgs/index.js';
import { captureIo, cliEnv } from './capture-io.js';
import { runCli } from './run.js';
import { createUserFromCli, disableUserFromCli, resetMfaFromCli } from './users.js';

let ctx: TestContext;
let tree: { root: OrgRow; union: OrgRow; branch1: OrgRow; branch2: OrgRow };
beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
});
afterAll(() => ctx.close());

const auditOf = (action: string, targetId: string) =>
  ctx.deps.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .where('target_id', '=', targetId)
    .execute();

describe('users create', () => {
  it('creates an officer who must enrol MFA at first sign-in; audited with the CLI as the actor', async () => {
    const r = await createUserFromCli(
      ctx.deps,
      { username: 'wang.fang', displayName: '王芳', orgId: tree.union.id, role: 'chair' },
      PASSWORD,
    );
    expect(r.grant).toMatchObject({ roleKey: 'chair', orgId: tree.union.id });
    const created = await auditOf('user.created', r.id);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      actor_id: null,
      org_id: tree.union.id,
      details: { username: 'wang.fang', via: 'cli' },
    });
    expect(await auditOf('grant.added', r.id)).toHaveLength(1);

    const client = new TestClient(ctx.app);
    const login = await client.post('/api/auth/login', { username: 'wang.fang', password: PASSWORD });
    expect(login.json().status).toBe('ok');
    expect((await client.get('/api/orgs')).json().code).toBe('auth.mfa_enrollment_required');
  });

  it('refuses a weak password, a taken username, an unknown role or org', async () => {
    const base = { username: 'li.lei', displayName: '李雷', orgId: tree.branch1.id };
    await expect(createUserFromCli(ctx.deps, base, 'password1')).rejects.toThrow(/not acceptable: .*common/);
    await expect(createUserFromCli(ctx.deps, base, 'short')).rejects.toThrow(/too_short/);
    await expect(createUserFromCli(ctx.deps, { ...base, username: 'wang.fang' }, PASSWORD)).rejects.toThrow(
      /taken/,
    );
    await expect(createUserFromCli(ctx.deps, { ...base, role: 'king' }, PASSWORD)).rejects.toThrow(
      /Unknown role king/,
    );
    await expect(
      createUserFromCli(ctx.deps, { ...base, orgId: '00000000-0000-4000-8000-000000000000' }, PASSWORD),
    ).rejects.toThrow(/No open organisation/);
  });

  it('runs as a command, reading the password from stdin, never from argv', async () => {
    const env = cliEnv(ctx.dbUrl, TEST_MASTER_KEY);
    const args = [
      'users',
      'create',
      '--username',
      'zhao.lei',
      '--org',
      tree.branch2.id,
      '--display-name',
      '赵磊',
    ];
    const ok = captureIo(env, [PASSWORD]);
    expect(await runCli(args, ok.io), ok.text()).toBe(0);
    expect(ok.out[0]).toMatch(/^Created account zhao\.lei \(id [0-9a-f-]{36}\)\.$/);
    await loginAs(ctx, { id: '', username: 'zhao.lei', password: PASSWORD });

    const interactive = captureIo(env, [PASSWORD, `${PASSWORD}x`], true);
    expect(await runCli([...args.slice(0, 3), 'other.one', ...args.slice(4)], interactive.io)).toBe(1);
    expect(interactive.text()).toContain('do not match');

    const usage = async (argv: string[], pattern: RegExp) => {
      const run = captureIo(env, [PASSWORD]);
      expect(await runCli(argv, run.io)).toBe(2);
      expect(run.text()).toMatch(pattern);
    };
    await usage(['users', 'create', '--username', 'x.y.z', '--display-name', 'n'], /--org is required/);
    await usage([...args, '--password', PASSWORD], /Unknown option '--password'/);
    await usage(
      ['users', 'create', '--username', 'x.y.z', '--org', 'root', '--display-name', 'n'],
      /must be an organisation id/,
    );
    await usage([...args.slice(0, 3), 'a b', ...args.slice(4)], /--username must be/);
    await usage([...args, '--grant-org', tree.root.id], /--grant-org needs --role/);
  });
});

describe('users reset-mfa and disable', () => {
  it('reset-mfa removes the second factor, recovery codes and sessions; the officer must enrol again', async () => {
    const officer = await createUser(ctx, {
      username: 'sec.officer',
      org: tree.union,
      roles: ['case_handler'],
    });
    const client = await loginAs(ctx, officer);
    expect((await client.get('/api/orgs')).statusCode).toBe(200);

    expect(await resetMfaFromCli(ctx.deps, 'sec.officer', 'lost phone, identity checked in person')).toEqual({
      hadMfa: true,
    });
    expect((await client.get('/api/me')).statusCode).toBe(401);
    const row = await ctx.deps.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', officer.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ mfa_enabled: false, mfa_secret_enc: null });
    const [audit] = await auditOf('user.mfa_reset', officer.id);
    expect(audit?.details).toMatchObject({
      reason: 'lost phone, identity checked in person',
      hadMfa: true,
      via: 'cli',
    });

    const again = await loginAs(ctx, { ...officer, totpSecret: undefined });
    expect((await again.get('/api/orgs')).json().code).toBe('auth.mfa_enrollment_required');
  });

  it('disable ends sessions and sign-in; a second run changes nothing', async () => {
    const member = await createUser(ctx, { username: 'leaving.member', org: tree.branch1 });
    const client = await loginAs(ctx, member);
    expect(await disableUserFromCli(ctx.deps, 'leaving.member', 'left the company')).toEqual({
      changed: true,
    });
    expect((await client.get('/api/me')).statusCode).toBe(401);
    const retry = await new TestClient(ctx.app).post('/api/auth/login', {
      username: 'leaving.member',
      password: PASSWORD,
    });
    expect(retry.statusCode).toBe(401);
    expect(await disableUserFromCli(ctx.deps, 'leaving.member', 'again')).toEqual({ changed: false });
    expect(await auditOf('user.disabled', member.id)).toHaveLength(1);
  });

  it('as commands: need a reason, and fail cleanly for unknown accounts', async () => {
    const env = cliEnv(ctx.dbUrl, TEST_MASTER_KEY);
    const noReason = captureIo(env);
    expect(await runCli(['users', 'disable', '--username', 'zhao.lei'], noReason.io)).toBe(2);
    expect(noReason.text()).toContain('--reason is required');
    const unknown = captureIo(env);
    expect(
      await runCli(['users', 'reset-mfa', '--username', 'nobody.here', '--reason', 'x'], unknown.io),
    ).toBe(1);
    expect(unknown.text()).toContain('No account with username nobody.here');
    const ok = captureIo(env);
    expect(await runCli(['users', 'disable', '--username', 'zhao.lei', '--reason', 'test'], ok.io)).toBe(0);
    expect(ok.out).toEqual(['Disabled zhao.lei and ended its sessions.']);
  });
});
