/**
 * A fresh install has no default account or password (SECURITY.md "Authentication and sessions"):
 * the migrated database holds no users, grants or sessions, and well-known credentials do not work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../../kernel/testing/client.js';
import { uniqueIp } from '../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await buildTestApp();
});
afterAll(() => ctx.close());

const count = async (table: 'users' | 'grants' | 'sessions' | 'recovery_codes' | 'one_time_tokens') =>
  Number(
    (
      await ctx.deps.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('fresh install', () => {
  it('has no account, grant, session or token, and asks for setup', async () => {
    expect(await count('users')).toBe(0);
    expect(await count('grants')).toBe(0);
    expect(await count('sessions')).toBe(0);
    expect(await count('recovery_codes')).toBe(0);
    expect(await count('one_time_tokens')).toBe(0);
    const status = await new TestClient(ctx.app, uniqueIp()).get('/api/setup/status');
    expect(status.json()).toEqual({ needsSetup: true });
  });

  it('well-known default credentials do not sign in', async () => {
    for (const [username, password] of [
      ['admin', 'admin'],
      ['admin', 'password'],
      ['root', 'root'],
      ['administrator', 'changeme'],
      ['unionhall', 'unionhall'],
    ]) {
      const res = await new TestClient(ctx.app, uniqueIp()).post('/api/auth/login', { username, password });
      expect(res.statusCode, `${username}/${password}`).toBe(401);
      expect(res.json().code).toBe('auth.invalid_credentials');
    }
  });

  it('setup cannot be completed without the one-time token', async () => {
    const res = await new TestClient(ctx.app, uniqueIp()).post('/api/setup', {
      token: 'guessed-token-value',
      orgName: '抢注工会',
      orgKind: 'federation',
      username: 'intruder',
      displayName: 'Intruder',
      password: 'Stolen-Lantern-Orchard-9',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('auth.invalid_token');
    expect(await count('users')).toBe(0);
  });
});
