/**
 * SLA timers: reminders at three quarters of a budget, escalation one org level up when a clock
 * breaches, exactly once even with two server processes (two job runners on the same database), and
 * paused cases never breach.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobRunner, startJobs } from '../../kernel/jobs/jobs.js';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { uniqueIp } from '../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { fileCase, makeMember } from './case-fixtures.test.js';
import { casesJobs, runSlaSweep } from './sla.service.js';

const H = 3_600_000;
let ctx: TestContext;
let other: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let member: TestClient;
let handler: TestClient;
let unionChair: TestUser;
let runners: JobRunner[] = [];
const ids: string[] = [];
let pausedId: string;
let t0: number;

beforeAll(async () => {
  ctx = await buildTestApp();
  // a second server process on the same database
  other = await buildTestApp({ dbUrl: ctx.dbUrl });
  tree = await createTree(ctx);
  const m = await createUser(ctx, { username: 'sla_member', org: tree.branch1 });
  await makeMember(ctx, m, tree.branch1, tree.union);
  member = await loginAs(ctx, m, uniqueIp());
  unionChair = await createUser(ctx, { username: 'sla_union_chair', org: tree.union, roles: ['chair'] });
  handler = await loginAs(
    ctx,
    await createUser(ctx, { username: 'sla_handler', org: tree.branch1, roles: ['case_handler'] }),
    uniqueIp(),
  );
  t0 = ctx.clock.now().getTime();
  for (let i = 0; i < 12; i++)
    ids.push(
      await fileCase(member, { typeKey: 'demand', title: `诉求${i}`, fields: { description: '宿舍' } }),
    );
  pausedId = await fileCase(member, {
    typeKey: 'demand',
    title: '等待会员',
    fields: { description: '宿舍' },
  });
  expect((await handler.post(`/api/cases/${pausedId}/actions`, { action: 'take' })).statusCode).toBe(200);
  expect((await handler.post(`/api/cases/${pausedId}/actions`, { action: 'ask_member' })).statusCode).toBe(
    200,
  );
});
afterAll(async () => {
  for (const r of runners) await r.stop();
  await other.close();
  await ctx.close();
});

const rows = () => ctx.deps.db.selectFrom('cases').selectAll().where('id', 'in', ids).execute();
const escalations = (clock: 'first_response' | 'resolution') =>
  ctx.deps.db.selectFrom('case_escalations').selectAll().where('clock', '=', clock).execute();

describe('SLA sweep', () => {
  it('reminds once at three quarters of the first-response budget, from either process', async () => {
    const at = new Date(t0 + 19 * H);
    const [a, b] = await Promise.all([runSlaSweep(ctx.deps, at), runSlaSweep(other.deps, at)]);
    expect(a.reminded + b.reminded).toBe(ids.length);
    expect(a.escalated + b.escalated).toBe(0);
    expect((await runSlaSweep(ctx.deps, at)).reminded).toBe(0);
  });

  it('escalates a breached first response one level up exactly once, with two sweeps racing', async () => {
    const at = new Date(t0 + 25 * H);
    const results = await Promise.all([
      runSlaSweep(ctx.deps, at),
      runSlaSweep(other.deps, at),
      runSlaSweep(ctx.deps, at),
      runSlaSweep(other.deps, at),
    ]);
    expect(results.reduce((s, r) => s + r.escalated, 0)).toBe(ids.length);
    for (const r of await rows()) {
      expect(r.org_id).toBe(tree.union.id);
      expect(r.escalation_level).toBe(1);
      expect(r.fr_breached_at).not.toBeNull();
    }
    expect((await escalations('first_response')).length).toBe(ids.length);
    expect((await runSlaSweep(other.deps, new Date(t0 + 30 * H))).escalated).toBe(0);
    const paused = await ctx.deps.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', pausedId)
      .executeTakeFirstOrThrow();
    expect(paused).toMatchObject({ org_id: tree.branch1.id, escalation_level: 0, fr_breached_at: null });
  });

  it('the scheduled job, on two job runners, escalates a breached resolution once more', async () => {
    runners = [
      await startJobs(ctx.deps, ctx.dbUrl, casesJobs, () => {}),
      await startJobs(other.deps, ctx.dbUrl, casesJobs, () => {}),
    ];
    // demand: resolution within 7 days
    ctx.clock.current = new Date(t0 + 8 * 24 * H);
    other.clock.current = new Date(t0 + 8 * 24 * H);
    await Promise.all([
      runners[0]!.send('cases-sla-sweep'),
      runners[1]!.send('cases-sla-sweep'),
      runners[0]!.send('cases-sla-sweep'),
    ]);
    await expect
      .poll(async () => (await escalations('resolution')).length, { timeout: 20_000, interval: 200 })
      .toBe(ids.length);
    // let every queued job finish, then check nothing moved twice
    await new Promise((r) => setTimeout(r, 1500));
    for (const r of await rows()) {
      expect(r.org_id).toBe(tree.root.id);
      expect(r.escalation_level).toBe(2);
    }
    const ev = await ctx.deps.db
      .selectFrom('case_events')
      .select('case_id')
      .where('kind', '=', 'escalation')
      .execute();
    expect(ev.length).toBe(ids.length * 2);
    // waiting for the member paused the clocks: no breach, no escalation
    const paused = await ctx.deps.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', pausedId)
      .executeTakeFirstOrThrow();
    expect(paused).toMatchObject({ org_id: tree.branch1.id, escalation_level: 0, res_breached_at: null });
    // the officers of the node each breach moved to hear about it, once per sweep batch, not per case
    const escalated = [...ctx.notifier.sent, ...other.notifier.sent].filter(
      (n) => n.template === 'cases.escalated',
    );
    const toChair = escalated.filter((n) => n.userId === unionChair.id);
    expect(toChair.reduce((sum, n) => sum + Number(n.params.count), 0)).toBe(ids.length);
  });
});
