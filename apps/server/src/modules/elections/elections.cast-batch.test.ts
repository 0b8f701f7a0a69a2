/**
 * Group commit of first casts (issue 4; ELECTIONS.md E2, E3, E12): concurrent casts are written
 * in shared transactions, each voter still gets exactly one mark and one ballot or neither, one bad
 * ballot is refused alone, and a batch that dies is retried cast by cast. Each cast's tracking-code
 * notification is stored in the same transaction (both or neither) and pushed after the commit.
 */
import {
  type EncryptedBallot,
  encryptBallot,
  type Manifest,
  type PublicContext,
  verifyBallot,
} from '@unionhall/election-crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/auth/actor.js';
import { createTree, createUser, type TestUser } from '../../kernel/testing/fixtures.js';
import { insertMemberRow } from '../../kernel/testing/member-fixtures.js';
import type { AfterCommit, Notifier } from '../../kernel/notify/notifier.js';
import { MemoryNotifier } from '../../kernel/notify/notifier.js';
import { NotificationService } from '../../kernel/notify/service.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import type { OrgRow } from '../orgs/index.js';
import { readyElection } from './elections-fixtures.test.js';
import { castBatcher } from './elections.cast-batch.js';
import { electionsRepo } from './elections.repo.js';
import { castBallot } from './elections.voting.service.js';

let ctx: TestContext;
let union: OrgRow;
let officer: TestUser;
let trustee: TestUser;
const voters: TestUser[] = [];
let el: { id: string; manifest: Manifest; context: PublicContext };

beforeAll(async () => {
  ctx = await buildTestApp();
  const tree = await createTree(ctx);
  union = tree.union;
  officer = await createUser(ctx, { username: 'cb_officer', org: union, roles: ['chair'] });
  trustee = await createUser(ctx, { username: 'cb_trustee', org: union });
  for (let i = 0; i < 100; i++) {
    const v = await createUser(ctx, { username: `cb_v${i}`, org: tree.branch1 });
    await insertMemberRow(ctx, { user: v, org: tree.branch1, union });
    voters.push(v);
  }
  el = await readyElection(ctx, {
    officer,
    trustee,
    union,
    title: '批量投票测试',
    candidates: [
      { id: 'li', name: '李明' },
      { id: 'wang', name: '王芳' },
    ],
  });
}, 120_000);

afterAll(async () => {
  await ctx?.close();
});

const actorOf = (u: TestUser): Actor => ({
  userId: u.id,
  username: u.username,
  displayName: u.username,
  orgId: union.id,
  sessionIdHash: 'test',
  mfaEnabled: false,
  mfaPassed: false,
  isOfficer: false,
  reauthAt: ctx.clock.now(),
  ip: '127.0.0.1',
});
const ballot = (chair = 'li') => encryptBallot(el.manifest, el.context, { chair: [chair] }).ballot;
const cast = (u: TestUser, b: EncryptedBallot) =>
  castBallot(ctx.deps, actorOf(u), el.id, b).then(
    (r) => ({ ok: true as const, code: r.trackingCode }),
    (err: { code?: string }) => ({ ok: false as const, error: err.code }),
  );

async function stored() {
  const marks = await sql<{ n: string }>`
    SELECT count(*) AS n FROM election_votes_cast WHERE election_id = ${el.id}`.execute(ctx.deps.db);
  const ballots = await electionsRepo(ctx.deps.db).ballotsByTrackingCode(el.id);
  return { marks: Number(marks.rows[0]!.n), ballots };
}

describe('group commit of first casts', () => {
  it('50 concurrent casts by distinct voters: 50 marks, 50 ballots, all verified, fewer transactions', async () => {
    const batcher = castBatcher(ctx.deps);
    const before = { ...batcher.stats };
    const sent = voters.slice(0, 50).map(() => ballot());
    const results = await Promise.all(voters.slice(0, 50).map((u, i) => cast(u, sent[i]!)));
    expect(results.every((r) => r.ok)).toBe(true);
    const { marks, ballots } = await stored();
    expect(marks).toBe(50);
    expect(ballots.map((b) => b.tracking_code).sort()).toEqual(sent.map((b) => b.tracking_code).sort());
    for (const b of ballots)
      expect(verifyBallot(el.manifest, el.context, b.ballot as EncryptedBallot).ok).toBe(true);
    expect(batcher.stats.casts - before.casts).toBe(50);
    expect(batcher.stats.batches - before.batches).toBeLessThan(50);
    // stored without a compression attempt (hex group elements do not compress; migration 0036)
    const storage = await sql<{ s: string }>`
      SELECT attstorage AS s FROM pg_attribute
      WHERE attrelid = 'election_ballots'::regclass AND attname = 'ballot'`.execute(ctx.deps.db);
    expect(storage.rows[0]!.s).toBe('e');
  });

  it('concurrent duplicate casts by one voter in one burst: exactly one counted', async () => {
    const u = voters[50]!;
    const results = await Promise.all([cast(u, ballot('li')), cast(u, ballot('wang')), cast(u, ballot())]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => r.error)).toEqual([
      'election.already_voted',
      'election.already_voted',
    ]);
    const { marks, ballots } = await stored();
    expect(marks).toBe(51);
    expect(ballots).toHaveLength(51);
  });

  it('one bad ballot in a burst is refused alone (invalid proof, replayed tracking code)', async () => {
    const good = voters.slice(51, 56).map(() => ballot());
    const broken = ballot();
    const [o0, o1] = broken.contests[0]!.options;
    [o0!.proof, o1!.proof] = [o1!.proof, o0!.proof];
    const { ballots: already } = await stored();
    const replay = already[0]!.ballot as EncryptedBallot;
    const results = await Promise.all([
      ...voters.slice(51, 56).map((u, i) => cast(u, good[i]!)),
      cast(voters[56]!, broken),
      cast(voters[57]!, replay),
    ]);
    expect(results.slice(0, 5).every((r) => r.ok)).toBe(true);
    expect(results[5]).toMatchObject({ ok: false, error: 'election.invalid_ballot' });
    expect(results[6]).toMatchObject({ ok: false, error: 'election.duplicate_ballot' });
    const { marks, ballots } = await stored();
    expect(marks).toBe(56);
    expect(ballots).toHaveLength(56);
  });

  it('a batch transaction that dies leaves both or neither for every voter, then each cast retries (E12)', async () => {
    // The batch statement itself: rolled back with its transaction, nothing of it stays.
    const probe = voters.slice(58, 61);
    const roll = await sql<{ member_id: string; user_id: string }>`
      SELECT member_id::text, user_id::text FROM election_voters WHERE election_id = ${el.id}`.execute(
      ctx.deps.db,
    );
    const memberOf = new Map(roll.rows.map((r) => [r.user_id, r.member_id]));
    await expect(
      ctx.deps.db.transaction().execute(async (trx) => {
        const ids = await electionsRepo(trx).castMany(
          el.id,
          probe.map((u) => {
            const b = ballot();
            return {
              member_id: memberOf.get(u.id)!,
              tracking_code: b.tracking_code,
              ballot: b,
              revote_owner: null,
              revote_tag: null,
            };
          }),
        );
        expect(ids).toHaveLength(3);
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    expect((await stored()).marks).toBe(56);
    expect((await stored()).ballots).toHaveLength(56);

    // Through the service: the batch's backend is killed after its writes; every cast is retried alone.
    const batcher = castBatcher(ctx.deps);
    const fallbacks = batcher.stats.fallbacks;
    let killed = false;
    batcher.hook = async (trx) => {
      if (killed) return;
      killed = true;
      await sql`SELECT pg_terminate_backend(pg_backend_pid())`.execute(trx);
    };
    try {
      const sent = voters.slice(58, 70).map(() => ballot());
      const results = await Promise.all(voters.slice(58, 70).map((u, i) => cast(u, sent[i]!)));
      expect(results.every((r) => r.ok)).toBe(true);
      expect(batcher.stats.fallbacks).toBeGreaterThan(fallbacks);
      const { marks, ballots } = await stored();
      expect(marks).toBe(68);
      expect(ballots).toHaveLength(68);
      const codes = new Set(ballots.map((b) => b.tracking_code));
      for (const b of sent) expect(codes.has(b.tracking_code)).toBe(true);
    } finally {
      batcher.hook = undefined;
    }
  });
});

describe('tracking-code notifications in the batch transaction', () => {
  /** The real service (rows in PostgreSQL) plus a recorder of what was committed (params). */
  function recording(): { notifier: Notifier; committed: MemoryNotifier } {
    const real = new NotificationService(() => ctx.deps, { deliverImmediately: false });
    const committed = new MemoryNotifier();
    return {
      committed,
      notifier: {
        send: (n) => real.send(n),
        sendMany: (ids, n) => real.sendMany(ids, n),
        sendEach: async (items, trx): Promise<AfterCommit> => {
          const a = await real.sendEach(items, trx);
          const b = await committed.sendEach(items, trx);
          return async () => {
            await a();
            await b();
          };
        },
      },
    };
  }

  async function notesOf(userIds: string[]) {
    return ctx.deps.db
      .selectFrom('notifications')
      .where('template', '=', 'election_ballot_cast')
      .where('user_id', 'in', userIds)
      .select(['id', 'user_id', 'title', 'body', 'link'])
      .execute();
  }

  it('20 concurrent casts: each voter gets one notification with their own tracking code, pushed', async () => {
    const { notifier, committed } = recording();
    const memory = ctx.deps.notifier;
    ctx.deps.notifier = notifier;
    const batcher = castBatcher(ctx.deps);
    const before = { ...batcher.stats };
    const who = voters.slice(70, 90);
    const pushed: Array<{ user: string; m: unknown }> = [];
    const unsubs = await Promise.all(
      who.map((u) => ctx.deps.pubsub.subscribe(`user:${u.id}`, (m) => pushed.push({ user: u.id, m }))),
    );
    try {
      const sent = who.map(() => ballot());
      const results = await Promise.all(who.map((u, i) => cast(u, sent[i]!)));
      expect(results.every((r) => r.ok)).toBe(true);
      expect(batcher.stats.batches - before.batches).toBeLessThan(20);
      expect(batcher.stats.fallbacks).toBe(before.fallbacks);
      // own tracking code per voter, exactly once
      const got = committed.sent.map((n) => [n.userId, n.template, n.params.trackingCode]);
      expect(got.sort()).toEqual(
        who.map((u, i) => [u.id, 'election_ballot_cast', sent[i]!.tracking_code]).sort(),
      );
      expect(committed.sent.every((n) => n.params.title === '批量投票测试')).toBe(true);
      // one stored in-app row per voter, and its push
      const rows = await notesOf(who.map((u) => u.id));
      expect(rows.map((r) => r.user_id).sort()).toEqual(who.map((u) => u.id).sort());
      // the stored text carries the voter's own tracking code and the way to the board
      for (const r of rows) {
        const mine = sent[who.findIndex((u) => u.id === r.user_id)]!.tracking_code;
        expect(r.title).toBe('选票已投出：批量投票测试');
        expect(r.body).toContain(`跟踪码：${mine}`);
        expect(r.link).toMatch(/^\/my\/elections\/[0-9a-f-]{36}\/board$/);
      }
      await expect.poll(() => pushed.length).toBe(20);
      for (const r of rows)
        expect(pushed).toContainEqual({
          user: r.user_id,
          m: { type: 'notification', id: r.id, title: r.title },
        });
    } finally {
      ctx.deps.notifier = memory;
      await Promise.all(unsubs.map((u) => u()));
    }
  });

  it('a failing batch stores neither ballots nor notifications; the fallback notifies each cast', async () => {
    const { notifier, committed } = recording();
    const memory = ctx.deps.notifier;
    ctx.deps.notifier = notifier;
    const batcher = castBatcher(ctx.deps);
    const fallbacks = batcher.stats.fallbacks;
    const who = voters.slice(90, 100);
    let inside = -1;
    let failed = false;
    batcher.hook = async (trx, casts) => {
      if (failed) return;
      failed = true;
      // the batch's notifications were written in this transaction ...
      const n = await sql<{ n: string }>`
        SELECT count(*) AS n FROM notifications WHERE template = 'election_ballot_cast'
          AND user_id = ANY(${casts.map((c) => c.notify.userId)}::uuid[])`.execute(trx);
      inside = Number(n.rows[0]!.n);
      throw new Error('batch dies');
    };
    try {
      const { marks: marksBefore } = await stored();
      const sent = who.map(() => ballot());
      const results = await Promise.all(who.map((u, i) => cast(u, sent[i]!)));
      expect(results.every((r) => r.ok)).toBe(true);
      expect(batcher.stats.fallbacks).toBe(fallbacks + 1);
      expect(inside).toBeGreaterThan(0);
      // ... and rolled back with it: each voter has exactly the fallback's one row, one mark, one ballot
      const rows = await notesOf(who.map((u) => u.id));
      expect(rows.map((r) => r.user_id).sort()).toEqual(who.map((u) => u.id).sort());
      const { marks, ballots } = await stored();
      expect(marks).toBe(marksBefore + 10);
      const codes = new Set(ballots.map((b) => b.tracking_code));
      for (const b of sent) expect(codes.has(b.tracking_code)).toBe(true);
      expect(committed.sent.map((n) => [n.userId, n.params.trackingCode]).sort()).toEqual(
        who.map((u, i) => [u.id, sent[i]!.tracking_code]).sort(),
      );
    } finally {
      batcher.hook = undefined;
      ctx.deps.notifier = memory;
    }
  });

  it('a second cast is refused and notifies nothing', async () => {
    const u = voters[70]!;
    const before = (ctx.deps.notifier as MemoryNotifier).sent.length;
    expect(await cast(u, ballot())).toEqual({ ok: false, error: 'election.already_voted' });
    expect((ctx.deps.notifier as MemoryNotifier).sent.length).toBe(before);
    expect(await notesOf([u.id])).toHaveLength(1);
  });
});
