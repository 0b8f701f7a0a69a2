/**
 * A case from filing to closing: member files an injury report, the handler takes it, asks a question
 * (SLA paused), the member answers (SLA resumed), the handler resolves, the member confirms with a
 * rating, and reopens. Internal notes stay internal; every step notifies the member and is audited;
 * field values are encrypted at rest; foreign and invalid requests are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { uniqueIp } from '../../kernel/testing/net.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { fileCase, injuryFields, makeMember } from './case-fixtures.test.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let member: TestClient;
let memberId: string;
let handler: TestClient;
let handler2: TestClient;

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
  const m = await createUser(ctx, { username: 'case_member', org: tree.branch1 });
  memberId = m.id;
  await makeMember(ctx, m, tree.branch1, tree.union);
  member = await loginAs(ctx, m, uniqueIp());
  handler = await loginAs(
    ctx,
    await createUser(ctx, { username: 'case_handler1', org: tree.branch1, roles: ['case_handler'] }),
    uniqueIp(),
  );
  handler2 = await loginAs(
    ctx,
    await createUser(ctx, { username: 'case_handler2', org: tree.branch2, roles: ['case_handler'] }),
    uniqueIp(),
  );
});
afterAll(() => ctx.close());

const act = async (client: TestClient, path: string, body: object, status = 200) => {
  const res = await client.post(path, body);
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
};

describe('case lifecycle', () => {
  it('runs from filing to rating, with SLA pauses, notes and notifications', async () => {
    const types = await member.get('/api/my/case-types');
    expect(types.json().items.map((t: { key: string }) => t.key)).toEqual(
      expect.arrayContaining(['suggestion', 'demand', 'grievance', 'labour_dispute', 'injury']),
    );
    const id = await fileCase(member);
    const filed = (await member.get(`/api/my/cases/${id}`)).json();
    expect(filed).toMatchObject({ state: 'submitted', fields: injuryFields, anonymous: false });
    expect(ctx.notifier.sent.at(-1)).toMatchObject({ userId: memberId, template: 'cases.received' });

    const raw = await ctx.deps.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(raw.details_enc.toString('utf8')).not.toContain('冲压机');
    expect(raw).toMatchObject({ body_part: 'hand', severity: 'moderate', days_lost: 5 });

    const queue = (await handler.get('/api/cases?open=true')).json();
    expect(queue.items.map((c: { id: string }) => c.id)).toContain(id);
    const page = (await handler.get(`/api/cases/${id}`)).json();
    expect(page.abilities.actions).toEqual(expect.arrayContaining(['take', 'reject']));
    expect(page.submitterId).toBe(memberId);

    const taken = await act(handler, `/api/cases/${id}/actions`, { action: 'take' });
    expect(taken.state).toBe('in_progress');
    expect(taken.firstResponseAt).not.toBeNull();
    expect(taken.firstResponseDueAt).toBeNull();

    await act(handler, `/api/cases/${id}/messages`, { body: '内部：已联系车间主任', toMember: false });
    const resDueBefore = new Date(taken.resolutionDueAt).getTime();
    const asked = await act(handler, `/api/cases/${id}/actions`, {
      action: 'ask_member',
      message: '请上传就医记录',
    });
    expect(asked).toMatchObject({ state: 'awaiting_member', paused: true, resolutionDueAt: null });

    ctx.clock.advance(20 * 60_000);
    const mine = (await member.get(`/api/my/cases/${id}`)).json();
    expect(JSON.stringify(mine)).not.toContain('已联系车间主任');
    expect(mine.events.some((e: { body: string | null }) => e.body === '请上传就医记录')).toBe(true);
    expect(mine.abilities.actions).toContain('member_answers');

    const answered = await act(member, `/api/my/cases/${id}/actions`, {
      action: 'member_answers',
      message: '已就医',
    });
    expect(answered.state).toBe('in_progress');
    const resumed = (await handler.get(`/api/cases/${id}`)).json();
    // the twenty paused minutes moved the resolution deadline by exactly twenty minutes
    expect(new Date(resumed.resolutionDueAt).getTime() - resDueBefore).toBe(20 * 60_000);

    const noReason = await handler.post(`/api/cases/${id}/actions`, { action: 'pause' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe('case.reason_required');
    const paused = await act(handler, `/api/cases/${id}/actions`, {
      action: 'pause',
      reason: '等待鉴定结论',
    });
    expect(paused.pauseReason).toBe('等待鉴定结论');
    await act(handler, `/api/cases/${id}/actions`, { action: 'resume' });
    await act(handler, `/api/cases/${id}/actions`, { action: 'resolve', message: '已认定工伤' });

    const closed = await act(member, `/api/my/cases/${id}/actions`, { action: 'confirm', rating: 5 });
    expect(closed).toMatchObject({ state: 'closed', satisfaction: 5 });
    const reopened = await act(member, `/api/my/cases/${id}/actions`, {
      action: 'reopen',
      reason: '赔偿未到位',
    });
    expect(reopened).toMatchObject({ state: 'in_progress', satisfaction: null, closedAt: null });

    const templates = ctx.notifier.sent.filter((n) => n.userId === memberId).map((n) => n.template);
    expect(templates.filter((t) => t === 'cases.progress').length).toBeGreaterThanOrEqual(6);
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['case.submitted', 'case.transition', 'case.note']),
    );
  });

  it('refuses transitions outside the graph and actions by the wrong side', async () => {
    const id = await fileCase(member);
    const bad = await handler.post(`/api/cases/${id}/actions`, { action: 'resolve' });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().code).toBe('case.invalid_transition');
    const memberTake = await member.post(`/api/my/cases/${id}/actions`, { action: 'confirm', rating: 3 });
    expect(memberTake.statusCode).toBe(409);
    expect((await member.post(`/api/cases/${id}/actions`, { action: 'take' })).statusCode).toBe(404);
  });

  it("a handler of another branch gets 404 for this branch's case and never sees it listed", async () => {
    const id = await fileCase(member);
    expect((await handler2.get(`/api/cases/${id}`)).statusCode).toBe(404);
    expect((await handler2.post(`/api/cases/${id}/actions`, { action: 'take' })).statusCode).toBe(404);
    const list = await handler2.get('/api/cases');
    expect(list.body).not.toContain(id);
  });

  it('validates fields and anonymity per type', async () => {
    const r = await member.post('/api/my/cases', {
      typeKey: 'injury',
      title: 'x',
      fields: { description: 'x', body_part: 'tail' },
    });
    expect(r.statusCode).toBe(400);
    const anon = await member.post('/api/my/cases', {
      typeKey: 'grievance',
      title: 'x',
      fields: { description: 'x' },
      anonymous: true,
    });
    expect(anon.json().code).toBe('case.anonymity_not_allowed');
    const unknown = await member.post('/api/my/cases', { typeKey: 'nope', title: 'x', fields: {} });
    expect(unknown.json().code).toBe('case.unknown_type');
  });

  it('a labour dispute moves through its stages', async () => {
    const id = await fileCase(member, {
      typeKey: 'labour_dispute',
      fields: { description: '拖欠工资', dispute_kind: 'wages' },
    });
    await act(handler, `/api/cases/${id}/actions`, { action: 'take' });
    const m = await act(handler, `/api/cases/${id}/actions`, { action: 'to_mediation', reason: '协商未果' });
    expect(m).toMatchObject({ state: 'mediation', stage: 'mediation' });
  });
});
