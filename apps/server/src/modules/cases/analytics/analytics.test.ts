/**
 * Dashboard and early warning over real data: a small unit with many injuries is flagged above
 * expected and rising, explained in words; officers see only their subtree; every figure drills down
 * to exactly the cases behind it; the weekly digest reaches the responsible officers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../../kernel/testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../../../kernel/testing/fixtures.js';
import { uniqueIp } from '../../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../../kernel/testing/test-app.js';
import { bulkMembers, fileCase, injuryFields, makeMember } from '../case-fixtures.test.js';
import { sendHotspotDigests } from './digest.job.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let chairUser: TestUser;
let chair: TestClient;
let chair2: TestClient;

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
  const m1 = await createUser(ctx, { username: 'ana_m1', org: tree.branch1 });
  const m2 = await createUser(ctx, { username: 'ana_m2', org: tree.branch2 });
  await makeMember(ctx, m1, tree.branch1, tree.union);
  await makeMember(ctx, m2, tree.branch2, tree.union);
  await bulkMembers(ctx, tree.branch1, tree.union, 39);
  await bulkMembers(ctx, tree.branch2, tree.union, 399);
  chairUser = await createUser(ctx, { username: 'ana_chair', org: tree.union, roles: ['chair'] });
  chair2 = await loginAs(
    ctx,
    await createUser(ctx, { username: 'ana_chair2', org: tree.branch2, roles: ['chair'] }),
    uniqueIp(),
  );
  const c1 = await loginAs(ctx, m1, uniqueIp());
  const c2 = await loginAs(ctx, m2, uniqueIp());
  for (let i = 0; i < 8; i++)
    await fileCase(c1, {
      title: `一车间工伤${i}`,
      fields: { ...injuryFields, body_part: i < 5 ? 'hand' : 'back' },
    });
  for (let i = 0; i < 4; i++) await fileCase(c2, { title: `二车间工伤${i}` });
  await fileCase(c2, { typeKey: 'demand', title: '二车间诉求', fields: { description: '食堂' } });
  chair = await loginAs(ctx, chairUser, uniqueIp());
});
afterAll(() => ctx.close());

describe('early warning', () => {
  it('flags the small unit with many reports, explains it, and drills down to its cases', async () => {
    const res = await chair.get('/api/cases/analytics/hotspots?typeKey=injury&days=90');
    expect(res.statusCode, res.body).toBe(200);
    const h = res.json();
    expect(h.members).toBe(440);
    // 12 reports over 4.4 hundred members
    expect(h.overallRatePer100).toBeCloseTo(12 / 4.4, 2);
    const first = h.items[0];
    expect(first).toMatchObject({
      key: tree.branch1.id,
      label: tree.branch1.name,
      count: 8,
      previous: 0,
      above: true,
      rising: true,
    });
    expect(first.explanation.zh).toContain(tree.branch1.name);
    expect(first.explanation.zh).toContain('明显高于预期');
    const b2 = h.items.find((i: { key: string }) => i.key === tree.branch2.id);
    expect(b2).toMatchObject({ count: 4, above: false });
    const drill = await chair.get(`/api/cases?${new URLSearchParams(first.drill)}`);
    expect(drill.json().total).toBe(8);

    const parts = (await chair.get('/api/cases/analytics/hotspots?dimension=body_part')).json();
    expect(parts.items.find((i: { key: string }) => i.key === 'hand').count).toBe(9);
    const hand = parts.items.find((i: { key: string }) => i.key === 'hand');
    expect((await chair.get(`/api/cases?${new URLSearchParams(hand.drill)}`)).json().total).toBe(9);
  });

  it("an officer of branch 2 sees only branch 2's figures", async () => {
    const h = await chair2.get('/api/cases/analytics/hotspots');
    expect(h.body).not.toContain(tree.branch1.id);
    expect(h.body).not.toContain(tree.branch1.name);
    const d = await chair2.get('/api/cases/analytics/dashboard');
    expect(d.json().summary.total).toBe(5);
    expect(d.body).not.toContain(tree.branch1.id);
  });

  it('the dashboard counts by type, month, org and state, each drilling down exactly', async () => {
    const d = (await chair.get('/api/cases/analytics/dashboard')).json();
    expect(d.summary).toMatchObject({ total: 13, open: 13, slaBreachRate: 0 });
    const injury = d.byTypeMonth.find((r: { typeKey: string }) => r.typeKey === 'injury');
    expect(injury.count).toBe(12);
    for (const figure of [injury, ...d.byOrg, ...d.backlog]) {
      const list = (await chair.get(`/api/cases?${new URLSearchParams(figure.drill)}`)).json();
      expect(list.total).toBe(figure.count);
    }
  });

  it('the weekly digest goes to the officers responsible for the union', async () => {
    expect(await sendHotspotDigests(ctx.deps)).toBe(1);
    const digest = ctx.notifier.sent.find(
      (n) => n.template === 'cases.hotspot_digest' && n.userId === chairUser.id,
    );
    expect(String(digest?.params.summary)).toContain(tree.branch1.name);
  });
});
