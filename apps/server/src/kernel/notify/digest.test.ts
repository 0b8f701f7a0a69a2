/**
 * Notification digests against a real SMTP server: members who chose a daily digest get no mail per
 * non-urgent notification but one digest a (local) day listing the unread ones, with the one-click
 * unsubscribe kept; essential mail still goes out at once; weekly digests follow the ISO week.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../testing/fixtures.js';
import { decodeHeader, parseMail, startTestSmtpServer } from '../testing/smtp.js';
import { buildTestApp, type TestContext } from '../testing/test-app.js';
import { SmtpMailer } from './channels.js';
import { digestDue, queueDigests } from './digest.js';
import { NotificationService } from './service.js';

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
let service: NotificationService;
let member: TestUser;
let english: TestUser;
let client: TestClient;

// Monday 2026-03-02 07:30 in Shanghai (before the digest hour)
const MONDAY_0730 = new Date('2026-03-01T23:30:00Z');

beforeAll(async () => {
  ctx = await buildTestApp();
  ctx.clock.current = new Date(MONDAY_0730.getTime() - 86_400_000);
  smtp = await startTestSmtpServer();
  service = new NotificationService(() => ctx.deps, {
    mailer: new SmtpMailer(smtp.url, '工会之家 <no-reply@unionhall.test>'),
    deliverImmediately: false,
  });
  ctx.deps.notifier = service;
  const tree = await createTree(ctx);
  member = await createUser(ctx, { username: 'digest_zh', org: tree.branch1 });
  english = await createUser(ctx, { username: 'digest_en', org: tree.branch1 });
  client = await loginAs(ctx, member);
  expect((await client.patch('/api/notifications/prefs', { digest: 'daily' })).json().digest).toBe('daily');
  const en = await loginAs(ctx, english);
  expect((await en.patch('/api/notifications/prefs', { digest: 'weekly', locale: 'en' })).statusCode).toBe(
    200,
  );
  ctx.clock.current = MONDAY_0730;
});
afterAll(async () => {
  await smtp.close();
  await ctx.close();
});

const mailsTo = (addr: string) => smtp.received.filter((m) => m.to.includes(addr));

describe('digests', () => {
  it('holds non-urgent mail for digest takers, sends essential mail at once', async () => {
    for (const [u, title] of [
      [member, '春节慰问'],
      [member, '职代会'],
      [english, 'Annual meeting'],
    ] as const)
      await service.send({
        userId: u.id,
        template: 'announcement_published',
        params: { title, org: '一车间分工会', link: '/announcements/x' },
      });
    await service.send({
      userId: member.id,
      template: 'password_reset',
      params: { link: 'https://x/reset' },
    });
    await service.deliverDue(100);
    expect(mailsTo('digest_zh@example.org')).toHaveLength(1); // only the password reset
    expect(mailsTo('digest_en@example.org')).toHaveLength(0);
    expect(await queueDigests(ctx.deps)).toBe(0); // 07:30 local: not yet
  });

  it('sends one daily digest after the digest hour listing the unread items, once a day', async () => {
    ctx.clock.advance(60 * 60_000); // 08:30 Shanghai, Monday
    client = await loginAs(ctx, member);
    // a read notification is not listed
    const list = (await client.get('/api/notifications')).json().items as Array<{
      id: string;
      title: string;
    }>;
    const read = list.find((i) => i.title.includes('职代会'))!;
    await client.post('/api/notifications/read', { ids: [read.id] });
    await service.send({
      userId: member.id,
      template: 'chat_message_offline',
      params: { from: '张三', room: '一车间', count: 2, link: '/chat/x' },
    });
    expect(await queueDigests(ctx.deps)).toBe(2); // the daily one, and the weekly one (new ISO week)
    expect(await queueDigests(ctx.deps)).toBe(0);
    await service.deliverDue(100);
    const [mail] = mailsTo('digest_zh@example.org').slice(1);
    expect(mail).toBeDefined();
    const { headers, text } = parseMail(mail!.raw);
    expect(decodeHeader(headers.get('subject')!)).toBe('工会之家每日摘要：2 条未读通知');
    expect(text).toContain('• 新公告：春节慰问');
    expect(text).toContain('• 张三 给您发来了消息');
    expect(text).not.toContain('职代会');
    expect(text).not.toContain('重置');
    expect(text).toContain('http://localhost:3000/notifications');
    const lu = headers.get('list-unsubscribe')!;
    expect(headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const en = parseMail(mailsTo('digest_en@example.org')[0]!.raw);
    expect(decodeHeader(en.headers.get('subject')!)).toBe(
      'Your Unionhall weekly digest: 1 unread notifications',
    );

    // one click on the header's URL stops the next digests
    const token = /\/api\/notifications\/unsubscribe\/([^>]+)>/.exec(lu)![1]!;
    const res = await new TestClient(ctx.app, '10.7.0.1').request(
      'POST',
      `/api/notifications/unsubscribe/${token}`,
      'List-Unsubscribe=One-Click',
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
    expect(res.statusCode, res.body).toBe(200);
    await service.send({
      userId: member.id,
      template: 'announcement_published',
      params: { title: '新的一天', org: 'x', link: '/announcements/y' },
    });
    ctx.clock.advance(86_400_000);
    expect(await queueDigests(ctx.deps)).toBe(0);
  });

  it('daily and weekly periods follow the local calendar', () => {
    const tz = 'Asia/Shanghai';
    const at = (iso: string) => new Date(iso);
    // 2026-03-03 09:00 Shanghai (Tuesday) vs last sent Monday 08:30
    expect(
      digestDue(at('2026-03-03T01:00:00Z'), {
        digest: 'daily',
        lastSent: at('2026-03-02T00:30:00Z'),
        timeZone: tz,
      }),
    ).toBe(true);
    expect(
      digestDue(at('2026-03-02T12:00:00Z'), {
        digest: 'daily',
        lastSent: at('2026-03-02T00:30:00Z'),
        timeZone: tz,
      }),
    ).toBe(false);
    expect(
      digestDue(at('2026-03-08T01:00:00Z'), {
        digest: 'weekly',
        lastSent: at('2026-03-02T00:30:00Z'),
        timeZone: tz,
      }),
    ).toBe(false);
    expect(
      digestDue(at('2026-03-09T01:00:00Z'), {
        digest: 'weekly',
        lastSent: at('2026-03-02T00:30:00Z'),
        timeZone: tz,
      }),
    ).toBe(true);
    expect(
      digestDue(at('2026-03-08T23:30:00Z'), {
        digest: 'weekly',
        lastSent: at('2026-03-02T00:30:00Z'),
        timeZone: tz,
      }),
    ).toBe(false);
    expect(digestDue(at('2026-03-09T01:00:00Z'), { digest: 'off', lastSent: null, timeZone: tz })).toBe(
      false,
    );
  });
});
