/**
 * Second factor (SECURITY.md "Authentication and sessions"): officers reach nothing before MFA, a TOTP
 * code works once, recovery codes work once, and neither a password reset nor a password-only session
 * can get around the second factor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashRecoveryCode, totpCode } from '../../kernel/auth/totp.js';
import { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, PASSWORD, type TestUser } from '../../kernel/testing/fixtures.js';
import { uniqueIp } from '../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { identityRepoForSeeding } from './index.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let n = 0;

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
});
afterAll(() => ctx.close());

const officer = () =>
  createUser(ctx, { username: `mfa_officer_${++n}`, org: tree.branch1, roles: ['chair'] });

/** Password step only: the session exists but has not passed MFA. */
async function passwordOnly(user: TestUser, password = user.password) {
  const client = new TestClient(ctx.app, uniqueIp());
  const res = await client.post('/api/auth/login', { username: user.username, password });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().status).toBe('mfa_required');
  return client;
}

const freshCode = (user: TestUser) => {
  ctx.clock.advance(30_000);
  return totpCode(user.totpSecret!, ctx.clock.now());
};

describe('officers and the second factor', () => {
  it('officer routes answer 403 auth.mfa_required until the code is given', async () => {
    const user = await officer();
    const client = await passwordOnly(user);
    for (const url of ['/api/orgs', '/api/users', '/api/roles', '/api/audit']) {
      const res = await client.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().code, url).toBe('auth.mfa_required');
    }
    const me = (await client.get('/api/me')).json();
    expect(me.user.mfaPassed).toBe(false);
    expect(me.abilities.permissions).toEqual([]);

    expect((await client.post('/api/auth/mfa/verify', { code: freshCode(user) })).statusCode).toBe(200);
    expect((await client.get('/api/orgs')).statusCode).toBe(200);
    expect((await client.get('/api/me')).json().abilities.permissions).toContain('users.manage');
  });

  it('an officer without a second factor is sent to enrolment', async () => {
    const user = await officer();
    await identityRepoForSeeding(ctx.deps.db).updateUser(user.id, {
      mfa_enabled: false,
      mfa_secret_enc: null,
    });
    const client = new TestClient(ctx.app, uniqueIp());
    const login = await client.post('/api/auth/login', { username: user.username, password: PASSWORD });
    expect(login.json().status).toBe('ok');
    const res = await client.get('/api/users');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('auth.mfa_enrollment_required');
  });

  it('a wrong code is refused, and repeated wrong codes are throttled', async () => {
    const user = await officer();
    const client = await passwordOnly(user);
    const codes: number[] = [];
    for (let i = 0; i < 7; i++)
      codes.push((await client.post('/api/auth/mfa/verify', { code: '000000' })).statusCode);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    const last = await client.post('/api/auth/mfa/verify', { code: freshCode(user) });
    expect(last.statusCode).toBe(429);
    expect(last.json().code).toBe('auth.rate_limited');
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('one-time codes', () => {
  it('a TOTP code cannot be used twice, nor an older one after it', async () => {
    const user = await officer();
    const code = freshCode(user);
    const first = await passwordOnly(user);
    expect((await first.post('/api/auth/mfa/verify', { code })).statusCode).toBe(200);

    const second = await passwordOnly(user);
    const replay = await second.post('/api/auth/mfa/verify', { code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('auth.mfa_invalid');
    const previousStep = totpCode(user.totpSecret!, new Date(ctx.clock.now().getTime() - 30_000));
    expect((await second.post('/api/auth/mfa/verify', { code: previousStep })).statusCode).toBe(401);
    expect((await second.get('/api/orgs')).statusCode).toBe(403);
    expect((await second.post('/api/auth/mfa/verify', { code: freshCode(user) })).statusCode).toBe(200);
  });

  it('a recovery code works once only', async () => {
    const user = await officer();
    const codes = ['a1b2-c3d4-e5f6', '0a0b-0c0d-0e0f'];
    await identityRepoForSeeding(ctx.deps.db).replaceRecoveryCodes(user.id, codes.map(hashRecoveryCode));

    const first = await passwordOnly(user);
    expect((await first.post('/api/auth/mfa/verify', { recoveryCode: codes[0] })).statusCode).toBe(200);
    expect((await first.get('/api/orgs')).statusCode).toBe(200);

    const second = await passwordOnly(user);
    const again = await second.post('/api/auth/mfa/verify', { recoveryCode: codes[0] });
    expect(again.statusCode).toBe(401);
    expect((await second.get('/api/orgs')).statusCode).toBe(403);
    // Case and spacing do not matter; the other code still works.
    expect(
      (await second.post('/api/auth/mfa/verify', { recoveryCode: ` ${codes[1]!.toUpperCase()} ` }))
        .statusCode,
    ).toBe(200);
  });
});

describe('no way around the second factor', () => {
  it('a password reset does not bypass MFA', async () => {
    const user = await officer();
    const old = await passwordOnly(user);
    const anon = new TestClient(ctx.app, uniqueIp());
    expect(
      (await anon.post('/api/auth/password/reset-request', { username: user.username })).statusCode,
    ).toBe(202);
    const sent = ctx.notifier.sent
      .filter((m) => m.userId === user.id && m.template === 'password_reset')
      .at(-1);
    const token = new URL(String(sent?.params.link)).hash.replace('#token=', '');
    const newPassword = 'Brand-New-Passphrase-77';
    expect((await anon.post('/api/auth/password/reset', { token, newPassword })).statusCode).toBe(204);

    expect((await old.get('/api/me')).statusCode).toBe(401);
    const client = await passwordOnly(user, newPassword);
    const orgs = await client.get('/api/orgs');
    expect(orgs.statusCode).toBe(403);
    expect(orgs.json().code).toBe('auth.mfa_required');
    expect((await client.post('/api/auth/mfa/verify', { code: freshCode(user) })).statusCode).toBe(200);
    expect((await client.get('/api/orgs')).statusCode).toBe(200);
    // The token is single-use.
    expect(
      (await anon.post('/api/auth/password/reset', { token, newPassword: 'Another-Passphrase-88' }))
        .statusCode,
    ).toBe(400);
  });

  it('a password-only session cannot replace the second factor', async () => {
    const user = await officer();
    const client = await passwordOnly(user);
    const enrol = await client.post('/api/auth/mfa/enroll');
    expect(enrol.statusCode).toBe(403);
    expect(enrol.json().code).toBe('auth.mfa_required');
    // Nor activate against the existing secret, which would mark the session as passed without the
    // verify endpoint's attempt throttling.
    const activate = await client.post('/api/auth/mfa/activate', { code: freshCode(user) });
    expect(activate.statusCode).toBe(403);
    expect((await client.get('/api/orgs')).statusCode).toBe(403);
    const row = await ctx.deps.db
      .selectFrom('users')
      .select('mfa_enabled')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.mfa_enabled).toBe(true);
  });

  it('a password-only session cannot change the password or contact details', async () => {
    const user = await officer();
    const client = await passwordOnly(user);
    const pw = await client.post('/api/auth/password/change', {
      currentPassword: PASSWORD,
      newPassword: 'Hijacked-Passphrase-99',
    });
    expect(pw.statusCode).toBe(403);
    expect(pw.json().code).toBe('auth.mfa_required');
    const contact = await client.patch('/api/me/contact', { email: 'attacker@example.net' });
    expect(contact.statusCode).toBe(403);
    expect(contact.json().code).toBe('auth.mfa_required');
  });
});
