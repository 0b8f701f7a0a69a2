/**
 * Re-authentication (SECURITY.md "Authentication and sessions"): changing e-mail, phone or the second
 * factor needs a password confirmation within the last five minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAUTH_WINDOW_MS } from '../../kernel/auth/sessions.js';
import { createTree, createUser, loginAs, PASSWORD } from '../../kernel/testing/fixtures.js';
import { uniqueIp } from '../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
});
afterAll(() => ctx.close());

const emailOf = async (id: string) =>
  (await ctx.deps.db.selectFrom('users').select('email').where('id', '=', id).executeTakeFirstOrThrow())
    .email;

describe('re-authentication for sensitive account changes', () => {
  it('contact changes need a password confirmation within five minutes', async () => {
    const user = await createUser(ctx, { username: 'reauth_member', org: tree.branch1 });
    const client = await loginAs(ctx, user, uniqueIp());
    // Signing in is itself a fresh authentication.
    expect((await client.patch('/api/me/contact', { email: 'first@example.org' })).statusCode).toBe(204);

    ctx.clock.advance(REAUTH_WINDOW_MS + 1000);
    const stale = await client.patch('/api/me/contact', {
      email: 'second@example.org',
      phone: '13912345678',
    });
    expect(stale.statusCode).toBe(403);
    expect(stale.json().code).toBe('auth.reauth_required');
    expect(await emailOf(user.id)).toBe('first@example.org');

    const wrong = await client.post('/api/auth/reauth', { password: `${PASSWORD}x` });
    expect(wrong.statusCode).toBe(401);
    expect((await client.patch('/api/me/contact', { email: 'second@example.org' })).statusCode).toBe(403);

    expect((await client.post('/api/auth/reauth', { password: PASSWORD })).statusCode).toBe(204);
    expect(
      (await client.patch('/api/me/contact', { email: 'second@example.org', phone: '13912345678' }))
        .statusCode,
    ).toBe(204);
    expect(await emailOf(user.id)).toBe('second@example.org');

    ctx.clock.advance(REAUTH_WINDOW_MS + 1000);
    expect((await client.patch('/api/me/contact', { phone: '' })).statusCode).toBe(403);
  });

  it('MFA enrolment needs a password confirmation within five minutes', async () => {
    const user = await createUser(ctx, { username: 'reauth_officer', org: tree.branch1, roles: ['chair'] });
    const client = await loginAs(ctx, user, uniqueIp());
    ctx.clock.advance(REAUTH_WINDOW_MS + 1000);
    const stale = await client.post('/api/auth/mfa/enroll');
    expect(stale.statusCode).toBe(403);
    expect(stale.json().code).toBe('auth.reauth_required');
    const activate = await client.post('/api/auth/mfa/activate', { code: '123456' });
    expect(activate.json().code).toBe('auth.reauth_required');

    expect((await client.post('/api/auth/reauth', { password: PASSWORD })).statusCode).toBe(204);
    const enrol = await client.post('/api/auth/mfa/enroll');
    expect(enrol.statusCode, enrol.body).toBe(200);
    expect(enrol.json().secret).toMatch(/^[A-Z2-7]+$/);
  });

  it('re-authentication needs a session', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/reauth',
      remoteAddress: uniqueIp(),
      payload: { password: PASSWORD },
    });
    expect(res.statusCode).toBe(401);
  });
});
