/**
 * sendEach / queueEach (each.ts) against a real database: per recipient exactly the rows send()
 * writes (in-app row in the member's language, e-mail outbox row with its own encrypted params and
 * unsubscribe token, e-mail off, muted category, quiet hours, NO_IN_APP, essential mail), in the
 * caller's transaction (rolled back with it), in a constant number of statements, pushed after
 * the commit.
 */
import { Kysely, PostgresDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../db/types.js';
import { createTree, createUser, type TestUser } from '../testing/fixtures.js';
import { buildTestApp, type TestContext } from '../testing/test-app.js';
import type { EachNotification } from './notifier.js';
import { notifyRepo } from './notify.repo.js';
import { NotificationService } from './service.js';

let ctx: TestContext;
let service: NotificationService;
/** email off + English, muted category, quiet hours, no preference row yet */
let off: TestUser;
let muted: TestUser;
let quiet: TestUser;
let fresh: TestUser;
let tree: Awaited<ReturnType<typeof createTree>>;
// 23:30 in Shanghai: inside quiet's 22:00-07:00 window
const NOW = new Date('2026-03-02T15:30:00Z');

beforeAll(async () => {
  ctx = await buildTestApp();
  service = new NotificationService(() => ctx.deps, { deliverImmediately: false });
  tree = await createTree(ctx);
  off = await createUser(ctx, { username: 'each_off', org: tree.branch1 });
  muted = await createUser(ctx, { username: 'each_muted', org: tree.branch1 });
  quiet = await createUser(ctx, { username: 'each_quiet', org: tree.branch2 });
  fresh = await createUser(ctx, { username: 'each_fresh', org: tree.branch2 });
  const repo = notifyRepo(ctx.deps.db);
  const at = ctx.clock.now();
  await repo.ensurePrefs(off.id, 'k'.repeat(22));
  await repo.updatePrefs(off.id, { email_enabled: false, locale: 'en', updated_at: at });
  await repo.ensurePrefs(muted.id, 'm'.repeat(22));
  await repo.updatePrefs(muted.id, { muted_categories: ['announcements'], updated_at: at });
  await repo.ensurePrefs(quiet.id, 'q'.repeat(22));
  await repo.updatePrefs(quiet.id, { quiet_start: 22 * 60, quiet_end: 7 * 60, updated_at: at });
  ctx.clock.current = NOW;
});
afterAll(async () => {
  await ctx?.close();
});

const items = (): EachNotification[] => [
  {
    userId: off.id,
    template: 'announcement_published',
    params: { title: 'A 通知', org: '一车间', link: '/a/1' },
  },
  {
    userId: muted.id,
    template: 'announcement_published',
    params: { title: 'B 通知', org: '二车间', link: '/a/2' },
  },
  { userId: quiet.id, template: 'dues_paid', params: { amount: '12.00', order: 'O-3', link: '/my/dues' } },
  {
    userId: fresh.id,
    template: 'announcement_published',
    params: { title: 'D 通知', org: '四车间', link: '/a/4' },
  },
  { userId: fresh.id, template: 'password_reset', params: { link: 'http://x/reset#token=secret' } },
  { userId: '00000000-0000-4000-8000-000000000000', template: 'dues_paid', params: { amount: 1 } },
];

/** Every notification and outbox row, params and address decrypted, ids left out, sorted. */
async function snapshot() {
  const inApp = await ctx.deps.db
    .selectFrom('notifications')
    .select(['user_id', 'template', 'category', 'title', 'body', 'link', 'created_at', 'read_at'])
    .execute();
  const out = [];
  for (const d of await ctx.deps.db.selectFrom('notification_deliveries').selectAll().execute()) {
    const { id: _id, recipient_enc, params_enc, ...rest } = d;
    out.push({
      ...rest,
      to: await ctx.deps.cipher.decrypt('notification_deliveries.recipient', recipient_enc!),
      params: JSON.parse(await ctx.deps.cipher.decrypt('notification_deliveries.params', params_enc!)),
    });
  }
  const key = (x: object) => JSON.stringify(x);
  return {
    inApp: inApp.sort((a, b) => key(a).localeCompare(key(b))),
    deliveries: out.sort((a, b) => key(a).localeCompare(key(b))),
  };
}

async function clear() {
  await ctx.deps.db.deleteFrom('notifications').execute();
  await ctx.deps.db.deleteFrom('notification_deliveries').execute();
}

/** A Kysely over the same pool that counts the statements it runs. */
function counting() {
  const seen: string[] = [];
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: ctx.deps.pool }),
    log: (e) => {
      if (e.level === 'query') seen.push(e.query.sql);
    },
  });
  return { db, seen };
}

describe('sendEach: per-recipient params, set-based', () => {
  it('writes exactly the rows send() writes for each item', async () => {
    await clear();
    for (const n of items()) await service.send(n);
    const bySend = await snapshot();
    // what send() does, for the record: in-app rows (no password reset), mail only where wanted
    expect(bySend.inApp.map((r) => r.user_id).sort()).toEqual([off.id, muted.id, quiet.id, fresh.id].sort());
    expect(bySend.inApp.find((r) => r.user_id === off.id)?.title).toBe('New announcement: A 通知');
    expect(bySend.deliveries.map((d) => [d.user_id, d.template]).sort()).toEqual(
      [
        [quiet.id, 'dues_paid'],
        [fresh.id, 'announcement_published'],
        [fresh.id, 'password_reset'],
      ].sort(),
    );
    const held = bySend.deliveries.find((d) => d.user_id === quiet.id)!;
    expect(held.next_attempt_at.toISOString()).toBe('2026-03-02T23:00:00.000Z');
    expect(held.params.unsubscribeToken).toMatch(/^q{22}\./);
    expect(bySend.deliveries.find((d) => d.template === 'password_reset')!.params).toEqual({
      link: 'http://x/reset#token=secret',
    });

    await clear();
    const after = await ctx.deps.db.transaction().execute((trx) => service.sendEach(items(), trx));
    await after();
    expect(await snapshot()).toEqual(bySend);
  });

  it('runs in the caller transaction: rolled back with it, pushed only after the commit', async () => {
    await clear();
    await expect(
      ctx.deps.db.transaction().execute(async (trx) => {
        await service.sendEach(items(), trx);
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
    expect(await snapshot()).toEqual({ inApp: [], deliveries: [] });

    const pushed: unknown[] = [];
    const unsub = await ctx.deps.pubsub.subscribe(`user:${muted.id}`, (m) => pushed.push(m));
    const after = await ctx.deps.db.transaction().execute((trx) => service.sendEach(items(), trx));
    const row = await ctx.deps.db
      .selectFrom('notifications')
      .where('user_id', '=', muted.id)
      .select(['id', 'title'])
      .executeTakeFirstOrThrow();
    await after();
    await expect.poll(() => pushed).toEqual([{ type: 'notification', id: row.id, title: row.title }]);
    await unsub();
  });

  it('creates the preference row of a member who has none, as send() does', async () => {
    const u = await createUser(ctx, { username: 'each_new', org: tree.branch1 });
    const after = await service.sendEach([
      { userId: u.id, template: 'dues_paid', params: { amount: '5.00', order: 'O-9', link: '/my/dues' } },
    ]);
    await after();
    const prefs = await notifyRepo(ctx.deps.db).prefsOf(u.id);
    expect(prefs?.locale).toBe('zh-CN');
    const d = await ctx.deps.db
      .selectFrom('notification_deliveries')
      .where('user_id', '=', u.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    const params = JSON.parse(await ctx.deps.cipher.decrypt('notification_deliveries.params', d.params_enc!));
    expect(params.unsubscribeToken.startsWith(`${prefs!.unsubscribe_key}.`)).toBe(true);
    expect(d.next_attempt_at.toISOString()).toBe(NOW.toISOString());
  });

  it('takes two statements whatever the number of items', async () => {
    for (const n of [1, 6, 60]) {
      const { db, seen } = counting();
      const many = Array.from({ length: n }, (_, i) => items()[i % 4]!);
      await db.transaction().execute((trx) => service.sendEach(many, trx));
      expect(seen.filter((q) => !/^(begin|commit|rollback)/i.test(q))).toHaveLength(2);
    }
    const { db, seen } = counting();
    expect(await service.sendEach([], db)).toBeTypeOf('function');
    expect(seen).toHaveLength(0);
  });
});
