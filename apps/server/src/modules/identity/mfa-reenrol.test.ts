/**
 * Re-enrolling the second factor: the authenticator in use keeps working until a code from the new one
 * confirms the switch, and wrong confirmation codes are throttled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../kernel/auth/totp.js';
import { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { uniqueIp } from '../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await buildTestApp();
});
afterAll(() => ctx.close());

describe('re-enrolling MFA', () => {
  it('an abandoned re-enrolment leaves the old authenticator required and working', async () => {
    const { branch1 } = await createTree(ctx);
    const chair = await createUser(ctx, { username: 'reenrol1', org: branch1, roles: ['chair'] });
    const c = await loginAs(ctx, chair);
    const enrol = await c.post('/api/auth/mfa/enroll');
    expect(enrol.statusCode, enrol.body).toBe(200);
    // Walk away. A new sign-in still needs the OLD authenticator.
    const again = new TestClient(ctx.app, uniqueIp());
    expect(
      (await again.post('/api/auth/login', { username: chair.username, password: chair.password })).json()
        .status,
    ).toBe('mfa_required');
    ctx.clock.advance(30_000);
    const newCode = totpCode(enrol.json().secret, ctx.clock.now());
    expect((await again.post('/api/auth/mfa/verify', { code: newCode })).statusCode).toBe(401);
    ctx.clock.advance(30_000);
    const oldCode = totpCode(chair.totpSecret!, ctx.clock.now());
    expect((await again.post('/api/auth/mfa/verify', { code: oldCode })).statusCode).toBe(200);
  });

  it('a confirmed re-enrolment switches to the new authenticator', async () => {
    const { branch1 } = await createTree(ctx);
    const chair = await createUser(ctx, { username: 'reenrol2', org: branch1, roles: ['chair'] });
    const c = await loginAs(ctx, chair);
    const { secret } = (await c.post('/api/auth/mfa/enroll')).json();
    ctx.clock.advance(30_000);
    const act = await c.post('/api/auth/mfa/activate', { code: totpCode(secret, ctx.clock.now()) });
    expect(act.statusCode, act.body).toBe(200);
    const again = new TestClient(ctx.app, uniqueIp());
    await again.post('/api/auth/login', { username: chair.username, password: chair.password });
    ctx.clock.advance(30_000);
    expect(
      (await again.post('/api/auth/mfa/verify', { code: totpCode(chair.totpSecret!, ctx.clock.now()) }))
        .statusCode,
    ).toBe(401);
    ctx.clock.advance(30_000);
    expect(
      (await again.post('/api/auth/mfa/verify', { code: totpCode(secret, ctx.clock.now()) })).statusCode,
    ).toBe(200);
  });

  it('wrong confirmation codes are throttled', async () => {
    const { branch1 } = await createTree(ctx);
    const chair = await createUser(ctx, { username: 'reenrol3', org: branch1, roles: ['chair'] });
    const c = await loginAs(ctx, chair);
    await c.post('/api/auth/mfa/enroll');
    const codes: number[] = [];
    for (let i = 0; i < 7; i++)
      codes.push((await c.post('/api/auth/mfa/activate', { code: '000000' })).statusCode);
    expect(codes).toContain(429);
  });
});
