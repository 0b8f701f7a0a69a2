/**
 * Retention rules per data class (SECURITY.md "Privacy", docs/privacy.md "Retention"), driven by a fake
 * clock: for every rule a row one minute inside its period stays and a row one minute past it goes;
 * pending outbox rows and unread recent notifications are never deleted; the run is audited with
 * counts only; a second run deletes nothing and writes no audit entry; the daily job is registered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTree, createUser, type TestUser } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { moduleJobs } from '../index.js';
import { enforceRetention, RETENTION_RULES } from './retention.service.js';

let ctx: TestContext;
let user: TestUser;
const DAY = 86_400_000;
const MIN = 60_000;
/** The fake "now" of the run: a fixed instant, so nothing depends on when the test runs. */
const NOW = new Date('2031-06-15T03:20:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const inside = (days: number) => ago(days * DAY - MIN);
const past = (days: number) => ago(days * DAY + MIN);
let idleMs: number;
const blob = Buffer.from('x');

const db = () => ctx.deps.db;
const auditCount = async () =>
  Number(
    (
      await db()
        .selectFrom('audit_log')
        .where('action', '=', 'privacy.retention_enforced')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function seed() {
  const d = db();
  const session = (id: string, expires: Date, lastSeen: Date) =>
    d
      .insertInto('sessions')
      .values({
        id_hash: id,
        user_id: user.id,
        created_at: ago(40 * DAY),
        last_seen_at: lastSeen,
        expires_at: expires,
      })
      .execute();
  // absolute expiry just inside / past 30 days (idle expiry later than that)
  await session('s-abs-in', inside(30), inside(30));
  await session('s-abs-out', past(30), inside(30));
  // idle expiry (last_seen_at + idle) just inside / past 30 days; absolute expiry in the future
  await session('s-idle-in', new Date(NOW.getTime() + DAY), new Date(inside(30).getTime() - idleMs));
  await session('s-idle-out', new Date(NOW.getTime() + DAY), new Date(past(30).getTime() - idleMs));
  await session('s-live', new Date(NOW.getTime() + DAY), NOW);

  const token = (hash: string, expires: Date, used: Date | null) =>
    d
      .insertInto('one_time_tokens')
      .values({
        token_hash: hash,
        purpose: 'password_reset',
        user_id: user.id,
        expires_at: expires,
        used_at: used,
      })
      .execute();
  await token('t-exp-in', inside(30), null);
  await token('t-exp-out', past(30), null);
  await token('t-used-in', new Date(NOW.getTime() + DAY), inside(30));
  await token('t-used-out', new Date(NOW.getTime() + DAY), past(30));

  await d
    .insertInto('recovery_codes')
    .values([
      { user_id: user.id, code_hash: 'rc-used-in', used_at: inside(30) },
      { user_id: user.id, code_hash: 'rc-used-out', used_at: past(30) },
      { user_id: user.id, code_hash: 'rc-unused', used_at: null },
    ])
    .execute();

  const note = (title: string, created: Date, read: Date | null) =>
    d
      .insertInto('notifications')
      .values({
        user_id: user.id,
        template: 'retention_test',
        category: 'system',
        title,
        body: 'b',
        link: null,
        created_at: created,
        read_at: read,
      })
      .execute();
  await note('n-read-in', inside(400), inside(365));
  await note('n-read-out', past(400), past(365));
  await note('n-unread-in', inside(730), null);
  await note('n-unread-out', past(730), null);
  await note('n-unread-recent', ago(DAY), null);
  await note('n-read-old-created', past(730), ago(DAY)); // read yesterday, but older than 2 years

  const broadcast = async (created: Date) =>
    (
      await d
        .insertInto('notification_broadcasts')
        .values({ template: 'retention_test', params_enc: blob, created_at: created })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const bOrphanIn = await broadcast(inside(90));
  const bOrphanOut = await broadcast(past(90));
  const bPending = await broadcast(past(900));
  const bSent = await broadcast(past(900));

  const delivery = (
    template: string,
    status: 'pending' | 'sent' | 'failed',
    at: { sent?: Date; next: Date },
    broadcastId?: string,
  ) =>
    d
      .insertInto('notification_deliveries')
      .values({
        user_id: user.id,
        channel: 'email',
        template,
        locale: 'zh-CN',
        recipient_enc: broadcastId ? null : blob,
        params_enc: broadcastId ? null : blob,
        broadcast_id: broadcastId ?? null,
        status,
        next_attempt_at: at.next,
        sent_at: at.sent ?? null,
        created_at: past(1000),
      })
      .execute();
  await delivery('d-sent-in', 'sent', { sent: inside(90), next: past(1000) });
  await delivery('d-sent-out', 'sent', { sent: past(90), next: past(1000) });
  await delivery('d-failed-in', 'failed', { next: inside(90) });
  await delivery('d-failed-out', 'failed', { next: past(90) });
  await delivery('d-pending-old', 'pending', { next: past(1000) });
  await delivery('d-bc-pending', 'pending', { next: past(1000) }, bPending);
  await delivery('d-bc-sent', 'sent', { sent: past(90), next: past(1000) }, bSent);
  return { bOrphanIn, bOrphanOut, bPending, bSent };
}

let broadcasts: Awaited<ReturnType<typeof seed>>;

beforeAll(async () => {
  ctx = await buildTestApp();
  ctx.clock.current = new Date(NOW);
  idleMs = ctx.deps.config.sessionIdleMinutes * MIN;
  const tree = await createTree(ctx);
  user = await createUser(ctx, { username: 'ret_member', org: tree.branch1 });
  broadcasts = await seed();
}, 60_000);

afterAll(async () => {
  await ctx?.close();
});

describe('privacy retention', () => {
  it('deletes each class just past its period, keeps it just inside, audits counts only', async () => {
    const before = await auditCount();
    const counts = await enforceRetention(ctx.deps, NOW);
    expect(counts).toEqual({
      sessions: 2,
      oneTimeTokens: 2,
      usedRecoveryCodes: 1,
      readNotifications: 1,
      oldNotifications: 2,
      outboxDeliveries: 3,
      outboxBroadcasts: 2,
      closedCases: 0,
    });

    const sessions = await db()
      .selectFrom('sessions')
      .where('user_id', '=', user.id)
      .select('id_hash')
      .execute();
    expect(sessions.map((s) => s.id_hash).sort()).toEqual(['s-abs-in', 's-idle-in', 's-live']);
    const tokens = await db()
      .selectFrom('one_time_tokens')
      .where('token_hash', 'like', 't-%')
      .select('token_hash')
      .execute();
    expect(tokens.map((t) => t.token_hash).sort()).toEqual(['t-exp-in', 't-used-in']);
    const codes = await db()
      .selectFrom('recovery_codes')
      .where('user_id', '=', user.id)
      .select('code_hash')
      .execute();
    expect(codes.map((c) => c.code_hash).sort()).toEqual(['rc-unused', 'rc-used-in']);
    const notes = await db()
      .selectFrom('notifications')
      .where('template', '=', 'retention_test')
      .select('title')
      .execute();
    expect(notes.map((n) => n.title).sort()).toEqual(['n-read-in', 'n-unread-in', 'n-unread-recent']);
    const deliveries = await db()
      .selectFrom('notification_deliveries')
      .where('user_id', '=', user.id)
      .select('template')
      .execute();
    expect(deliveries.map((d) => d.template).sort()).toEqual([
      'd-bc-pending',
      'd-failed-in',
      'd-pending-old',
      'd-sent-in',
    ]);
    const bcs = await db()
      .selectFrom('notification_broadcasts')
      .where('template', '=', 'retention_test')
      .select('id')
      .execute();
    expect(bcs.map((b) => b.id).sort()).toEqual([broadcasts.bOrphanIn, broadcasts.bPending].sort());

    expect(await auditCount()).toBe(before + 1);
    const audit = await db()
      .selectFrom('audit_log')
      .where('action', '=', 'privacy.retention_enforced')
      .orderBy('seq', 'desc')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBeNull();
    expect(audit.at.toISOString()).toBe(NOW.toISOString());
    // counts only: no account, name, address or token in the entry
    expect(audit.details).toEqual({ asOf: NOW.toISOString(), counts });
    expect(JSON.stringify(audit)).not.toContain(user.id);
  });

  it('runs from the daily job at the clock time; a second run deletes nothing and writes no audit entry', async () => {
    const job = moduleJobs.find((j) => j.name === 'privacy-retention');
    expect(job?.cron).toBe('20 3 * * *');
    const before = await auditCount();
    const snapshot = async () => ({
      sessions: (await db().selectFrom('sessions').select('id_hash').execute()).length,
      notes: (await db().selectFrom('notifications').select('id').execute()).length,
      deliveries: (await db().selectFrom('notification_deliveries').select('id').execute()).length,
    });
    const rows = await snapshot();
    await job?.handler(ctx.deps, {}); // uses ctx.deps.clock: NOW
    const counts = await enforceRetention(ctx.deps, NOW);
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    expect(Object.keys(counts).sort()).toEqual(RETENTION_RULES.map((r) => r.dataClass).sort());
    expect(await snapshot()).toEqual(rows);
    expect(await auditCount()).toBe(before);
  });

  it('never deletes pending outbox rows or unread notifications younger than two years', async () => {
    // ten years later: everything else has aged out
    const later = new Date(NOW.getTime() + 3650 * DAY);
    await db()
      .insertInto('notifications')
      .values({
        user_id: user.id,
        template: 'retention_test',
        category: 'system',
        title: 'n-unread-later',
        body: 'b',
        link: null,
        created_at: new Date(later.getTime() - 729 * DAY),
      })
      .execute();
    await enforceRetention(ctx.deps, later);
    const pending = await db()
      .selectFrom('notification_deliveries')
      .where('user_id', '=', user.id)
      .select(['template', 'status'])
      .execute();
    expect(pending.map((d) => d.template).sort()).toEqual(['d-bc-pending', 'd-pending-old']);
    expect(pending.every((d) => d.status === 'pending')).toBe(true);
    const bcs = await db()
      .selectFrom('notification_broadcasts')
      .where('id', '=', broadcasts.bPending)
      .select('id')
      .execute();
    expect(bcs).toHaveLength(1);
    const notes = await db()
      .selectFrom('notifications')
      .where('template', '=', 'retention_test')
      .select('title')
      .execute();
    expect(notes.map((n) => n.title)).toEqual(['n-unread-later']);
  });
});
