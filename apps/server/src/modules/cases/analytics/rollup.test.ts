/**
 * The rollups give exactly the live answer: dashboards and hotspots computed from the rollup tables
 * equal the same figures computed straight over the cases table, for officers at every level, after
 * filing (named and anonymous), workflow steps with ratings, a reopen, a rejection and SLA escalations
 * moving cases to another org, across several months.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../kernel/auth/actor.js';
import type { TestClient } from '../../../kernel/testing/client.js';
import { createOrg, createTree, createUser, loginAs } from '../../../kernel/testing/fixtures.js';
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
let group: OrgRow;
const officers: Actor[] = [];

async function setDepartment(memberId: string, department: string) {
  await ctx.deps.db.updateTable('members').set({ department }).where('id', '=', memberId).execute();
}

/** Every dashboard and hotspot variant, from the rollups and live, must be deeply equal. */
async function expectRollupEqualsLive(label: string) {
  for (const a of officers) {
    for (const q of [
      {},
      { typeKey: 'injury' },
      { from: new Date(ctx.clock.now().getTime() - 60 * DAY).toISOString() },
    ]) {
      const [r, l] = [await dashboard(ctx.deps, a, q), await dashboard(ctx.deps, a, q, 'live')];
      expect(r, `${label} dashboard ${a.username} ${JSON.stringify(q)}`).toEqual(l);
    }
    for (const dimension of ['unit', 'location', 'body_part', 'department'] as const) {
      for (const days of [7, 90]) {
        const q = { dimension, days };
        const [r, l] = [await hotspots(ctx.deps, a, q), await hotspots(ctx.deps, a, q, 'live')];
        expect(r, `${label} hotspots ${a.username} ${dimension} ${days}`).toEqual(l);
      }
    }
  }
}

let member1: TestClient;
let member2: TestClient;
let handler: TestClient;
const filed: string[] = [];

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
  group = await createOrg(ctx, '一车间甲班', 'group', tree.branch1);
  const u1 = await createUser(ctx, { username: 'ru_m1', org: group });
  const u2 = await createUser(ctx, { username: 'ru_m2', org: tree.branch2 });
  await setDepartment(await makeMember(ctx, u1, group, tree.union), '冲压车间');
  await setDepartment(await makeMember(ctx, u2, tree.branch2, tree.union), '装配车间');
  await bulkMembers(ctx, group, tree.union, 20);
  await bulkMembers(ctx, tree.branch2, tree.union, 60);
  const hUser = await createUser(ctx, { username: 'ru_handler', org: tree.union, roles: ['case_handler'] });
  const chairUser = await createUser(ctx, { username: 'ru_chair', org: tree.union, roles: ['chair'] });
  const fed = await createUser(ctx, { username: 'ru_fed', org: tree.root, roles: ['chair'] });
  const b1 = await createUser(ctx, { username: 'ru_b1', org: tree.branch1, roles: ['chair'] });
  const g = await createUser(ctx, { username: 'ru_group', org: group, roles: ['case_handler'] });
  // two grants, one under the other: the rollup must not count the lower subtree twice
  const both = await createUser(ctx, { username: 'ru_both', org: tree.branch2, roles: ['chair'] });
  await ctx.deps.db
    .insertInto('grants')
    .values([
      { user_id: both.id, role_key: 'committee_member', org_id: tree.union.id, created_by: null },
      { user_id: both.id, role_key: 'group_leader', org_id: group.id, created_by: null },
    ])
    .execute();
  officers.push(
    actorOf(fed, tree.root.id),
    actorOf(chairUser, tree.union.id),
    actorOf(b1, tree.branch1.id),
    actorOf(g, group.id),
    actorOf(both, tree.branch2.id),
  );
  // cases over three months
  ctx.clock.advance(-62 * DAY);
  for (let month = 0; month < 3; month++) {
    // sessions expire over a month: sign in again
    member1 = await loginAs(ctx, u1, uniqueIp());
    member2 = await loginAs(ctx, u2, uniqueIp());
    for (let i = 0; i < 3; i++) {
      filed.push(
        await fileCase(member1, {
          title: `工伤${month}-${i}`,
          fields: { ...injuryFields, body_part: i === 0 ? 'back' : 'hand', location: `工位${i}` },
          anonymous: i === 2,
        }),
      );
    }
    filed.push(await fileCase(member2, { title: `二车间${month}` }));
    filed.push(
      await fileCase(member2, { typeKey: 'demand', title: '诉求', fields: { description: '食堂' } }),
    );
    if (month < 2) ctx.clock.advance(31 * DAY);
  }
  handler = await loginAs(ctx, hUser, uniqueIp());
});
afterAll(() => ctx.close());

describe('rollups equal the live figures', () => {
  it('after filing, named and anonymous, over several months', async () => {
    await expectRollupEqualsLive('filed');
    const fed = await dashboard(ctx.deps, officers[0]!, {});
    expect(fed.summary.total).toBe(15);
  });

  it('after workflow steps, first responses, ratings, a reopen and a rejection', async () => {
    const [a, b, c, d, e] = filed;
    for (const id of [a, b, c, d]) {
      expect((await handler.post(`/api/cases/${id}/actions`, { action: 'take' })).statusCode).toBe(200);
    }
    ctx.clock.advance(20 * 60_000);
    await handler.post(`/api/cases/${a}/messages`, { body: '已收到', toMember: true });
    await handler.post(`/api/cases/${b}/actions`, { action: 'ask_member', message: '几号工位？' });
    await member1.post(`/api/my/cases/${b}/actions`, { action: 'member_answers', message: '3号' });
    for (const id of [a, b]) {
      expect((await handler.post(`/api/cases/${id}/actions`, { action: 'resolve' })).statusCode).toBe(200);
    }
    expect(
      (await member1.post(`/api/my/cases/${a}/actions`, { action: 'confirm', rating: 4 })).statusCode,
    ).toBe(200);
    expect(
      (await member1.post(`/api/my/cases/${b}/actions`, { action: 'confirm', rating: 2 })).statusCode,
    ).toBe(200);
    expect(
      (await member1.post(`/api/my/cases/${a}/actions`, { action: 'reopen', reason: '手还是疼' })).statusCode,
    ).toBe(200);
    const rej = await handler.post(`/api/cases/${e}/actions`, { action: 'reject', reason: '重复提交' });
    expect(rej.statusCode, rej.body).toBe(200);
    await expectRollupEqualsLive('workflow');
    const d1 = await dashboard(ctx.deps, officers[1]!, { from: new Date(0).toISOString() });
    // two ratings, and the reopen withdrew the first
    expect(d1.summary.rated).toBe(1);
    expect(d1.summary.satisfaction).toBe(2);
  });

  it('after SLA escalations move cases up to another org', async () => {
    ctx.clock.advance(40 * DAY);
    const swept = await runSlaSweep(ctx.deps);
    expect(swept.escalated).toBeGreaterThan(0);
    const moved = await ctx.deps.db
      .selectFrom('cases')
      .select('id')
      .where('escalation_level', '>', 0)
      .execute();
    expect(moved.length).toBeGreaterThan(0);
    await expectRollupEqualsLive('escalated');
    // a case escalated out of the group no longer counts for the group's handler
    const g = await dashboard(ctx.deps, officers[3]!, { from: new Date(0).toISOString() });
    const live = await ctx.deps.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('org_id', '=', group.id)
      .executeTakeFirstOrThrow();
    expect(g.summary.total).toBe(Number(live.n));
    // and a second sweep later (resolution clocks) still agrees
    ctx.clock.advance(30 * DAY);
    await runSlaSweep(ctx.deps);
    await expectRollupEqualsLive('escalated twice');
  });

  it('head counts come from the snapshot while it is fresh (and say when it was taken), else live', async () => {
    const a = officers[1]!;
    const before = await hotspots(ctx.deps, a, {});
    expect(before.membersAsOf).toBe(before.asOf);
    await refreshMemberCounts(ctx.deps);
    const taken = ctx.clock.now().toISOString();
    const snap = await hotspots(ctx.deps, a, { dimension: 'department' });
    expect(snap.membersAsOf).toBe(taken);
    expect(snap).toEqual({ ...(await hotspots(ctx.deps, a, { dimension: 'department' }, 'live')) });
    const unit = await hotspots(ctx.deps, a, {});
    expect({ ...unit, membersAsOf: before.membersAsOf, asOf: before.asOf }).toEqual(before);
    // members joining after the snapshot count from the next refresh (at most 15 minutes)
    await bulkMembers(ctx, group, tree.union, 10);
    ctx.clock.advance(60_000);
    expect((await hotspots(ctx.deps, a, {})).members).toBe(before.members);
    ctx.clock.advance(15 * 60_000);
    const live = await hotspots(ctx.deps, a, {});
    expect(live.members).toBe(before.members + 10);
    expect(live.membersAsOf).toBe(live.asOf);
  });
});
