/**
 * Moving an org subtree to another parent (the real `POST /api/orgs/:id/move`) re-keys the case
 * rollups in the same transaction (migration 0017's trigger on `orgs`): the old union stops counting
 * the branch's cases, the new union counts them, the federation still counts them once, and every
 * rollup answer equals the live one. Escalations afterwards climb the new ladder (`org_chain`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../kernel/auth/actor.js';
import type { TestClient } from '../../../kernel/testing/client.js';
import {
  createOrg,
  createTree,
  createUser,
  loginAs,
  type TestUser,
} from '../../../kernel/testing/fixtures.js';
import { uniqueIp } from '../../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../../kernel/testing/test-app.js';
import type { OrgRow } from '../../orgs/index.js';
import { actorOf, bulkMembers, fileCase, injuryFields, makeMember } from '../case-fixtures.test.js';
import { runSlaSweep } from '../sla.service.js';
import { dashboard, hotspots } from './analytics.service.js';
import { refreshMemberCounts } from './member-counts.job.js';

const DAY = 86_400_000;
let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let union2: OrgRow;
let group: OrgRow;
let admin: TestClient;
let handler: TestClient;
let branchMember: TestUser;
let adminUser: TestUser;
let handlerUser: TestUser;
const officers: Record<'fed' | 'union' | 'union2' | 'branch1' | 'group', Actor> = {} as never;
const branchCases: string[] = [];
const otherCases: string[] = [];

async function expectRollupEqualsLive(label: string) {
  for (const [name, a] of Object.entries(officers)) {
    for (const q of [{}, { typeKey: 'injury' }, { from: new Date(0).toISOString() }]) {
      const [r, l] = [await dashboard(ctx.deps, a, q), await dashboard(ctx.deps, a, q, 'live')];
      expect(r, `${label} dashboard ${name} ${JSON.stringify(q)}`).toEqual(l);
    }
    for (const dimension of ['unit', 'location', 'body_part', 'department'] as const) {
      const q = { dimension, days: 90 };
      const [r, l] = [await hotspots(ctx.deps, a, q), await hotspots(ctx.deps, a, q, 'live')];
      expect(r, `${label} hotspots ${name} ${dimension}`).toEqual(l);
    }
  }
}

const total = async (a: Actor) =>
  (await dashboard(ctx.deps, a, { from: new Date(0).toISOString() })).summary.total;

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
  union2 = await createOrg(ctx, '第二机械厂工会', 'grassroots', tree.root);
  group = await createOrg(ctx, '一车间甲班', 'group', tree.branch1);
  const u1 = await createUser(ctx, { username: 'mv_m1', org: group });
  const u2 = await createUser(ctx, { username: 'mv_m2', org: tree.branch1 });
  branchMember = u2;
  const u3 = await createUser(ctx, { username: 'mv_m3', org: tree.branch2 });
  await makeMember(ctx, u1, group, tree.union);
  await makeMember(ctx, u2, tree.branch1, tree.union);
  await makeMember(ctx, u3, tree.branch2, tree.union);
  await bulkMembers(ctx, group, tree.union, 10);
  await bulkMembers(ctx, tree.branch2, tree.union, 30);
  const fed = await createUser(ctx, { username: 'mv_fed', org: tree.root, roles: ['chair'] });
  const chair = await createUser(ctx, { username: 'mv_chair', org: tree.union, roles: ['chair'] });
  const chair2 = await createUser(ctx, { username: 'mv_chair2', org: union2, roles: ['chair'] });
  const b1 = await createUser(ctx, { username: 'mv_b1', org: tree.branch1, roles: ['chair'] });
  const g = await createUser(ctx, { username: 'mv_group', org: group, roles: ['case_handler'] });
  const h = await createUser(ctx, { username: 'mv_handler', org: tree.root, roles: ['case_handler'] });
  const adm = await createUser(ctx, { username: 'mv_admin', org: tree.root, roles: ['admin'] });
  Object.assign(officers, {
    fed: actorOf(fed, tree.root.id),
    union: actorOf(chair, tree.union.id),
    union2: actorOf(chair2, union2.id),
    branch1: actorOf(b1, tree.branch1.id),
    group: actorOf(g, group.id),
  });
  ctx.clock.advance(-40 * DAY);
  for (let month = 0; month < 2; month++) {
    const m1 = await loginAs(ctx, u1, uniqueIp());
    const m2 = await loginAs(ctx, u2, uniqueIp());
    const m3 = await loginAs(ctx, u3, uniqueIp());
    for (let i = 0; i < 2; i++) {
      branchCases.push(
        await fileCase(m1, {
          title: `甲班工伤${month}-${i}`,
          fields: { ...injuryFields, body_part: i ? 'back' : 'hand', location: `工位${i}` },
          anonymous: i === 1,
        }),
      );
    }
    branchCases.push(
      await fileCase(m2, { typeKey: 'demand', title: '诉求', fields: { description: '食堂' } }),
    );
    otherCases.push(await fileCase(m3, { title: `二车间工伤${month}` }));
    ctx.clock.advance(31 * DAY);
  }
  handlerUser = h;
  handler = await loginAs(ctx, h, uniqueIp());
  adminUser = adm;
  admin = await loginAs(ctx, adm, uniqueIp());
  // some workflow history on the moving branch: first responses, a resolution and a rating
  for (const id of branchCases.slice(0, 3)) {
    expect((await handler.post(`/api/cases/${id}/actions`, { action: 'take' })).statusCode).toBe(200);
  }
  ctx.clock.advance(10 * 60_000);
  expect((await handler.post(`/api/cases/${branchCases[0]}/actions`, { action: 'resolve' })).statusCode).toBe(
    200,
  );
  await refreshMemberCounts(ctx.deps);
});
afterAll(() => ctx.close());

describe('moving an org subtree re-keys the case rollups', () => {
  it('old union loses, new union gains, federation unchanged; rollups equal live for everyone', async () => {
    await expectRollupEqualsLive('before the move');
    const before = { fed: await total(officers.fed), union: await total(officers.union) };
    expect(before.fed).toBe(branchCases.length + otherCases.length);
    expect(before.union).toBe(branchCases.length + otherCases.length);
    expect(await total(officers.union2)).toBe(0);

    const res = await admin.post(`/api/orgs/${tree.branch1.id}/move`, { parentId: union2.id });
    expect(res.statusCode, res.body).toBe(200);

    expect(await total(officers.fed)).toBe(before.fed);
    expect(await total(officers.union)).toBe(otherCases.length);
    expect(await total(officers.union2)).toBe(branchCases.length);
    expect(await total(officers.branch1)).toBe(branchCases.length);
    await expectRollupEqualsLive('after the move');
    // the unit hotspots of the new union list the moved group's reports (snapshot head counts by path)
    const spots = await hotspots(ctx.deps, officers.union2, { dimension: 'unit', days: 90 });
    expect(spots.items.map((i) => i.key)).toContain(group.id);
  });

  it('later filings, steps and escalations count under the new ancestors and climb the new ladder', async () => {
    const m2 = await loginAs(ctx, branchMember, uniqueIp());
    branchCases.push(await fileCase(m2, { title: '搬迁后的工伤' }));
    expect(
      (await handler.post(`/api/cases/${branchCases[1]}/actions`, { action: 'resolve' })).statusCode,
    ).toBe(200);
    await expectRollupEqualsLive('after later steps');
    ctx.clock.advance(60 * DAY);
    expect((await runSlaSweep(ctx.deps)).escalated).toBeGreaterThan(0);
    const rows = await ctx.deps.db
      .selectFrom('cases')
      .select(['id', 'org_id', 'org_chain', 'escalation_level'])
      .where('id', 'in', branchCases)
      .execute();
    const up = rows.filter((r) => r.escalation_level > 0);
    expect(up.length).toBeGreaterThan(0);
    for (const r of rows) {
      // the ladder is the current org's (new) path plus the part below it; never the old union
      expect(r.org_chain).not.toContain(tree.union.id);
      expect(r.org_chain[r.org_chain.length - 1 - r.escalation_level]).toBe(r.org_id);
    }
    // escalated out of the branch into the new union (or beyond), never into the old union
    expect(rows.some((r) => r.org_id === union2.id)).toBe(true);
    expect(rows.filter((r) => r.org_id === tree.union.id)).toEqual([]);
    await expectRollupEqualsLive('after escalations');
  });

  it('moving it back restores the original figures', async () => {
    admin = await loginAs(ctx, adminUser, uniqueIp());
    const res = await admin.post(`/api/orgs/${tree.branch1.id}/move`, { parentId: tree.union.id });
    expect(res.statusCode, res.body).toBe(200);
    // escalated cases now at union2 stay there; the rest returns with the branch
    const atUnion2 = await ctx.deps.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('org_id', '=', union2.id)
      .executeTakeFirstOrThrow();
    expect(await total(officers.union2)).toBe(Number(atUnion2.n));
    const inUnion = await ctx.deps.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('org_id', 'in', [tree.union.id, tree.branch1.id, tree.branch2.id, group.id])
      .executeTakeFirstOrThrow();
    expect(Number(inUnion.n)).toBeGreaterThan(0);
    expect(await total(officers.union)).toBe(Number(inUnion.n));
    await expectRollupEqualsLive('after moving back');
  });

  it('a move racing case filings and transitions on the moving branch stays exact', async () => {
    const m2 = await loginAs(ctx, branchMember, uniqueIp());
    handler = await loginAs(ctx, handlerUser, uniqueIp());
    const fresh: string[] = [];
    for (let i = 0; i < 6; i++) fresh.push(await fileCase(m2, { title: `并发搬迁${i}` }));
    const results = await Promise.all([
      ...fresh.slice(0, 3).map((id) => handler.post(`/api/cases/${id}/actions`, { action: 'take' })),
      admin.post(`/api/orgs/${tree.branch1.id}/move`, { parentId: union2.id }),
      ...fresh.slice(3).map((id) => handler.post(`/api/cases/${id}/actions`, { action: 'take' })),
      fileCase(m2, { title: '搬迁时提交' }).then((id) => ({ statusCode: id ? 200 : 500, body: id })),
    ]);
    for (const r of results) expect(r.statusCode, r.body).toBe(200);
    await expectRollupEqualsLive('after a racing move');
    const chains = await ctx.deps.db
      .selectFrom('cases')
      .select(['org_id', 'org_chain', 'escalation_level'])
      .where('org_id', '=', tree.branch1.id)
      .execute();
    for (const r of chains) expect(r.org_chain).toContain(union2.id);
  });
});
