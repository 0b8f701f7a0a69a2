/** Announcements: sanitised rich text, subtree targeting, scheduling, pinning, expiry, receipts and read rates. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createOrg, createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { announceDue } from './announcements.service.js';
import { sanitizeRichText } from './sanitize.js';

let ctx: TestContext;
let officer: TestClient;
let officerUser: TestUser;
let m1: TestClient;
let m2: TestClient;
let outsider: TestClient;
let tree: Awaited<ReturnType<typeof createTree>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
  const group = await createOrg(ctx, '一车间一组', 'group', tree.branch1);
  const o = await createUser(ctx, {
    username: 'ann_officer',
    org: tree.branch1,
    roles: ['committee_member'],
  });
  ids.m1 = (await createUser(ctx, { username: 'ann_m1', org: tree.branch1 })).id;
  ids.m2 = (await createUser(ctx, { username: 'ann_m2', org: group })).id;
  const out = await createUser(ctx, { username: 'ann_out', org: tree.branch2 });
  ids.out = out.id;
  officerUser = o;
  officer = await loginAs(ctx, o);
  m1 = await loginAs(ctx, { id: ids.m1, username: 'ann_m1', password: o.password });
  m2 = await loginAs(ctx, { id: ids.m2, username: 'ann_m2', password: o.password });
  outsider = await loginAs(ctx, out);
});
afterAll(() => ctx.close());

describe('sanitiser', () => {
  it('keeps formatting and safe links, removes scripts, handlers and javascript: URLs', () => {
    const out = sanitizeRichText(
      '<h2 onclick="x()">标题</h2><p style="color:red">正文<script>alert(1)</script><b>粗</b></p>' +
        '<a href="javascript:alert(1)">坏</a><a href="https://example.org">好</a><img src=x onerror=alert(1)>' +
        '<iframe src="https://evil"></iframe><svg><script>1</script></svg>',
    );
    expect(out).toBe(
      '<h2>标题</h2><p>正文<b>粗</b></p><a rel="noopener noreferrer" target="_blank">坏</a>' +
        '<a href="https://example.org" rel="noopener noreferrer" target="_blank">好</a>',
    );
  });
});

describe('announcements', () => {
  it('publishes to the subtree only, sanitised, with the officer seeing it in their list', async () => {
    const res = await officer.post('/api/announcements', {
      orgId: tree.branch1.id,
      title: '<script>alert(1)</script>春节慰问',
      body: '<p>欢迎<img src=x onerror=alert(1)></p><script>steal()</script>',
      publish: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    ids.a = a.id;
    expect(a.bodyHtml).toBe('<p>欢迎</p>');
    expect(a.title).toBe('<script>alert(1)</script>春节慰问'); // titles are text: stored as typed, shown escaped
    for (const c of [m1, m2])
      expect((await c.get('/api/my/announcements')).json().items.map((i: { id: string }) => i.id)).toContain(
        a.id,
      );
    expect((await outsider.get('/api/my/announcements')).json().items).toEqual([]);
    expect((await outsider.get(`/api/my/announcements/${a.id}`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/my/announcements/${a.id}/read`, {})).statusCode).toBe(404);
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .where('action', '=', 'announcement.published')
      .where('target_id', '=', a.id)
      .selectAll()
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('read rates rise as members read, per org', async () => {
    const rates = async () => (await officer.get(`/api/announcements/${ids.a}/read-rates`)).json();
    const before = await rates();
    expect(before.readers).toBe(0);
    expect(before.audience).toBeGreaterThanOrEqual(3);
    expect((await m1.post(`/api/my/announcements/${ids.a}/read`, {})).statusCode).toBe(200);
    expect((await m1.post(`/api/my/announcements/${ids.a}/read`, {})).statusCode).toBe(200);
    const after = await rates();
    expect(after.readers).toBe(1);
    expect(after.rate).toBeCloseTo(1 / after.audience);
    const branch = after.orgs.find((o: { orgId: string }) => o.orgId === tree.branch1.id);
    expect(branch.readers).toBe(1);
    expect(after.orgs.some((o: { orgName: string }) => o.orgName === '一车间一组')).toBe(true);
    expect((await m1.get(`/api/my/announcements/${ids.a}`)).json().readAt).not.toBeNull();
    const list = (await officer.get('/api/announcements')).json().items;
    expect(list.find((i: { id: string }) => i.id === ids.a).reads).toBe(1);
  });

  it('scheduled publishing, pinning and expiry shape the feed; the job notifies the audience once', async () => {
    const now = ctx.clock.now();
    const later = new Date(now.getTime() + 3_600_000).toISOString();
    const res = await officer.post('/api/announcements', {
      orgId: tree.branch1.id,
      title: '定时公告',
      body: '<p>稍后</p>',
      publish: true,
      publishAt: later,
      pinned: true,
      expiresAt: new Date(now.getTime() + 7_200_000).toISOString(),
    });
    expect(res.statusCode, res.body).toBe(201);
    const sid = res.json().id;
    const feed = async () =>
      (await m2.get('/api/my/announcements')).json().items.map((i: { id: string }) => i.id);
    expect(await feed()).not.toContain(sid);
    expect(await announceDue(ctx.deps)).toBeGreaterThan(0); // the first one, due now
    const sent = () => ctx.notifier.sent.filter((n) => n.template === 'announcement_published');
    const firstBatch = sent().length;
    expect(sent().map((n) => n.userId)).toContain(ids.m2);
    expect(sent().map((n) => n.userId)).not.toContain(ids.out);
    ctx.clock.advance(3_600_000 + 1000);
    m2 = await loginAs(ctx, { id: ids.m2, username: 'ann_m2', password: 'Correct-Horse-Battery-42' });
    expect((await feed())[0]).toBe(sid); // pinned first
    await announceDue(ctx.deps);
    expect(sent().length).toBeGreaterThan(firstBatch);
    const again = sent().length;
    await announceDue(ctx.deps);
    expect(sent().length).toBe(again);
    ctx.clock.advance(3_600_000 + 1000);
    m2 = await loginAs(ctx, { id: ids.m2, username: 'ann_m2', password: 'Correct-Horse-Battery-42' });
    expect(await feed()).not.toContain(sid);
  });

  it('withdrawn announcements leave the feed and cannot be edited', async () => {
    officer = await loginAs(ctx, officerUser);
    const w = await officer.patch(`/api/announcements/${ids.a}`, { action: 'withdraw' });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().status).toBe('withdrawn');
    m1 = await loginAs(ctx, { id: ids.m1, username: 'ann_m1', password: officerUser.password });
    expect(
      (await m1.get('/api/my/announcements')).json().items.map((i: { id: string }) => i.id),
    ).not.toContain(ids.a);
    expect((await officer.patch(`/api/announcements/${ids.a}`, { pinned: true })).statusCode).toBe(409);
  });
});
