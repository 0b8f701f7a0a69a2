/**
 * Password policy and storage (SECURITY.md "Authentication and sessions"): length 8..128 without
 * truncation, no common or union-name passwords, argon2id with at least m=19 MiB, t=2, p=1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../testing/client.js';
import { createTree, createUser, loginAs, PASSWORD } from '../testing/fixtures.js';
import { uniqueIp } from '../testing/net.js';
import { buildTestApp, type TestContext } from '../testing/test-app.js';
import { TestClient as Client } from '../testing/client.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let admin: TestClient;
let n = 0;

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
  admin = await loginAs(
    ctx,
    await createUser(ctx, { username: 'pw_admin', org: tree.root, roles: ['admin'] }),
    uniqueIp(),
  );
});
afterAll(() => ctx.close());

/** A fresh member, signed in, whose password is changed to `next`. */
async function changeTo(next: string) {
  const user = await createUser(ctx, { username: `pw_member_${++n}`, org: tree.branch1 });
  const client = await loginAs(ctx, user, uniqueIp());
  const res = await client.post('/api/auth/password/change', {
    currentPassword: PASSWORD,
    newPassword: next,
  });
  return { user, res };
}

async function login(username: string, password: string) {
  return new Client(ctx.app, uniqueIp()).post('/api/auth/login', { username, password });
}

async function storedHash(userId: string): Promise<string> {
  const row = await ctx.deps.db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return row.password_hash;
}

const problemsOf = (res: {
  statusCode: number;
  json: () => { code: string; details?: { problems?: string[] } };
}) => {
  expect(res.statusCode).toBe(400);
  expect(res.json().code).toBe('auth.password_policy');
  return res.json().details?.problems ?? [];
};

describe('password policy on password change', () => {
  it('refuses a 7-character password and accepts 8', async () => {
    expect(problemsOf((await changeTo('Qx7#vLp')).res)).toContain('too_short');
    expect((await changeTo('Qx7#vLp2')).res.statusCode).toBe(204);
  });

  it('accepts a 64-character passphrase, which then signs in', async () => {
    const passphrase = 'the quick brown union organiser jumps over lazy management 2024!';
    expect(passphrase).toHaveLength(64);
    const { user, res } = await changeTo(passphrase);
    expect(res.statusCode).toBe(204);
    expect((await login(user.username, passphrase)).statusCode).toBe(200);
  });

  it('refuses top-list passwords, also with a trailing number or symbol', async () => {
    for (const weak of ['woaini1314', 'password123', 'Password123!', 'qwerty123456', '1qaz2wsx']) {
      expect(problemsOf((await changeTo(weak)).res), weak).toContain('common');
    }
  });

  it("refuses a password containing the union's name, in any case", async () => {
    expect(problemsOf((await changeTo('Xy-测试市总工会-2024!')).res)).toContain('contains_union_name');
    // The member's own org counts too.
    expect(problemsOf((await changeTo('一车间分工会-Strong-9')).res)).toContain('contains_union_name');
  });

  it('refuses a password containing the username', async () => {
    const user = await createUser(ctx, { username: 'liuyang88', org: tree.branch1 });
    const client = await loginAs(ctx, user, uniqueIp());
    const res = await client.post('/api/auth/password/change', {
      currentPassword: PASSWORD,
      newPassword: 'My-LIUYANG88-secret',
    });
    expect(problemsOf(res)).toContain('contains_username');
  });

  it('refuses more than 128 characters and keeps the old password', async () => {
    const { user, res } = await changeTo('a-long-phrase '.repeat(10));
    expect(problemsOf(res)).toContain('too_long');
    expect((await login(user.username, PASSWORD)).statusCode).toBe(200);
  });
});

describe('password policy when an officer creates an account', () => {
  const create = (username: string, password: string) =>
    admin.post('/api/users', { username, displayName: username, orgId: tree.union.id, password });

  it('applies the same rules', async () => {
    expect(problemsOf(await create('new_short', 'Ab1-xyz'))).toContain('too_short');
    expect(problemsOf(await create('new_common', 'woaini520'))).toContain('common');
    expect(problemsOf(await create('new_union', '第一机械厂工会-Strong-9'))).toContain('contains_union_name');
    expect((await create('new_ok', 'Sturdy-Lantern-Orchard-7')).statusCode).toBe(201);
  });
});

describe('no truncation', () => {
  it('the password plus one character, or a prefix of a long one, does not sign in', async () => {
    const long = `${'Vast-quiet-harbour-'.repeat(5)}end`;
    expect(long.length).toBeGreaterThan(72);
    const { user, res } = await changeTo(long);
    expect(res.statusCode).toBe(204);
    expect((await login(user.username, `${long}x`)).statusCode).toBe(401);
    expect((await login(user.username, long.slice(0, 72))).statusCode).toBe(401);
    expect((await login(user.username, long.slice(0, -1))).statusCode).toBe(401);
    expect((await login(user.username, long)).statusCode).toBe(200);

    const plain = await createUser(ctx, { username: 'pw_plain', org: tree.branch1 });
    expect((await login(plain.username, `${PASSWORD}!`)).statusCode).toBe(401);
    expect((await login(plain.username, PASSWORD.toLowerCase())).statusCode).toBe(401);
  });
});

describe('stored hashes', () => {
  it('are argon2id with m >= 19456 KiB, t >= 2, p = 1 and a random salt', async () => {
    const a = await changeTo('Shared-Passphrase-Number-1');
    const b = await changeTo('Shared-Passphrase-Number-1');
    const hashes = [await storedHash(a.user.id), await storedHash(b.user.id)];
    for (const h of hashes) {
      expect(h).not.toContain('Shared-Passphrase');
      const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(h);
      expect(m, h).not.toBeNull();
      const [, mem, time, par, salt, digest] = m!;
      expect(Number(mem)).toBeGreaterThanOrEqual(19_456);
      expect(Number(time)).toBeGreaterThanOrEqual(2);
      expect(Number(par)).toBe(1);
      expect(Buffer.from(salt!, 'base64').length).toBeGreaterThanOrEqual(16);
      expect(Buffer.from(digest!, 'base64').length).toBeGreaterThanOrEqual(32);
    }
    expect(hashes[0]).not.toBe(hashes[1]);
  });
});
