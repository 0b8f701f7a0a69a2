/**
 * Mass assignment (SECURITY.md "Access control" 8.2.3): a member updating their own profile with
 * `role`, `orgId`, `status` or other unknown fields gets 400 and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { changedTables, snapshotTables } from '../../kernel/testing/db-snapshot.js';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { uniqueIp } from '../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let user: TestUser;
let client: TestClient;

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
  user = await createUser(ctx, { username: 'mass_member', org: tree.branch1 });
  client = await loginAs(ctx, user, uniqueIp());
});
afterAll(() => ctx.close());

describe('mass assignment', () => {
  it('extra fields in a contact update are refused and change nothing', async () => {
    const before = await snapshotTables(ctx.deps.db);
    const attempts: Record<string, unknown>[] = [
      { email: 'me@example.org', role: 'admin' },
      { email: 'me@example.org', roleKey: 'admin' },
      { email: 'me@example.org', orgId: tree.root.id },
      { phone: '13812345678', status: 'active' },
      { email: 'me@example.org', mfa_enabled: false },
      { email: 'me@example.org', grants: [{ roleKey: 'admin', orgId: tree.root.id }] },
      { email: 'me@example.org', id: '00000000-0000-4000-8000-000000000000' },
      { email: 'me@example.org', username: 'admin' },
      { email: 'me@example.org', password_hash: 'x' },
    ];
    for (const body of attempts) {
      const res = await client.patch('/api/me/contact', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    expect(changedTables(before, await snapshotTables(ctx.deps.db))).toEqual([]);
    const me = (await client.get('/api/me')).json();
    expect(me.user.orgId).toBe(tree.branch1.id);
    expect(me.grants).toEqual([]);
    expect(me.abilities.permissions).toEqual([]);
  });

  it('an empty update is refused, and the allowed fields still work', async () => {
    expect((await client.patch('/api/me/contact', {})).statusCode).toBe(400);
    expect((await client.patch('/api/me/contact', { email: 'me@example.org' })).statusCode).toBe(204);
  });

  it('extra fields in officer requests are refused as well', async () => {
    const admin = await loginAs(
      ctx,
      await createUser(ctx, { username: 'mass_admin', org: tree.root, roles: ['admin'] }),
      uniqueIp(),
    );
    const res = await admin.post('/api/users', {
      username: 'mass_new',
      displayName: 'New',
      orgId: tree.branch1.id,
      password: 'Sturdy-Lantern-Orchard-7',
      mfa_enabled: false,
      status: 'active',
    });
    expect(res.statusCode).toBe(400);
    const rename = await admin.patch(`/api/orgs/${tree.branch1.id}`, {
      name: '改名',
      parentId: tree.root.id,
    });
    expect(rename.statusCode).toBe(400);
  });
});
