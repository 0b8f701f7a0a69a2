import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/client.js';
import { createTree, createUser, loginAs } from '../testing/fixtures.js';
import { buildTestApp, type TestContext } from '../testing/test-app.js';

// Two server processes on one database, both caching resolved sessions.
let a: TestContext;
let b: TestContext;
beforeAll(async () => {
  a = await buildTestApp({ env: { AUTH_CACHE_TTL_MS: '60000' } });
  b = await buildTestApp({ env: { AUTH_CACHE_TTL_MS: '60000' }, dbUrl: a.dbUrl });
});
afterAll(async () => {
  await b.close();
  await a.close();
});

/** The same browser talking to process B. */
function sameBrowserOn(ctx: TestContext, client: TestClient): TestClient {
  const other = new TestClient(ctx.app, client.ip);
  for (const [k, v] of client.cookies) other.cookies.set(k, v);
  other.csrf = client.csrf;
  return other;
}

describe('session cache across server processes', () => {
  it('a logout on one process ends the session on the other, although the other had it cached', async () => {
    const { union } = await createTree(a);
    const member = await createUser(a, { username: 'cached1', org: union });
    const onA = await loginAs(a, member);
    const onB = sameBrowserOn(b, onA);
    expect((await onB.get('/api/me')).statusCode).toBe(200);
    expect((await onB.get('/api/me')).statusCode).toBe(200); // served from B's cache
    expect((await onA.post('/api/auth/logout')).statusCode).toBe(204);
    await expect
      .poll(async () => (await onB.get('/api/me')).statusCode, { timeout: 3000, interval: 50 })
      .toBe(401);
  });

  it('disabling an account on one process locks it out on the other', async () => {
    const { root, union } = await createTree(a);
    const admin = await createUser(a, { username: 'admin1', org: root, roles: ['admin'] });
    const member = await createUser(a, { username: 'cached2', org: union });
    const memberOnB = sameBrowserOn(b, await loginAs(a, member));
    expect((await memberOnB.get('/api/me')).statusCode).toBe(200);
    const adminOnA = await loginAs(a, admin);
    const off = await adminOnA.post(`/api/users/${member.id}/disable`, { reason: 'left the union' });
    expect(off.statusCode, off.body).toBe(200);
    await expect
      .poll(async () => (await memberOnB.get('/api/me')).statusCode, { timeout: 3000, interval: 50 })
      .toBe(401);
  });

  it('a grant made on one process shows in /api/me on the other', async () => {
    const { root, union } = await createTree(a);
    const admin = await createUser(a, { username: 'admin2', org: root, roles: ['admin'] });
    const member = await createUser(a, { username: 'cached3', org: union, mfa: true });
    const memberOnB = sameBrowserOn(b, await loginAs(a, member));
    expect((await memberOnB.get('/api/me')).json().grants).toEqual([]);
    const adminOnA = await loginAs(a, admin);
    const g = await adminOnA.post('/api/grants', {
      userId: member.id,
      roleKey: 'case_handler',
      orgId: union.id,
    });
    expect(g.statusCode, g.body).toBe(201);
    await expect
      .poll(async () => (await memberOnB.get('/api/me')).json().grants.length, {
        timeout: 3000,
        interval: 50,
      })
      .toBe(1);
  });

  it('the same process sees its own logout at once', async () => {
    const { union } = await createTree(a);
    const member = await createUser(a, { username: 'cached4', org: union });
    const c = await loginAs(a, member);
    const stale = sameBrowserOn(a, c);
    expect((await c.get('/api/me')).statusCode).toBe(200);
    expect((await c.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await stale.get('/api/me')).statusCode).toBe(401);
  });
});
