/**
 * Records disposal after the retention period (ELECTIONS.md E11, migration 0037, docs/elections.md
 * "Records: retention and disposal"): past retain_until a closed or tallied election loses its roll,
 * voted marks, tracking-code notifications and ceremony key material, keeps its results, board and
 * record (which still verifies); an election within retention is untouched and its rows still cannot
 * be deleted; a second run changes nothing; each disposal is audited with counts only.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  computeDecryptionShare,
  defaultGroup,
  encryptBallot,
  parseRecord,
  verifyRecord,
} from '@unionhall/election-crypto';
import { main as unionhallVerify } from '@unionhall/verifier';
import { type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationService } from '../../kernel/notify/service.js';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { insertMemberRow } from '../../kernel/testing/member-fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { moduleJobs } from '../index.js';
import type { OrgRow } from '../orgs/index.js';
import { MIN, type ReadyElection, readyElection } from './elections-fixtures.test.js';
import { disposeExpiredElectionRecords } from './elections.retention.service.js';

let ctx: TestContext;
const g = defaultGroup();
let union: OrgRow;
let officer: TestUser;
let trustee: TestUser;
const voters: TestUser[] = [];
const memberIds: string[] = [];

beforeAll(async () => {
  ctx = await buildTestApp();
  // The real notification service: the tracking-code notifications are rows in PostgreSQL.
  ctx.deps.notifier = new NotificationService(() => ctx.deps, { deliverImmediately: false });
  const tree = await createTree(ctx);
  union = tree.union;
  officer = await createUser(ctx, { username: 'rt_officer', org: union, roles: ['chair'] });
  trustee = await createUser(ctx, { username: 'rt_trustee', org: union });
  for (let i = 1; i <= 3; i++) {
    const v = await createUser(ctx, { username: `rt_v${i}`, org: tree.branch1 });
    memberIds.push(await insertMemberRow(ctx, { user: v, org: tree.branch1, union }));
    voters.push(v);
  }
}, 60_000);

afterAll(async () => {
  await ctx?.close();
});

const n = async (q: RawBuilder<unknown>) =>
  Number(((await q.execute(ctx.deps.db)).rows[0] as { n: string | number }).n);
const counts = async (id: string) => ({
  roll: await n(sql`SELECT count(*) AS n FROM election_voters WHERE election_id = ${id}`),
  marks: await n(sql`SELECT count(*) AS n FROM election_votes_cast WHERE election_id = ${id}`),
  ballots: await n(sql`SELECT count(*) AS n FROM election_ballots WHERE election_id = ${id}`),
  notes: await n(
    sql`SELECT count(*) AS n FROM notifications
        WHERE template = 'election_ballot_cast' AND link = ${`/my/elections/${id}/board`}`,
  ),
});

/** A ready election (fixture) in which the first two voters cast for `li`. */
async function votedElection(title: string): Promise<ReadyElection> {
  const el = await readyElection(ctx, {
    officer,
    trustee,
    union,
    title,
    candidates: [
      { id: 'li', name: '李明' },
      { id: 'wang', name: '王芳' },
    ],
  });
  for (const v of voters.slice(0, 2)) {
    const { ballot } = encryptBallot(el.manifest, el.context, { chair: ['li'] });
    const r = await (await loginAs(ctx, v)).post(`/api/my/elections/${el.id}/ballot`, { ballot });
    expect(r.statusCode, r.body).toBe(200);
  }
  return el;
}

/** Closes after the window and decrypts with the one trustee: the election is tallied. */
async function tally(el: ReadyElection): Promise<void> {
  const admin = await loginAs(ctx, officer);
  expect((await admin.post(`/api/elections/${el.id}/close`, {})).statusCode).toBe(200);
  const tc = await loginAs(ctx, trustee);
  const view = (await tc.get(`/api/trustee/elections/${el.id}`)).json();
  const share = computeDecryptionShare(g, el.manifest, el.context.parameter_hash, el.secret, view.tally);
  const d = await tc.post(`/api/trustee/elections/${el.id}/decryption`, { share });
  expect(d.json().status, d.body).toBe('tallied');
}

describe('election records disposal after retention', () => {
  let expired: ReadyElection;
  let kept: ReadyElection;
  let open: ReadyElection;
  let recordBefore: string;
  let boardBefore: string;
  let viewBefore: Record<string, unknown>;
  let disposedAt: Date;

  beforeAll(async () => {
    expired = await votedElection('到期选举');
    kept = await votedElection('保存期内选举');
    ctx.clock.advance(61 * MIN);
    await tally(expired);
    await tally(kept);
    // Still `ready` (never closed) although its retention date will have passed.
    open = await votedElection('未结束选举');
    const admin = await loginAs(ctx, officer);
    recordBefore = (await admin.get(`/api/elections/${expired.id}/record`)).body;
    boardBefore = (await admin.get(`/api/elections/${expired.id}/board`)).body;
    viewBefore = (await admin.get(`/api/elections/${expired.id}`)).json();
    // What disposal must also remove: a nominee's member id in the contests and a ceremony share
    // (the one-trustee fixture posts none).
    await sql`UPDATE elections SET contests = jsonb_set(contests, '{0,candidates,0,memberId}', to_jsonb(${memberIds[2]}::text))
              WHERE id = ${expired.id}`.execute(ctx.deps.db);
    await sql`INSERT INTO election_shares (election_id, dealer, recipient, share)
              VALUES (${expired.id}, 1, 2, '{"ciphertext":"00"}')`.execute(ctx.deps.db);
    // The retention period of `expired` and `open` ends in the past (the database's date decides).
    await sql`UPDATE elections SET retain_until = current_date - 3 WHERE id IN (${expired.id}, ${open.id})`.execute(
      ctx.deps.db,
    );
  }, 120_000);

  it('before the job: retainUntil is shown; deleting the roll or marks is refused within retention and outside the job', async () => {
    const view = (await (await loginAs(ctx, officer)).get(`/api/elections/${kept.id}`)).json();
    expect(view.retainUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(view.recordsDisposedAt).toBeNull();
    expect(await counts(expired.id)).toEqual({ roll: 3, marks: 2, ballots: 2, notes: 2 });
    for (const t of ['election_voters', 'election_votes_cast'] as const) {
      await expect(ctx.deps.db.deleteFrom(t).where('election_id', '=', kept.id).execute()).rejects.toThrow(
        /retained until/,
      );
      // Past retention, a stray DELETE outside the disposal job is still refused.
      await expect(ctx.deps.db.deleteFrom(t).where('election_id', '=', expired.id).execute()).rejects.toThrow(
        /only by the records disposal/,
      );
    }
  });

  it('disposes of the roll, marks, notifications and key material of the expired election only', async () => {
    disposedAt = ctx.clock.now();
    const reports = await disposeExpiredElectionRecords(ctx.deps, disposedAt);
    expect(reports).toEqual([
      {
        electionId: expired.id,
        retainUntil: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        rollEntries: 3,
        votedMarks: 2,
        notifications: 2,
        trusteeShares: 1,
        transportKeys: 1,
        nomineeLinks: 1,
      },
    ]);
    expect(await counts(expired.id)).toEqual({ roll: 0, marks: 0, ballots: 2, notes: 0 });
    // Within retention, and past it but never closed: untouched.
    expect(await counts(kept.id)).toEqual({ roll: 3, marks: 2, ballots: 2, notes: 2 });
    expect(await counts(open.id)).toEqual({ roll: 3, marks: 2, ballots: 2, notes: 2 });
    const row = await ctx.deps.db
      .selectFrom('elections')
      .select(['id', 'records_disposed_at', 'voted_count', 'eligible_count', 'contests'])
      .where('id', 'in', [expired.id, kept.id, open.id])
      .execute();
    const byId = new Map(row.map((r) => [r.id, r]));
    expect(byId.get(expired.id)).toMatchObject({ voted_count: 2, eligible_count: 3 });
    expect(byId.get(expired.id)!.records_disposed_at).toBeInstanceOf(Date);
    expect(JSON.stringify(byId.get(expired.id)!.contests)).not.toContain(memberIds[2]!);
    expect(byId.get(kept.id)!.records_disposed_at).toBeNull();
    expect(byId.get(open.id)!.records_disposed_at).toBeNull();
    const trustees = await ctx.deps.db
      .selectFrom('election_trustees')
      .select(['election_id', 'transport_key', 'public', 'decryption'])
      .where('election_id', 'in', [expired.id, kept.id])
      .execute();
    const t = new Map(trustees.map((r) => [r.election_id, r]));
    expect(t.get(expired.id)).toMatchObject({ transport_key: null });
    expect(t.get(expired.id)!.public).not.toBeNull();
    expect(t.get(expired.id)!.decryption).not.toBeNull();
    expect(t.get(kept.id)!.transport_key).toMatch(/^[0-9a-f]{64}$/);
    expect(await n(sql`SELECT count(*) AS n FROM election_shares WHERE election_id = ${expired.id}`)).toBe(0);
  });

  it('keeps the results, the board and the record, which still verifies', async () => {
    const admin = await loginAs(ctx, officer);
    const view = (await admin.get(`/api/elections/${expired.id}`)).json();
    expect(view).toMatchObject({
      status: 'tallied',
      eligibleVoters: 3,
      ballotsCast: 2,
      outcome: viewBefore.outcome,
      retainUntil: (await sql<{ d: string }>`SELECT (current_date - 3)::text AS d`.execute(ctx.deps.db))
        .rows[0]!.d,
      recordsDisposedAt: disposedAt.toISOString(),
    });
    expect((await admin.get(`/api/elections/${expired.id}/board`)).body).toBe(boardBefore);
    const text = (await admin.get(`/api/elections/${expired.id}/record`)).body;
    expect(text).toBe(recordBefore);
    for (const id of [...memberIds, ...voters.map((v) => v.id)]) expect(text).not.toContain(id);
    expect(await verifyRecord(parseRecord(text))).toEqual({ ok: true, ballots: 2 });
    const dir = mkdtempSync(join(tmpdir(), 'uh-retention-'));
    writeFileSync(join(dir, 'record.json'), text);
    const out: string[] = [];
    const code = await unionhallVerify([join(dir, 'record.json'), '--workers', '0', '--quiet'], {
      out: (s) => out.push(s),
      err: () => {},
    });
    expect([code, out.join()]).toEqual([0, expect.stringMatching(/^VALID: 2 ballots/)]);
    // Off the roll now: the former voters no longer see the election (observers still do).
    const voter = await loginAs(ctx, voters[0]!);
    expect((await voter.get(`/api/my/elections/${expired.id}`)).statusCode).toBe(404);
    expect((await voter.get(`/api/elections/${expired.id}/record`)).statusCode).toBe(404);
    expect((await voter.get(`/api/my/elections/${kept.id}`)).statusCode).toBe(200);
  });

  it('audits the disposal with counts and no personal data', async () => {
    const rows = await ctx.deps.db
      .selectFrom('audit_log')
      .select(['actor_id', 'details', 'org_id'])
      .where('action', '=', 'election.records_disposed')
      .where('target_id', '=', expired.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor_id: null,
      org_id: union.id,
      details: {
        eligible: 3,
        rollEntries: 3,
        votedMarks: 2,
        notifications: 2,
        trusteeShares: 1,
        transportKeys: 1,
        nomineeLinks: 1,
      },
    });
    const details = JSON.stringify(rows[0]!.details);
    for (const id of [...memberIds, ...voters.map((v) => v.id), trustee.id])
      expect(details).not.toContain(id);
    const log = (await (await loginAs(ctx, officer)).get(`/api/elections/${expired.id}/log`)).json().items;
    expect(log.at(-1)).toMatchObject({ action: 'election.records_disposed', details: { votedMarks: 2 } });
  });

  it('a second run changes nothing', async () => {
    const snapshot = async () =>
      ctx.deps.db
        .selectFrom('elections')
        .select(['id', 'records_disposed_at', 'voted_count', 'contests'])
        .orderBy('id')
        .execute();
    const before = await snapshot();
    const audits = await n(sql`SELECT count(*) AS n FROM audit_log`);
    ctx.clock.advance(24 * 60 * MIN);
    expect(await disposeExpiredElectionRecords(ctx.deps, ctx.clock.now())).toEqual([]);
    // The registered daily job (what pg-boss runs) is the same disposal.
    const job = moduleJobs.find((j) => j.name === 'elections-records-disposal');
    expect(job?.cron).toBe('40 3 * * *');
    await job!.handler(ctx.deps, {});
    expect(await snapshot()).toEqual(before);
    expect(await n(sql`SELECT count(*) AS n FROM audit_log`)).toBe(audits);
    expect(await counts(kept.id)).toEqual({ roll: 3, marks: 2, ballots: 2, notes: 2 });
  });

  it('still refuses deleting the election row, its ballots and, within retention, the roll', async () => {
    await expect(
      sql`DELETE FROM election_ballots WHERE election_id = ${expired.id}`.execute(ctx.deps.db),
    ).rejects.toThrow(/retained/);
    await expect(sql`DELETE FROM elections WHERE id = ${expired.id}`.execute(ctx.deps.db)).rejects.toThrow(
      /never deleted/,
    );
    // Even with the disposal setting, the roll within retention stays.
    await expect(
      ctx.deps.db.transaction().execute(async (trx) => {
        await sql`SELECT set_config('unionhall.election_disposal', ${kept.id}, true)`.execute(trx);
        await trx.deleteFrom('election_voters').where('election_id', '=', kept.id).execute();
      }),
    ).rejects.toThrow(/retained until/);
    for (const t of ['elections', 'election_voters', 'election_votes_cast', 'election_trustees'])
      await expect(sql`TRUNCATE ${sql.table(t)} CASCADE`.execute(ctx.deps.db)).rejects.toThrow(/truncated/);
    expect(await counts(kept.id)).toEqual({ roll: 3, marks: 2, ballots: 2, notes: 2 });
  });
});
