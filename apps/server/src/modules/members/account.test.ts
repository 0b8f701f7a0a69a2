import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
});
afterAll(() => ctx.close());

describe('portal accounts for members', () => {
  it('creates a login through the identity module and sends a one-time link to choose a password', async () => {
    const chair = await loginAs(
      ctx,
      await createUser(ctx, { username: 'chair', org: tree.union, roles: ['chair'] }),
    );
    const groupLeader = await loginAs(
      ctx,
      await createUser(ctx, { username: 'gl', org: tree.branch1, roles: ['vice_chair'] }),
    );
    const m = (
      await chair.post('/api/members', { name: '李雷', orgId: tree.branch1.id, email: 'lilei@example.org' })
    ).json();
    expect(m.abilities.createAccount).toBe(true);
    expect((await chair.post(`/api/members/${m.id}/account`, { username: 'chair' })).json().code).toBe(
      'user.username_taken',
    );
    const r = await chair.post(`/api/members/${m.id}/account`, { username: 'li.lei' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ username: 'li.lei', invited: true });
    expect((await chair.post(`/api/members/${m.id}/account`, { username: 'li.lei2' })).json().code).toBe(
      'member.has_account',
    );
    expect((await groupLeader.get(`/api/members/${m.id}`)).json().member).toMatchObject({ hasAccount: true });
    const sent = ctx.notifier.sent.find((n) => n.template === 'member_account_invite');
    expect(sent).toMatchObject({ to: 'lilei@example.org' });
    const token = String(sent!.params.link).split('#token=')[1]!;
    const anon = new TestClient(ctx.app);
    const reset = await anon.post('/api/auth/password/reset', {
      token,
      newPassword: 'Paper-Lantern-Harbour-93',
    });
    expect(reset.statusCode, reset.body).toBe(204);
    const member = await loginAs(ctx, {
      id: r.json().userId,
      username: 'li.lei',
      password: 'Paper-Lantern-Harbour-93',
    });
    expect((await member.get('/api/my/profile')).json().member).toMatchObject({ id: m.id, name: '李雷' });
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', 'in', [m.id, r.json().userId])
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['member.account_created', 'user.created']),
    );
  });
});
