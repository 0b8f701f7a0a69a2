/**
 * The notification service against a real database and a real SMTP server on loopback: Chinese mail
 * arrives correctly encoded, failures are retried and then reported, preferences, quiet hours and the
 * one-click unsubscribe hold, and secrets never reach the in-app centre.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTree, createUser, type TestUser } from '../testing/fixtures.js';
import { decodeHeader, parseMail, startTestSmtpServer } from '../testing/smtp.js';
import { buildTestApp, type TestContext } from '../testing/test-app.js';
import { LogSmsProvider, SmtpMailer } from './channels.js';
import { notifyRepo } from './notify.repo.js';
import { afterQuietHours } from './quiet-hours.js';
import { MAX_ATTEMPTS, NotificationService } from './service.js';
import { unsubscribeToken, verifyUnsubscribeToken } from './unsubscribe.js';

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
let service: NotificationService;
let sms: LogSmsProvider;
let member: TestUser;
let tree: Awaited<ReturnType<typeof createTree>>;

beforeAll(async () => {
  ctx = await buildTestApp();
  smtp = await startTestSmtpServer({ rejectRecipients: (a) => a.startsWith('bounce') });
  sms = new LogSmsProvider();
  service = new NotificationService(() => ctx.deps, {
    mailer: new SmtpMailer(smtp.url, '工会之家 <no-reply@unionhall.test>'),
    sms,
    deliverImmediately: false,
  });
  tree = await createTree(ctx);
  member = await createUser(ctx, { username: 'mail_member', org: tree.branch1 });
});
afterAll(async () => {
  await smtp.close();
  await ctx.close();
});

describe('e-mail over SMTP', () => {
  it('delivers a correctly encoded Chinese password-reset mail', async () => {
    const link = 'http://localhost:3000/reset-password#token=abc';
    await service.send({
      userId: member.id,
      to: 'mail_member@example.org',
      template: 'password_reset',
      params: { link },
    });
    expect(await service.deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
    const mail = smtp.received.at(-1)!;
    expect(mail.to).toEqual(['mail_member@example.org']);
    const { headers, text } = parseMail(mail.raw);
    expect(decodeHeader(headers.get('subject')!)).toBe('重置您的工会之家密码');
    expect(headers.get('content-type')).toMatch(/charset=utf-8/i);
    expect(decodeHeader(headers.get('from')!)).toContain('工会之家');
    expect(text).toContain('请在 1 小时内打开以下链接设置新密码');
    expect(text).toContain(link);
    // essential mail carries no unsubscribe header
    expect(headers.has('list-unsubscribe')).toBe(false);
    // the reset link (a secret) never lands in the in-app centre
    expect(await notifyRepo(ctx.deps.db).unreadCount(member.id)).toBe(0);
  });

  it('stores recipient and params encrypted in the outbox', async () => {
    const rows = await ctx.deps.db.selectFrom('notification_deliveries').selectAll().execute();
    for (const r of rows) {
      expect(r.recipient_enc.toString('latin1')).not.toContain('@example.org');
      expect(r.params_enc.toString('latin1')).not.toContain('token=');
    }
  });

  it('retries a failed delivery with backoff, then marks it failed and audits it', async () => {
    const user = await createUser(ctx, { username: 'bounce_user', org: tree.branch2 });
    await service.send({
      userId: user.id,
      to: 'bounce@example.org',
      template: 'password_reset',
      params: { link: 'x' },
    });
    expect(await service.deliverDue()).toEqual({ sent: 0, retried: 1, failed: 0 });
    // not due again until the backoff has passed
    expect(await service.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    for (let i = 2; i < MAX_ATTEMPTS; i++) {
      ctx.clock.advance(3 * 3_600_000);
      expect(await service.deliverDue()).toEqual({ sent: 0, retried: 1, failed: 0 });
    }
    ctx.clock.advance(3 * 3_600_000);
    expect(await service.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 1 });
    const row = await ctx.deps.db
      .selectFrom('notification_deliveries')
      .where('user_id', '=', user.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(MAX_ATTEMPTS);
    expect(row.org_id).toBe(tree.branch2.id);
    expect(row.last_error).toMatch(/550/);
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .where('action', '=', 'notification.delivery_failed')
      .where('target_id', '=', row.id)
      .selectAll()
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('a server that is down recovers on the next attempt', async () => {
    smtp.setDown(true);
    await service.send({
      userId: member.id,
      to: 'mail_member@example.org',
      template: 'password_reset',
      params: { link: 'y' },
    });
    expect(await service.deliverDue()).toEqual({ sent: 0, retried: 1, failed: 0 });
    smtp.setDown(false);
    ctx.clock.advance(61_000);
    expect(await service.deliverDue()).toEqual({ sent: 1, retried: 0, failed: 0 });
  });
});

describe('in-app, preferences, quiet hours and unsubscribe', () => {
  it('non-essential mail: in-app row, pub/sub push, unsubscribe header and footer', async () => {
    const pushed: unknown[] = [];
    const unsub = await ctx.deps.pubsub.subscribe(`user:${member.id}`, (m) => pushed.push(m));
    const before = smtp.received.length;
    await service.send({
      userId: member.id,
      template: 'announcement_published',
      params: {
        title: '<script>alert(1)</script>春节慰问',
        org: '一车间分工会',
        link: '/my/announcements/1',
      },
    });
    expect(await service.deliverDue()).toMatchObject({ sent: 1 });
    const { headers, text } = parseMail(smtp.received[before]!.raw);
    expect(decodeHeader(headers.get('subject')!)).toBe('新公告：<script>alert(1)</script>春节慰问');
    const lu = headers.get('list-unsubscribe')!;
    expect(headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const token = /\/api\/notifications\/unsubscribe\/([^>]+)>/.exec(lu)![1]!;
    expect(verifyUnsubscribeToken(ctx.deps.ring, token)).not.toBeNull();
    expect(token).not.toContain(member.id);
    expect(text).toContain(`/unsubscribe#${token}`);
    const list = await notifyRepo(ctx.deps.db).listNotifications(member.id, { limit: 10, unreadOnly: true });
    expect(list[0]?.title).toBe('新公告：<script>alert(1)</script>春节慰问');
    expect(list[0]?.link).toBe('/my/announcements/1');
    await expect.poll(() => pushed.length).toBe(1);
    await unsub();
  });

  it('unsubscribed and muted members get no non-essential mail, but essential mail still arrives', async () => {
    const repo = notifyRepo(ctx.deps.db);
    await repo.updatePrefs(member.id, { unsubscribed_at: ctx.clock.now(), updated_at: ctx.clock.now() });
    await service.send({
      userId: member.id,
      template: 'announcement_published',
      params: { title: 't', org: 'o', link: '/x' },
    });
    expect(await service.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    await service.send({ userId: member.id, template: 'password_reset', params: { link: 'z' } });
    expect(await service.deliverDue()).toMatchObject({ sent: 1 });
    await repo.updatePrefs(member.id, {
      unsubscribed_at: null,
      muted_categories: ['announcements'],
      updated_at: ctx.clock.now(),
    });
    await service.send({
      userId: member.id,
      template: 'announcement_published',
      params: { title: 't', org: 'o', link: '/x' },
    });
    expect(await service.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    await repo.updatePrefs(member.id, { muted_categories: [], updated_at: ctx.clock.now() });
  });

  it('quiet hours hold non-essential mail until the window ends (member time zone)', async () => {
    // 22:00-07:00 in Shanghai; now = 23:30 Shanghai = 15:30 UTC
    const now = new Date('2026-03-02T15:30:00Z');
    const q = { start: 22 * 60, end: 7 * 60, timeZone: 'Asia/Shanghai' };
    expect(afterQuietHours(now, q).toISOString()).toBe('2026-03-02T23:00:00.000Z');
    expect(afterQuietHours(new Date('2026-03-02T03:00:00Z'), q).toISOString()).toBe(
      '2026-03-02T03:00:00.000Z',
    );

    ctx.clock.current = now;
    const repo = notifyRepo(ctx.deps.db);
    await repo.updatePrefs(member.id, { quiet_start: q.start, quiet_end: q.end, updated_at: now });
    await service.send({
      userId: member.id,
      template: 'announcement_published',
      params: { title: 't', org: 'o', link: '/x' },
    });
    expect(await service.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    ctx.clock.current = new Date('2026-03-02T23:00:30Z');
    expect(await service.deliverDue()).toMatchObject({ sent: 1 });
  });

  it('SMS goes through the provider only when the member enabled it', async () => {
    await service.send({
      userId: member.id,
      phone: '13800138000',
      template: 'chat_message_offline',
      params: { from: '张三', room: 'r', count: 1, link: '/chat' },
    });
    await service.deliverDue();
    expect(sms.sent).toHaveLength(0);
    await notifyRepo(ctx.deps.db).updatePrefs(member.id, {
      sms_enabled: true,
      quiet_start: null,
      quiet_end: null,
      updated_at: ctx.clock.now(),
    });
    await service.send({
      userId: member.id,
      phone: '13800138000',
      template: 'chat_message_offline',
      params: { from: '张三', room: 'r', count: 1, link: '/chat' },
    });
    await service.deliverDue();
    expect(sms.sent).toEqual([{ to: '13800138000', text: '【工会之家】张三 给您发来了消息，请登录查看。' }]);
  });

  it('forged unsubscribe tokens are refused', () => {
    const t = unsubscribeToken(ctx.deps.ring, 'A'.repeat(22));
    expect(verifyUnsubscribeToken(ctx.deps.ring, t)).toBe('A'.repeat(22));
    expect(verifyUnsubscribeToken(ctx.deps.ring, `${'A'.repeat(22)}.${'B'.repeat(22)}`)).toBeNull();
    expect(verifyUnsubscribeToken(ctx.deps.ring, 'garbage')).toBeNull();
  });
});
