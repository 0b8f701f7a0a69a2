/**
 * Sessions (SECURITY.md "Authentication and sessions"): tokens of at least 128 random bits, stored
 * only as SHA-256 hashes, rotated at login and at MFA, ended by logout, password change and account
 * disable, expiring on idle and absolute timeouts (fake clock), in `__Host-` cookies.
 */
import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/client.js';
import { createTree, createUser, loginAs, PASSWORD } from '../testing/fixtures.js';
import { uniqueIp } from '../testing/net.js';
import { buildTestApp, type TestContext } from '../testing/test-app.js';
import { totpCode } from './totp.js';

const SESSION = '__Host-uh_session';
let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let n = 0;

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
});
afterAll(() => ctx.close());

const member = () => createUser(ctx, { username: `sess_member_${++n}`, org: tree.branch1 });
const signIn = async () => {
  const user = await member();
  return { user, client: await loginAs(ctx, user, uniqueIp()) };
};
/** A client that presents only the given session token. */
const withToken = (token: string) => {
  const c = new TestClient(ctx.app, uniqueIp());
  c.cookies.set(SESSION, token);
  return c;
};
const alive = async (token: string) => (await withToken(token).get('/api/me')).statusCode === 200;

describe('session tokens', () => {
  it('carry at least 128 random bits and differ every time', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const token = (await signIn()).client.cookies.get(SESSION)!;
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
      tokens.add(token);
    }
    expect(tokens.size).toBe(8);
  });

  it('are stored only as their SHA-256 hash', async () => {
    const { client } = await signIn();
    const token = client.cookies.get(SESSION)!;
    const hash = createHash('sha256').update(token).digest('hex');
    const rows = await ctx.deps.db.selectFrom('sessions').select('id_hash').execute();
    expect(rows.map((r) => r.id_hash)).toContain(hash);
    const dump = await sql<{
      t: string;
    }>`SELECT string_agg(row_to_json(s)::text, '') AS t FROM sessions s`.execute(ctx.deps.db);
    expect(dump.rows[0]!.t).not.toContain(token);
  });
});

describe('session lifecycle', () => {
  it('a new login from the same browser replaces the old session', async () => {
    const { user, client } = await signIn();
    const first = client.cookies.get(SESSION)!;
    expect(
      (await client.post('/api/auth/login', { username: user.username, password: PASSWORD })).statusCode,
    ).toBe(200);
    const second = client.cookies.get(SESSION)!;
    expect(second).not.toBe(first);
    expect(await alive(first)).toBe(false);
    expect(await alive(second)).toBe(true);
  });

  it('passing MFA rotates the session', async () => {
    const officer = await createUser(ctx, { username: 'sess_officer', org: tree.branch1, roles: ['chair'] });
    const client = new TestClient(ctx.app, uniqueIp());
    await client.post('/api/auth/login', { username: officer.username, password: PASSWORD });
    const before = client.cookies.get(SESSION)!;
    ctx.clock.advance(30_000);
    expect(
      (await client.post('/api/auth/mfa/verify', { code: totpCode(officer.totpSecret!, ctx.clock.now()) }))
        .statusCode,
    ).toBe(200);
    expect(client.cookies.get(SESSION)).not.toBe(before);
    expect(await alive(before)).toBe(false);
  });

  it('logout ends the session and clears the cookies', async () => {
    const { client } = await signIn();
    const token = client.cookies.get(SESSION)!;
    const res = await client.post('/api/auth/logout');
    expect(res.statusCode).toBe(204);
    const cleared = res.cookies.filter((c) => c.name === SESSION || c.name === '__Host-uh_csrf');
    expect(cleared).toHaveLength(2);
    for (const c of cleared)
      expect(c.value === '' || (c.expires?.getTime() ?? Infinity) < Date.now() || c.maxAge === 0).toBe(true);
    expect(await alive(token)).toBe(false);
  });

  it('a password change ends every other session of the account', async () => {
    const user = await member();
    const a = await loginAs(ctx, user, uniqueIp());
    const b = await loginAs(ctx, user, uniqueIp());
    const res = await a.post('/api/auth/password/change', {
      currentPassword: PASSWORD,
      newPassword: 'Fresh-Harbour-Lantern-5',
    });
    expect(res.statusCode).toBe(204);
    expect((await a.get('/api/me')).statusCode).toBe(200);
    expect((await b.get('/api/me')).statusCode).toBe(401);
  });

  it('disabling the account ends its sessions, and they stay dead after re-enabling', async () => {
    const { user, client } = await signIn();
    const admin = await loginAs(
      ctx,
      await createUser(ctx, { username: 'sess_admin', org: tree.root, roles: ['admin'] }),
      uniqueIp(),
    );
    expect((await admin.post(`/api/users/${user.id}/disable`, { reason: 'left the union' })).statusCode).toBe(
      200,
    );
    expect((await client.get('/api/me')).statusCode).toBe(401);
    expect((await admin.post(`/api/users/${user.id}/enable`, { reason: 'rejoined' })).statusCode).toBe(200);
    expect((await client.get('/api/me')).statusCode).toBe(401);
  });
});

describe('timeouts', () => {
  it(`expires after SESSION_IDLE_MINUTES without activity, and activity keeps it alive`, async () => {
    const idleMs = ctx.deps.config.sessionIdleMinutes * 60_000;
    const { client } = await signIn();
    for (let i = 0; i < 3; i++) {
      ctx.clock.advance(idleMs - 60_000);
      expect((await client.get('/api/me')).statusCode).toBe(200);
    }
    ctx.clock.advance(idleMs + 1000);
    const res = await client.get('/api/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('auth.unauthenticated');
  });

  it('expires after SESSION_ABSOLUTE_HOURS even when always active', async () => {
    const absoluteMs = ctx.deps.config.sessionAbsoluteHours * 3_600_000;
    const step = Math.min(20 * 60_000, ctx.deps.config.sessionIdleMinutes * 60_000 - 60_000);
    const { client } = await signIn();
    let elapsed = 0;
    while (elapsed + step < absoluteMs) {
      ctx.clock.advance(step);
      elapsed += step;
      expect((await client.get('/api/me')).statusCode, `after ${elapsed / 60_000} min`).toBe(200);
    }
    ctx.clock.advance(absoluteMs - elapsed + 1000);
    expect((await client.get('/api/me')).statusCode).toBe(401);
  });
});

describe('cookies', () => {
  function attributes(res: LightMyRequestResponse, name: string): string[] {
    const header = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((h) => h.startsWith(`${name}=`));
    expect(header, name).toBeDefined();
    return header!
      .split(';')
      .slice(1)
      .map((a) => a.trim().toLowerCase());
  }

  it('are __Host- prefixed, Secure, Path=/, without Domain, SameSite, and HttpOnly where JS needs no access', async () => {
    const user = await member();
    const res = await new TestClient(ctx.app, uniqueIp()).post('/api/auth/login', {
      username: user.username,
      password: PASSWORD,
    });
    const names = res.cookies.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining([SESSION, '__Host-uh_csrf', '__Host-uh_device']));
    for (const name of names) {
      expect(name.startsWith('__Host-'), name).toBe(true);
      const attrs = attributes(res, name);
      expect(attrs, name).toContain('secure');
      expect(attrs, name).toContain('path=/');
      expect(
        attrs.some((a) => a.startsWith('domain=')),
        name,
      ).toBe(false);
      expect(
        attrs.some((a) => a === 'samesite=lax' || a === 'samesite=strict'),
        name,
      ).toBe(true);
    }
    expect(attributes(res, SESSION)).toContain('httponly');
    expect(attributes(res, '__Host-uh_device')).toContain('httponly');
    // The session cookie is a browser-session cookie: no persistence beyond the server-side limits.
    expect(attributes(res, SESSION).some((a) => a.startsWith('max-age=') || a.startsWith('expires='))).toBe(
      false,
    );
  });
});
