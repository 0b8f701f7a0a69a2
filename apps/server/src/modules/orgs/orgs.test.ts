/**
 * The organisation tree: create, rename, move and close with their rules (no cycles, allowed kinds,
 * root fixed, no closing over open children), subtree moves that carry access along, visibility and
 * abilities per grant, and an audit row for each change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createOrg, createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { uniqueIp } from '../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';

type Node = {
  id: string;
  parentId: string | null;
  kind: string;
  name: string;
  status: string;
  depth: number;
  abilities: Record<string, boolean>;
};

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let admin: TestClient;
let chair1: TestClient;
let chair2: TestClient;
let adminId: string;

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
  const a = await createUser(ctx, { username: 'org_admin', org: tree.root, roles: ['admin'] });
  adminId = a.id;
  admin = await loginAs(ctx, a, uniqueIp());
  chair1 = await loginAs(
    ctx,
    await createUser(ctx, { username: 'org_chair1', org: tree.branch1, roles: ['chair'] }),
    uniqueIp(),
  );
  chair2 = await loginAs(
    ctx,
    await createUser(ctx, { username: 'org_chair2', org: tree.branch2, roles: ['chair'] }),
    uniqueIp(),
  );
});
afterAll(() => ctx.close());

const visible = async (client: TestClient): Promise<Node[]> => {
  const res = await client.get('/api/orgs');
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
};
const pathOf = async (id: string) =>
  await ctx.deps.db
    .selectFrom('orgs')
    .select(['path', 'depth'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
const lastAudit = async (targetId: string) =>
  ctx.deps.db
    .selectFrom('audit_log')
    .selectAll()
    .where('target_id', '=', targetId)
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();
const expectError = (
  res: { statusCode: number; json: () => { code: string } },
  status: number,
  code: string,
) => {
  expect(res.statusCode).toBe(status);
  expect(res.json().code).toBe(code);
};

describe('changes and their audit rows', () => {
  it('create, rename, move and close each write an audit row', async () => {
    const created = await chair1.post('/api/orgs', {
      parentId: tree.branch1.id,
      name: ' 三班 ',
      kind: 'group',
    });
    expect(created.statusCode, created.body).toBe(201);
    const node: Node = created.json();
    expect(node).toMatchObject({
      parentId: tree.branch1.id,
      name: '三班',
      kind: 'group',
      status: 'active',
      depth: 3,
    });
    expect((await lastAudit(node.id)).action).toBe('org.created');

    expect((await chair1.patch(`/api/orgs/${node.id}`, { name: '三班（新）' })).json().name).toBe(
      '三班（新）',
    );
    expect((await lastAudit(node.id)).action).toBe('org.renamed');
    const sub = (
      await chair1.post('/api/orgs', { parentId: tree.branch1.id, name: '一工段', kind: 'branch' })
    ).json();
    expect((await chair1.post(`/api/orgs/${node.id}/move`, { parentId: sub.id })).statusCode).toBe(200);
    expect((await lastAudit(node.id)).action).toBe('org.moved');
    const closed = await chair1.post(`/api/orgs/${node.id}/close`, { reason: '撤销' });
    expect(closed.json().status).toBe('closed');
    const row = await lastAudit(node.id);
    expect(row).toMatchObject({ action: 'org.closed', actor_ip: chair1.ip });
  });
});

describe('tree rules', () => {
  it('refuses moving a node under itself or its own descendant', async () => {
    const a = await createOrg(ctx, '甲', 'branch', tree.branch2);
    const b = await createOrg(ctx, '乙', 'branch', a);
    expectError(await admin.post(`/api/orgs/${a.id}/move`, { parentId: b.id }), 400, 'org.cycle');
    expectError(await admin.post(`/api/orgs/${a.id}/move`, { parentId: a.id }), 400, 'org.cycle');
    expectError(
      await admin.post(`/api/orgs/${tree.union.id}/move`, { parentId: tree.branch1.id }),
      400,
      'org.cycle',
    );
    expect((await pathOf(a.id)).path).toBe(`${tree.branch2.path}${a.id}/`);
  });

  it('refuses kinds that may not sit under the parent', async () => {
    expectError(
      await admin.post('/api/orgs', { parentId: tree.branch1.id, name: '错', kind: 'federation' }),
      400,
      'org.invalid_kind',
    );
    const group = await createOrg(ctx, '小组', 'group', tree.branch1);
    expectError(
      await admin.post('/api/orgs', { parentId: group.id, name: '错', kind: 'group' }),
      400,
      'org.invalid_kind',
    );
    expectError(
      await admin.post(`/api/orgs/${tree.branch2.id}/move`, { parentId: group.id }),
      400,
      'org.invalid_kind',
    );
    expectError(
      await admin.post(`/api/orgs/${tree.branch2.id}/move`, { parentId: tree.root.id }),
      400,
      'org.invalid_kind',
    );
  });

  it('the root cannot be moved or closed', async () => {
    const other = await createOrg(ctx, '另一个基层工会', 'grassroots', tree.root);
    expectError(
      await admin.post(`/api/orgs/${tree.root.id}/move`, { parentId: other.id }),
      400,
      'org.is_root',
    );
    expectError(await admin.post(`/api/orgs/${tree.root.id}/close`, { reason: '测试' }), 400, 'org.is_root');
  });

  it('a node with open children cannot be closed; closed nodes take no children', async () => {
    const parent = await createOrg(ctx, '父', 'branch', tree.branch2);
    const child = await createOrg(ctx, '子', 'group', parent);
    expectError(
      await admin.post(`/api/orgs/${parent.id}/close`, { reason: '合并' }),
      409,
      'org.has_open_children',
    );
    expect((await admin.post(`/api/orgs/${child.id}/close`, { reason: '合并' })).statusCode).toBe(200);
    expect((await admin.post(`/api/orgs/${parent.id}/close`, { reason: '合并' })).statusCode).toBe(200);
    expectError(
      await admin.post('/api/orgs', { parentId: parent.id, name: '新', kind: 'group' }),
      409,
      'org.closed',
    );
    const elsewhere = await createOrg(ctx, '别处', 'group', tree.branch2);
    expectError(
      await admin.post(`/api/orgs/${elsewhere.id}/move`, { parentId: parent.id }),
      409,
      'org.closed',
    );
  });
});

describe('moving a subtree', () => {
  it("updates every descendant's path and depth, and access follows the move", async () => {
    const sub = await createOrg(ctx, '迁移工段', 'branch', tree.branch1);
    const leaf = await createOrg(ctx, '迁移小组', 'group', sub);
    expect((await visible(chair1)).map((n) => n.id)).toEqual(expect.arrayContaining([sub.id, leaf.id]));
    expect((await visible(chair2)).map((n) => n.id)).not.toContain(leaf.id);

    const moved = await admin.post(`/api/orgs/${sub.id}/move`, { parentId: tree.branch2.id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ parentId: tree.branch2.id, depth: tree.branch2.depth + 1 });
    expect(await pathOf(sub.id)).toEqual({
      path: `${tree.branch2.path}${sub.id}/`,
      depth: tree.branch2.depth + 1,
    });
    expect(await pathOf(leaf.id)).toEqual({
      path: `${tree.branch2.path}${sub.id}/${leaf.id}/`,
      depth: tree.branch2.depth + 2,
    });

    const seen2 = await visible(chair2);
    expect(seen2.map((n) => n.id)).toEqual(expect.arrayContaining([sub.id, leaf.id]));
    expect((await chair2.patch(`/api/orgs/${leaf.id}`, { name: '二车间迁入小组' })).statusCode).toBe(200);
    expect((await visible(chair1)).map((n) => n.id)).not.toContain(leaf.id);
    expect((await chair1.patch(`/api/orgs/${leaf.id}`, { name: '越权' })).statusCode).toBe(404);
  });
});

describe('visibility and abilities', () => {
  it('an officer of branch 1 sees exactly the branch-1 subtree', async () => {
    const ids = (await visible(chair1)).map((n) => n.id);
    const expected = await ctx.deps.db
      .selectFrom('orgs')
      .select('id')
      .where('path', 'like', `${tree.branch1.path}%`)
      .execute();
    expect(new Set(ids)).toEqual(new Set(expected.map((r) => r.id)));
    expect(ids).not.toContain(tree.union.id);
    expect(ids).not.toContain(tree.branch2.id);
  });

  it('abilities follow the permissions: a case handler gets none', async () => {
    const handler = await loginAs(
      ctx,
      await createUser(ctx, { username: 'org_handler', org: tree.branch1, roles: ['case_handler'] }),
      uniqueIp(),
    );
    const nodes = await visible(handler);
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes)
      expect(n.abilities, n.name).toEqual({
        create: false,
        rename: false,
        move: false,
        close: false,
        manageGrants: false,
      });
    expect((await handler.patch(`/api/orgs/${tree.branch1.id}`, { name: '越权' })).statusCode).toBe(404);
  });

  it('abilities of a chair and of the administrator reflect the rules', async () => {
    const b1 = (await visible(chair1)).find((n) => n.id === tree.branch1.id)!;
    // The branch chair builds below the branch and renames it; closing or moving it is the union's call.
    expect(b1.abilities).toEqual({
      create: true,
      rename: true,
      move: false,
      close: false,
      manageGrants: true,
    });
    const all = await visible(admin);
    const root = all.find((n) => n.id === tree.root.id)!;
    expect(root.abilities).toMatchObject({ create: true, rename: true, move: false, close: false });
    const group = all.find((n) => n.kind === 'group' && n.status === 'active')!;
    expect(group.abilities.create).toBe(false);
    const closed = all.find((n) => n.status === 'closed')!;
    expect(closed.abilities).toMatchObject({ create: false, rename: false, move: false, close: false });
    expect(adminId).toBeTruthy();
  });

  it('a branch chair cannot close or move their own branch (403), the union above can', async () => {
    const c = chair1;
    const close = await c.post(`/api/orgs/${tree.branch1.id}/close`, { reason: 'not mine to close' });
    expect(close.statusCode).toBe(403);
    expect(close.json().details).toEqual({ reason: 'parent_scope' });
    const move = await c.post(`/api/orgs/${tree.branch1.id}/move`, { parentId: tree.branch1.id });
    expect(move.statusCode).toBe(403);
    const byAdmin = (await visible(admin)).find((n) => n.id === tree.branch1.id)!;
    expect(byAdmin.abilities).toMatchObject({ move: true, close: true });
  });

  it('plain members see no tree', async () => {
    const member = await loginAs(
      ctx,
      await createUser(ctx, { username: 'org_member', org: tree.branch1 }),
      uniqueIp(),
    );
    expect((await member.get('/api/orgs')).statusCode).toBe(403);
  });
});
