/**
 * Assignment rules: officers of the union (orgs.manage or cases.handle there) list and save them,
 * audited and validated; a case filed is assigned by the most specific rule (deepest node, then its
 * own type before any type), round-robin rotates among the node's handlers, and an escalation applies
 * the rule of the node the case moved to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { uniqueIp } from '../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { fileCase, makeMember } from './case-fixtures.test.js';
import { runSlaSweep } from './sla.service.js';

const H = 3_600_000;
let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let chair: TestClient;
let branchChair: TestClient;
let unionHandler: TestUser;
let h1: TestUser;
let h2: TestUser;
let m1: TestUser;
let m2: TestUser;
const demand = { typeKey: 'demand', fields: { description: '食堂' } };

const assignee = async (id: string) =>
  (await ctx.deps.db.selectFrom('cases').select('assignee_id').where('id', '=', id).executeTakeFirstOrThrow())
    .assignee_id;

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
  chair = await loginAs(
    ctx,
    await createUser(ctx, { username: 'as_chair', org: tree.union, roles: ['chair'] }),
    uniqueIp(),
  );
  branchChair = await loginAs(
    ctx,
    await createUser(ctx, { username: 'as_b1chair', org: tree.branch1, roles: ['chair'] }),
    uniqueIp(),
  );
  unionHandler = await createUser(ctx, { username: 'as_uh', org: tree.union, roles: ['case_handler'] });
  h1 = await createUser(ctx, { username: 'as_h1', org: tree.branch1, roles: ['case_handler'] });
  h2 = await createUser(ctx, { username: 'as_h2', org: tree.branch1, roles: ['case_handler'] });
  m1 = await createUser(ctx, { username: 'as_m1', org: tree.branch1 });
  m2 = await createUser(ctx, { username: 'as_m2', org: tree.branch2 });
  await makeMember(ctx, m1, tree.branch1, tree.union);
  await makeMember(ctx, m2, tree.branch2, tree.union);
});
afterAll(() => ctx.close());

const put = (c: TestClient, rules: unknown[]) =>
  c.request('PUT', `/api/cases/assignment-rules/${tree.union.id}`, { rules });

describe('assignment rules', () => {
  it('only officers of the union may read or save them; a branch officer gets 404', async () => {
    expect((await chair.get(`/api/cases/assignment-rules/${tree.union.id}`)).json()).toEqual({ rules: [] });
    expect((await branchChair.get(`/api/cases/assignment-rules/${tree.union.id}`)).statusCode).toBe(404);
    expect((await put(branchChair, [])).statusCode).toBe(404);
    const handlers = await chair.get(
      `/api/cases/assignment-rules/${tree.union.id}/handlers?orgId=${tree.branch1.id}`,
    );
    const names = handlers.json().items.map((i: { username: string }) => i.username);
    expect(names).toEqual(expect.arrayContaining(['as_h1', 'as_h2', 'as_uh', 'as_chair']));
    expect(names).not.toContain('as_m1');
  });

  it('refuses nodes outside the union, duplicates and handlers without rights on the node', async () => {
    const rr = { typeKey: null, mode: 'round_robin', userId: null };
    const cases: [unknown[], string][] = [
      [[{ orgId: tree.root.id, ...rr }], 'org_outside_union'],
      [
        [
          { orgId: tree.branch1.id, ...rr },
          { orgId: tree.branch1.id, ...rr },
        ],
        'duplicate',
      ],
      [[{ orgId: tree.branch2.id, typeKey: null, mode: 'user', userId: h1.id }], 'user_not_handler'],
      [[{ orgId: tree.branch2.id, typeKey: null, mode: 'user', userId: null }], 'user_required'],
    ];
    for (const [rules, problem] of cases) {
      const res = await put(chair, rules);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({ code: 'case.assignment_rule_invalid', details: { problem } });
    }
  });

  it('assigns filed cases by the most specific rule, round-robin rotating, and audits the save', async () => {
    const res = await put(chair, [
      { orgId: tree.branch1.id, typeKey: null, mode: 'round_robin', userId: null },
      { orgId: tree.branch1.id, typeKey: 'injury', mode: 'user', userId: h2.id },
      { orgId: tree.union.id, typeKey: null, mode: 'user', userId: unionHandler.id },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rules).toHaveLength(3);
    expect(res.json().rules[1]).toMatchObject({ orgName: tree.branch1.name, userName: 'as_h2' });
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'case.assignment_rules.saved')
      .execute();
    expect(audit).toHaveLength(1);

    const c1 = await loginAs(ctx, m1, uniqueIp());
    const c2 = await loginAs(ctx, m2, uniqueIp());
    // injury in branch 1: the type rule at the same node wins over the any-type rule
    expect(await assignee(await fileCase(c1))).toBe(h2.id);
    // demands in branch 1: round-robin among the accounts holding cases.handle there
    const rr: (string | null)[] = [];
    for (let i = 0; i < 4; i++) rr.push(await assignee(await fileCase(c1, { ...demand, title: `诉求${i}` })));
    expect(new Set(rr).size).toBe(4);
    // branch 2 has no rule of its own: the union's rule applies
    expect(await assignee(await fileCase(c2, demand))).toBe(unionHandler.id);
    // the assignment is an internal event the member never sees
    const mine = (await c1.get('/api/my/cases')).json().items[0];
    const detail = (await c1.get(`/api/my/cases/${mine.id}`)).json();
    expect(detail.events.some((e: { kind: string }) => e.kind === 'assignment')).toBe(false);
  });

  it('an escalation applies the rule of the node the case moved to', async () => {
    const saved = await put(chair, [
      { orgId: tree.branch1.id, typeKey: null, mode: 'user', userId: h1.id },
      { orgId: tree.union.id, typeKey: 'demand', mode: 'user', userId: unionHandler.id },
    ]);
    expect(saved.statusCode, saved.body).toBe(200);
    const c1 = await loginAs(ctx, m1, uniqueIp());
    const id = await fileCase(c1, { ...demand, title: '要升级的诉求' });
    expect(await assignee(id)).toBe(h1.id);
    ctx.clock.advance(25 * H);
    const swept = await runSlaSweep(ctx.deps);
    expect(swept.escalated).toBeGreaterThan(0);
    const row = await ctx.deps.db
      .selectFrom('cases')
      .select(['org_id', 'assignee_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ org_id: tree.union.id, assignee_id: unionHandler.id });
    const events = await ctx.deps.db
      .selectFrom('case_events')
      .select(['kind', 'visible_to_member', 'details'])
      .where('case_id', '=', id)
      .where('kind', '=', 'assignment')
      .orderBy('id')
      .execute();
    expect(events.at(-1)).toMatchObject({
      visible_to_member: false,
      details: { assigneeId: unionHandler.id, reason: 'escalated' },
    });
  });
});
