/**
 * X-Forwarded-For (SECURITY.md "Load and abuse"): a spoofed header does not change the client address
 * used for throttling and audit unless the proxy is configured as trusted (TRUST_PROXY).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../modules/identity/throttle.js';
import { TestClient } from '../testing/client.js';
import { createTree, createUser, PASSWORD, type TestUser } from '../testing/fixtures.js';
import { buildTestApp, type TestContext } from '../testing/test-app.js';

type World = { ctx: TestContext; user: TestUser };

async function world(env: Record<string, string> = {}): Promise<World> {
  const ctx = await buildTestApp({ env });
  const { branch1 } = await createTree(ctx);
  return { ctx, user: await createUser(ctx, { username: 'xff_member', org: branch1 }) };
}

let direct: World;
let proxied: World;
let namedProxy: World;
beforeAll(async () => {
  [direct, proxied, namedProxy] = await Promise.all([
    world(),
    world({ TRUST_PROXY: 'true' }),
    world({ TRUST_PROXY: '10.0.0.1' }),
  ]);
});
afterAll(async () => {
  await Promise.all([direct.ctx.close(), proxied.ctx.close(), namedProxy.ctx.close()]);
});

const failedLogin = (w: World, socket: string, forwarded: string) =>
  new TestClient(w.ctx.app, socket).post(
    '/api/auth/login',
    { username: w.user.username, password: 'wrong-password-1' },
    { 'x-forwarded-for': forwarded },
  );

async function lastFailureIp(w: World): Promise<string | null> {
  const row = await w.ctx.deps.db
    .selectFrom('audit_log')
    .select('actor_ip')
    .where('action', '=', 'auth.login_failed')
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();
  return row.actor_ip;
}

describe('without TRUST_PROXY', () => {
  it('audit rows carry the socket address, not the forwarded one', async () => {
    expect(direct.ctx.deps.config.trustProxy).toBe(false);
    await failedLogin(direct, '192.0.2.10', '203.0.113.99');
    expect(await lastFailureIp(direct)).toBe('192.0.2.10');
  });

  it('rotating X-Forwarded-For does not escape the per-address throttle', async () => {
    const socket = '192.0.2.11';
    const statuses: number[] = [];
    for (let i = 0; i <= LIMITS.accountIp; i++)
      statuses.push((await failedLogin(direct, socket, `203.0.113.${i + 1}`)).statusCode);
    expect(statuses.slice(0, LIMITS.accountIp).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // The session records the socket address too.
    const ok = await new TestClient(direct.ctx.app, '192.0.2.12').post(
      '/api/auth/login',
      { username: direct.user.username, password: PASSWORD },
      { 'x-forwarded-for': '203.0.113.200' },
    );
    expect(ok.statusCode).toBe(200);
    const session = await direct.ctx.deps.db
      .selectFrom('sessions')
      .select('ip')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(session.ip).toBe('192.0.2.12');
  });
});

describe('with TRUST_PROXY=true', () => {
  it('the forwarded client address is used for audit and throttling', async () => {
    expect(proxied.ctx.deps.config.trustProxy).toBe(true);
    await failedLogin(proxied, '10.0.0.1', '203.0.113.50');
    expect(await lastFailureIp(proxied)).toBe('203.0.113.50');

    // Behind the proxy every request shares the socket address; clients are told apart by the header.
    const proxy = '10.0.0.1';
    for (let i = 0; i < LIMITS.accountIp - 1; i++) await failedLogin(proxied, proxy, '203.0.113.50');
    expect((await failedLogin(proxied, proxy, '203.0.113.50')).statusCode).toBe(429);
    expect((await failedLogin(proxied, proxy, '203.0.113.51')).statusCode).toBe(401);
  });
});

describe('with TRUST_PROXY=<proxy address>', () => {
  it('a forged entry the client prepends is ignored: the address the proxy saw counts', async () => {
    await failedLogin(namedProxy, '10.0.0.1', '6.6.6.6, 203.0.113.77');
    expect(await lastFailureIp(namedProxy)).toBe('203.0.113.77');
    // From any other socket the header is not believed at all.
    await failedLogin(namedProxy, '192.0.2.50', '203.0.113.78');
    expect(await lastFailureIp(namedProxy)).toBe('192.0.2.50');
  });
});
