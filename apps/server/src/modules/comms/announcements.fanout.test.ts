/**
 * The set-based announcement fan-out with the real NotificationService: per-member preferences
 * (muted, e-mail off, unsubscribed, digest), quiet hours, languages, batched socket pushes, resumable
 * progress, delivery of broadcast mail over a real SMTP server, and targeting of chat groups.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpMailer } from '../../kernel/notify/channels.js';
import { localMinutes, afterQuietHours } from '../../kernel/notify/quiet-hours.js';
import { NotificationService } from '../../kernel/notify/service.js';
import { USERS_CHANNEL } from '../../kernel/pubsub/index.js';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { decodeHeader, parseMail, startTestSmtpServer } from '../../kernel/testing/smtp.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { announceDue } from './announcements.service.js';

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
let service: NotificationService;
let tree: Awaited<ReturnType<typeof createTree>>;
let officer: TestClient;
let officerUser: TestUser;
const members: Record<string, TestUser> = {};
let outsider: TestUser;

beforeAll(async () => {
  ctx = await buildTestApp();
  smtp = await startTestSmtpServer();
  service = new NotificationService(() => ctx.deps, {
    mailer: new SmtpMailer(smtp.url, '工会之家 <no-reply@unionhall.test>'),
    deliverImmediately: false,
  });
  ctx.deps.notifier = service;
  tree = await createTree(ctx);
  officerUser = await createUser(ctx, {
    username: 'fo_officer',
    org: tree.union,
    roles: ['committee_member'],
  });
  officer = await loginAs(ctx, officerUser);
  for (const name of ['plain', 'muted', 'nomail', 'unsub', 'english', 'quiet', 'digest'])
    members[name] = await createUser(ctx, { username: `fo_${name}`, org: tree.branch1 });
  for (let i = 0; i < 12; i++)
    members[`extra${i}`] = await createUser(ctx, { username: `fo_extra${i}`, org: tree.branch2 });
  outsider = await createUser(ctx, { username: 'fo_outsider', org: tree.root });
  const prefs = async (u: TestUser, body: Record<string, unknown>) => {
    const c = await loginAs(ctx, u);
    const r = await c.patch('/api/notifications/prefs', body);
    expect(r.statusCode, r.body).toBe(200);
  };
  await prefs(members.muted!, { mutedCategories: ['announcements'] });
  await prefs(members.nomail!, { emailEnabled: false });
  await prefs(members.english!, { locale: 'en' });
  await prefs(members.digest!, { digest: 'daily' });
  const m = localMinutes(ctx.clock.now(), 'Asia/Shanghai');
  await prefs(members.quiet!, { quietStart: (m + 1380) % 1440, quietEnd: (m + 60) % 1440 });
  const key = await ctx.deps.db
    .selectFrom('notification_prefs')
    .where('user_id', '=', members.plain!.id)
    .select('user_id')
    .executeTakeFirst();
  expect(key).toBeUndefined(); // plain has no prefs row yet: the fan-out creates it
  await ctx.deps.db
    .insertInto('notification_prefs')
    .values({
      user_id: members.unsub!.id,
      unsubscribe_key: 'AAAAAAAAAAAAAAAAAAAAAA',
      unsubscribed_at: new Date(),
    })
    .execute();
});
afterAll(async () => {
  await smtp.close();
  await ctx.close();
});

const deliveriesOf = (template: string) =>
  ctx.deps.db
    .selectFrom('notification_deliveries')
    .where('template', '=', template)
    .select(['user_id', 'next_attempt_at', 'broadcast_id', 'recipient_enc', 'locale'])
    .execute();

describe('set-based announcement fan-out', () => {
  it('queues in-app rows for the whole audience and mail per preferences, in small batches', async () => {
    const pushed: string[] = [];
    const off = await ctx.deps.pubsub.subscribe(USERS_CHANNEL, (m) => {
      const e = m as { u: string[]; m: { type: string } };
      if (e.m.type === 'notification') pushed.push(...e.u);
    });
    const res = await officer.post('/api/announcements', {
      orgId: tree.union.id,
      title: '年度大会通知',
      body: '<p>请准时参加</p>',
      publish: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    // batches of 4 accounts: the cursor moves batch by batch
    const n = await announceDue(ctx.deps, 4);
    const audience = Object.values(members).length + 1; // + the officer (in the union node)
    expect(n).toBe(audience);
    expect(await announceDue(ctx.deps, 4)).toBe(0);

    const inApp = await ctx.deps.db
      .selectFrom('notifications')
      .where('template', '=', 'announcement_published')
      .select(['user_id', 'title', 'body', 'link'])
      .execute();
    expect(inApp).toHaveLength(audience);
    expect(new Set(inApp.map((r) => r.user_id)).size).toBe(audience);
    expect(inApp.map((r) => r.user_id)).not.toContain(outsider.id);
    const en = inApp.find((r) => r.user_id === members.english!.id)!;
    expect(en.title).toBe('New announcement: 年度大会通知');
    expect(inApp.find((r) => r.user_id === members.plain!.id)!.title).toBe('新公告：年度大会通知');
    expect(en.link).toBe(`/announcements/${id}`);
    expect(en.body).not.toContain(en.link!);

    const mail = await deliveriesOf('announcement_published');
    const to = new Set(mail.map((d) => d.user_id));
    for (const skip of ['muted', 'nomail', 'unsub', 'digest']) expect(to.has(members[skip]!.id)).toBe(false);
    for (const want of ['plain', 'english', 'quiet', 'extra0', 'extra11'])
      expect(to.has(members[want]!.id)).toBe(true);
    expect(mail).toHaveLength(audience - 4);
    expect(new Set(mail.map((d) => d.broadcast_id)).size).toBeGreaterThan(1); // one per batch
    expect(mail.every((d) => d.recipient_enc === null)).toBe(true);
    const now = ctx.clock.now();
    const quiet = mail.find((d) => d.user_id === members.quiet!.id)!;
    const m = localMinutes(now, 'Asia/Shanghai');
    const release = afterQuietHours(now, {
      start: (m + 1380) % 1440,
      end: (m + 60) % 1440,
      timeZone: 'Asia/Shanghai',
    });
    expect(release.getTime()).toBeGreaterThan(now.getTime());
    expect(quiet.next_attempt_at.getTime()).toBe(release.getTime());
    expect(mail.find((d) => d.user_id === members.plain!.id)!.next_attempt_at.getTime()).toBe(now.getTime());
    expect(mail.find((d) => d.user_id === members.english!.id)!.locale).toBe('en');
    // the plain member got a prefs row with a well-formed unsubscribe key
    const p = await ctx.deps.db
      .selectFrom('notification_prefs')
      .where('user_id', '=', members.plain!.id)
      .select('unsubscribe_key')
      .executeTakeFirstOrThrow();
    expect(p.unsubscribe_key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // batched socket pushes reached every recipient once
    await expect.poll(() => pushed.length).toBe(audience);
    expect(new Set(pushed)).toEqual(new Set(inApp.map((r) => r.user_id)));
    await off();
  });

  it('delivers broadcast mail to the current address with the one-click unsubscribe header', async () => {
    const before = smtp.received.length;
    const report = await service.deliverDue(500);
    expect(report.failed).toBe(0);
    expect(report.sent).toBeGreaterThan(10);
    const english = smtp.received.slice(before).find((r) => r.to.includes('fo_english@example.org'))!;
    const { headers, text } = parseMail(english.raw);
    expect(decodeHeader(headers.get('subject')!)).toBe('New announcement: 年度大会通知');
    expect(headers.get('list-unsubscribe')).toMatch(/\/api\/notifications\/unsubscribe\//);
    expect(text).toContain('/unsubscribe#');
    expect(smtp.received.slice(before).some((r) => r.to.includes('fo_quiet@example.org'))).toBe(false);
  });

  it('resumes an interrupted fan-out from its cursor after the lease', async () => {
    await ctx.deps.db.deleteFrom('notifications').execute();
    const res = await officer.post('/api/announcements', {
      orgId: tree.union.id,
      title: '续发测试',
      body: '<p>x</p>',
      publish: true,
    });
    const real = ctx.deps.notifier;
    let calls = 0;
    ctx.deps.notifier = {
      send: (n) => real.send(n),
      sendEach: (items, trx) => real.sendEach(items, trx),
      sendMany: async (ids, n) => {
        if (++calls === 3) throw new Error('process died');
        return real.sendMany(ids, n);
      },
    };
    await expect(announceDue(ctx.deps, 5)).rejects.toThrow('process died');
    ctx.deps.notifier = real;
    expect(await announceDue(ctx.deps, 5)).toBe(0); // leased by the dead run
    ctx.clock.advance(6 * 60_000);
    await announceDue(ctx.deps, 5);
    const rows = await ctx.deps.db
      .selectFrom('notifications')
      .where('link', '=', `/announcements/${res.json().id}`)
      .select('user_id')
      .execute();
    expect(new Set(rows.map((r) => r.user_id)).size).toBe(Object.values(members).length + 1);
    expect(rows.length).toBe(Object.values(members).length + 1); // the cursor was saved before the failure
  });
});

describe('targeting chat groups', () => {
  let custom: string;
  let foreign: string;
  beforeAll(async () => {
    const db = ctx.deps.db;
    const room = await db
      .insertInto('chat_rooms')
      .values({ kind: 'custom', name: '女工委员会', created_by: officerUser.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    custom = room.id;
    for (const u of [officerUser, members.plain!, members.extra0!, outsider])
      await db.insertInto('chat_members').values({ room_id: custom, user_id: u.id }).execute();
    const other = await db
      .insertInto('chat_rooms')
      .values({ kind: 'custom', name: '别人的群', created_by: outsider.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    foreign = other.id;
  });

  it('lists targetable groups and refuses a group the officer cannot aim at', async () => {
    const list = await officer.get(`/api/announcements/targets/${tree.union.id}`);
    expect(list.statusCode, list.body).toBe(200);
    const ids = list.json().items.map((i: { id: string }) => i.id);
    expect(ids).toContain(custom);
    expect(ids).not.toContain(foreign);
    const bad = await officer.post('/api/announcements', {
      orgId: tree.union.id,
      title: 'x',
      body: '<p>x</p>',
      targetRoomIds: [foreign],
    });
    expect(bad.statusCode).toBe(404);
  });

  it('reaches only group members inside the subtree, in the feed and by notification', async () => {
    await ctx.deps.db.deleteFrom('notifications').execute();
    const res = await officer.post('/api/announcements', {
      orgId: tree.union.id,
      title: '女工活动',
      body: '<p>活动</p>',
      publish: true,
      targetRoomIds: [custom],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().targetRoomIds).toEqual([custom]);
    const id = res.json().id as string;
    expect(await announceDue(ctx.deps)).toBe(3); // officer, plain, extra0 (the outsider is outside)
    const rows = await ctx.deps.db.selectFrom('notifications').select('user_id').execute();
    expect(new Set(rows.map((r) => r.user_id))).toEqual(
      new Set([officerUser.id, members.plain!.id, members.extra0!.id]),
    );
    const feed = async (u: TestUser) =>
      (await (await loginAs(ctx, u)).get('/api/my/announcements'))
        .json()
        .items.map((i: { id: string }) => i.id);
    expect(await feed(members.plain!)).toContain(id);
    const seen = (await (await loginAs(ctx, members.plain!)).get(`/api/my/announcements/${id}`)).json();
    expect(seen.title).toBe('女工活动');
    expect(seen.targetRoomIds).toBeUndefined(); // members are not told which groups were aimed at
    expect(await feed(members.english!)).not.toContain(id);
    expect(await feed(outsider)).not.toContain(id);
    const rates = (await officer.get(`/api/announcements/${id}/read-rates`)).json();
    expect(rates.audience).toBe(3);
    // the audience is fixed once published
    const patch = await officer.patch(`/api/announcements/${id}`, { targetRoomIds: [] });
    expect(patch.statusCode).toBe(409);
  });
});
