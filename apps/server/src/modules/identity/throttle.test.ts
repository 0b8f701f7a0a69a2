/**
 * Sign-in throttling (SECURITY.md "Authentication and sessions"): repeated failures give 429 with
 * Retry-After per account and per address, but the real member from another address, or from a
 * browser that signed in before, still gets in.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, PASSWORD, type TestUser } from '../../kernel/testing/fixtures.js';
import { uniqueIp } from '../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { LIMITS, recordLoginFailure, throttleKeys, WINDOW_MS } from './throttle.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let n = 0;

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
});
afterAll(() => ctx.close());

const member = () => createUser(ctx, { username: `thr_member_${++n}`, org: tree.branch1 });
/** Records failures for the account from many addresses, as a distributed guesser would. */
async function exhaustAccount(user: TestUser) {
  for (let i = 0; i < LIMITS.account; i++) {
    await recordLoginFailure(ctx.deps.db, throttleKeys(user.username, uniqueIp()), ctx.clock.now());
  }
}

const attempt = (client: TestClient, user: TestUser | string, password: string) =>
  client.post('/api/auth/login', { username: typeof user === 'string' ? user : user.username, password });

function expectThrottled(res: LightMyRequestResponse) {
  expect(res.statusCode, res.body).toBe(429);
  expect(res.json().code).toBe('auth.rate_limited');
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_MS / 1000);
}

describe('per account and address', () => {
  it(`${LIMITS.accountIp} failures from one address give 429, even with the right password then`, async () => {
    const user = await member();
    const attacker = new TestClient(ctx.app, uniqueIp());
    for (let i = 0; i < LIMITS.accountIp; i++) {
      expect((await attempt(attacker, user, `wrong-${i}`)).statusCode).toBe(401);
    }
    expectThrottled(await attempt(attacker, user, 'wrong-again'));
    expectThrottled(await attempt(attacker, user, PASSWORD));

    // The real member from another address still gets in.
    const owner = new TestClient(ctx.app, uniqueIp());
    const ok = await attempt(owner, user, PASSWORD);
    expect(ok.statusCode).toBe(200);
    expect((await owner.get('/api/me')).statusCode).toBe(200);

    // After the window the attacker's address may try again.
    ctx.clock.advance(WINDOW_MS + 1000);
    expect((await attempt(attacker, user, 'wrong-later')).statusCode).toBe(401);
  });
});

describe('per account across addresses', () => {
  it('exhausting the account counter blocks new browsers, but not one holding a device cookie', async () => {
    const user = await member();
    const trustedBrowser = new TestClient(ctx.app, uniqueIp());
    expect((await attempt(trustedBrowser, user, PASSWORD)).statusCode).toBe(200);
    expect(trustedBrowser.cookies.get('__Host-uh_device')).toBeTruthy();

    const perAddress = LIMITS.accountIp;
    for (let a = 0; a < Math.ceil(LIMITS.account / perAddress); a++) {
      const botnet = new TestClient(ctx.app, uniqueIp());
      for (let i = 0; i < perAddress; i++) await attempt(botnet, user, `guess-${a}-${i}`);
    }
    expectThrottled(await attempt(new TestClient(ctx.app, uniqueIp()), user, PASSWORD));

    const res = await attempt(trustedBrowser, user, PASSWORD);
    expect(res.statusCode, res.body).toBe(200);

    // A device cookie is bound to its account: it does not lift another account's limit.
    const other = await member();
    await exhaustAccount(other);
    expectThrottled(await attempt(trustedBrowser, other, PASSWORD));
  });

  it('a forged device cookie does not lift the limit', async () => {
    const user = await member();
    await exhaustAccount(user);
    const forger = new TestClient(ctx.app, uniqueIp());
    forger.cookies.set('__Host-uh_device', 'bm9uY2U.forged-mac-value');
    expectThrottled(await attempt(forger, user, PASSWORD));
  });
});

describe('per address across accounts', () => {
  it('sign-in requests from one address are limited per minute, whatever the usernames', async () => {
    const sprayer = new TestClient(ctx.app, uniqueIp());
    let last: LightMyRequestResponse | undefined;
    // Cheap requests (refused by the schema) count too, so the limit also caps hashing work.
    for (let i = 0; i < 35 && last?.statusCode !== 429; i++) last = await attempt(sprayer, `spray_${i}`, '');
    expect(last!.statusCode).toBe(429);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attempt(sprayer, `spray_x`, 'Spring2024!')).statusCode).toBe(429);
  });

  it(`${LIMITS.ip} failures from one address (over any time within the window) block every account there`, async () => {
    const ip = uniqueIp();
    const now = ctx.clock.now();
    for (let i = 0; i < LIMITS.ip; i++)
      await recordLoginFailure(ctx.deps.db, throttleKeys(`spray_${i}`, ip), now);
    const user = await member();
    expectThrottled(await attempt(new TestClient(ctx.app, ip), user, PASSWORD));
    expect((await attempt(new TestClient(ctx.app, uniqueIp()), user, PASSWORD)).statusCode).toBe(200);
  });
});
