/** Notification centre over HTTP: own list and read state, preferences, one-click unsubscribe, officers' failures. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationService } from '../../kernel/notify/service.js';
import { unsubscribeToken } from '../../kernel/notify/unsubscribe.js';
import { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';

let ctx: TestContext;
let service: NotificationService;
let member: TestUser;
let other: TestUser;
let officer: TestUser;
let mc: TestClient;

beforeAll(async () => {
  ctx = await buildTestApp();
  // the real service behind deps.notifier (mail to a collecting mailer)
  const mails: unknown[] = [];
  service = new NotificationService(() => ctx.deps, {
    deliverImmediately: false,
    mailer: {
      send: async (m) => {
        if (m.to.startsWith('fail')) throw new Error('550 mailbox unavailable');
        mails.push(m);
      },
    },
  });
  ctx.deps.notifier = service;
  const t = await createTree(ctx);
  member = await createUser(ctx, { username: 'nc_member', org: t.branch1 });
  other = await createUser(ctx, { username: 'nc_other', org: t.branch1 });
  officer = await createUser(ctx, { username: 'nc_officer', org: t.branch1, roles: ['chair'] });
  mc = await loginAs(ctx, member);
});
afterAll(() => ctx.close());

describe('notification centre', () => {
  it('lists own notifications with the unread count and marks them read', async () => {
    for (const title of ['一', '二', '<script>三</script>']) {
      ctx.clock.advance(1000);
      await ctx.deps.notifier.send({
        userId: member.id,
        template: 'announcement_published',
        params: { title, org: 'o', link: '/x' },
      });
    }
    await ctx.deps.notifier.send({
      userId: other.id,
      template: 'announcement_published',
      params: { title: '别人的', org: 'o', link: '/x' },
    });
    const res = await mc.get('/api/notifications?limit=2');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.unread).toBe(3);
    expect(body.items.map((i: { title: string }) => i.title)).toEqual([
      '新公告：<script>三</script>',
      '新公告：二',
    ]);
    expect(res.body).not.toContain('别人的');
    const next = await mc.get(`/api/notifications?limit=2&before=${body.items[1].id}`);
    expect(next.json().items.map((i: { title: string }) => i.title)).toEqual(['新公告：一']);
    const read = await mc.post('/api/notifications/read', { ids: [body.items[0].id] });
    expect(read.json()).toEqual({ unread: 2 });
    expect((await mc.post('/api/notifications/read', { all: true })).json()).toEqual({ unread: 0 });
    expect((await mc.get('/api/notifications/unread')).json()).toEqual({ unread: 0 });
  });

  it('updates preferences and refuses an unknown time zone', async () => {
    const res = await mc.patch('/api/notifications/prefs', {
      locale: 'en',
      quietStart: 1320,
      quietEnd: 420,
      mutedCategories: ['chat'],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      locale: 'en',
      quietStart: 1320,
      quietEnd: 420,
      mutedCategories: ['chat'],
    });
    expect((await mc.patch('/api/notifications/prefs', { timeZone: 'Mars/Olympus' })).statusCode).toBe(400);
    expect((await mc.patch('/api/notifications/prefs', { role: 'admin' })).statusCode).toBe(400);
  });

  it('one-click unsubscribe works without a session, form-encoded, and is audited', async () => {
    const prefs = await ctx.deps.db
      .selectFrom('notification_prefs')
      .where('user_id', '=', member.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    const token = unsubscribeToken(ctx.deps.ring, prefs.unsubscribe_key);
    const anon = new TestClient(ctx.app, '10.9.0.1');
    const res = await anon.request(
      'POST',
      `/api/notifications/unsubscribe/${token}`,
      'List-Unsubscribe=One-Click',
      {
        'content-type': 'application/x-www-form-urlencoded',
      },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect((await mc.get('/api/notifications/prefs')).json().unsubscribed).toBe(true);
    const forged = await anon.post(
      `/api/notifications/unsubscribe/${prefs.unsubscribe_key}.${'A'.repeat(22)}`,
      {},
    );
    expect(forged.statusCode).toBe(400);
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .where('action', '=', 'notification.unsubscribed')
      .selectAll()
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('officers see failed deliveries in their scope and can requeue them', async () => {
    await ctx.deps.notifier.send({
      userId: other.id,
      to: 'fail@example.org',
      template: 'password_reset',
      params: { link: 'l' },
    });
    for (let i = 0; i < 5; i++) {
      await service.deliverDue();
      ctx.clock.advance(3 * 3_600_000);
    }
    const oc = await loginAs(ctx, officer);
    const list = await oc.get('/api/notifications/deliveries');
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      userId: other.id,
      status: 'failed',
      attempts: 5,
      template: 'password_reset',
    });
    expect(list.body).not.toContain('fail@example.org');
    // (the fake clock moved past the idle timeout: sign the member in again)
    const mc2 = await loginAs(ctx, member);
    expect((await mc2.get('/api/notifications/deliveries')).statusCode).toBe(403);
    const retry = await oc.post(`/api/notifications/deliveries/${items[0].id}/retry`, {});
    expect(retry.statusCode, retry.body).toBe(200);
    expect((await oc.get('/api/notifications/deliveries')).json().items).toHaveLength(0);
  });
});
