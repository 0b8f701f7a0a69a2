/**
 * Re-voting (ELECTIONS.md E2, E3, E12, E13): a voter replaces their ballot with the secret re-vote
 * code their device kept; only the last ballot counts; nothing stored links a voter to a ballot;
 * the published record (with its supersede entries) passes the standalone verifier.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  computeDecryptionShare,
  createRevoteSecret,
  defaultGroup,
  type EncryptedBallot,
  encryptBallot,
  parseRecord,
  revoteOwner,
  revoteTag,
  verifyRecord,
  withRevoteTag,
} from '@unionhall/election-crypto';
import { main as unionhallVerify } from '@unionhall/verifier';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { insertMemberRow } from '../../kernel/testing/member-fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import type { OrgRow } from '../orgs/index.js';
import { readyElection as makeReady, MIN } from './elections-fixtures.test.js';
import { PROFILES, resolveRules } from './elections.rules.js';

let ctx: TestContext;
const g = defaultGroup();
let union: OrgRow;
let officer: TestUser;
let trustee: TestUser;
const voters: TestUser[] = [];

beforeAll(async () => {
  ctx = await buildTestApp();
  const tree = await createTree(ctx);
  union = tree.union;
  officer = await createUser(ctx, { username: 'rv_officer', org: union, roles: ['chair'] });
  trustee = await createUser(ctx, { username: 'rv_trustee', org: union });
  for (let i = 1; i <= 4; i++) {
    const v = await createUser(ctx, { username: `rv_v${i}`, org: tree.branch1 });
    await insertMemberRow(ctx, { user: v, org: tree.branch1, union });
    voters.push(v);
  }
}, 60_000);

afterAll(async () => {
  await ctx?.close();
});

/** A ready election (elections-fixtures) with three candidates; the clock ends inside the window. */
const readyElection = (rules: Record<string, unknown>) =>
  makeReady(ctx, {
    officer,
    trustee,
    union,
    title: '分工会主席选举',
    rules,
    candidates: [
      { id: 'li', name: '李明' },
      { id: 'wang', name: '王芳' },
      { id: 'zhao', name: '赵强' },
    ],
  });

describe('re-voting', () => {
  let el: Awaited<ReturnType<typeof readyElection>>;
  const counted: Record<string, string> = {};
  const ballot = (chair: string) => encryptBallot(el.manifest, el.context, { chair: [chair] }).ballot;
  /** A tagged ballot and its code, as the voter's browser makes them. */
  const tagged = (chair: string) => {
    const s = createRevoteSecret();
    const b = withRevoteTag(ballot(chair), revoteTag(el.context.parameter_hash, s));
    return { s, ballot: b, owner: revoteOwner(el.context.parameter_hash, s) };
  };
  const cast = async (c: TestClient, t: ReturnType<typeof tagged>, previous?: string) =>
    c.post(`/api/my/elections/${el.id}/ballot`, {
      ballot: t.ballot,
      revoteOwner: t.owner,
      ...(previous ? { revoteSecret: previous } : {}),
    });
  const activeBallots = async () =>
    Number(
      (
        await sql<{ n: string }>`SELECT count(*) AS n FROM election_ballots b WHERE b.election_id = ${el.id}
          AND NOT EXISTS (SELECT 1 FROM election_supersedes s
                          WHERE s.election_id = b.election_id AND s.tracking_code = b.tracking_code)`.execute(
          ctx.deps.db,
        )
      ).rows[0]!.n,
    );

  it('profiles: re-voting on for grassroots and opt-in custom, off for LMRDA and UK statutory', async () => {
    expect(PROFILES.cn_grassroots.allowRevote).toBe(true);
    expect(PROFILES.us_lmrda.allowRevote).toBe(false);
    expect(PROFILES.uk_statutory.allowRevote).toBe(false);
    expect(resolveRules('custom').allowRevote).toBe(false);
    expect(resolveRules('custom', { allowRevote: true }).coercionPolicy).toMatch(/last ballot counts/);
    expect(resolveRules('uk_statutory', { allowRevote: true }).allowRevote).toBe(false);
    el = await readyElection({ allowRevote: true });
    const view = (await (await loginAs(ctx, voters[0]!)).get(`/api/my/elections/${el.id}`)).json();
    expect(view.allowRevote).toBe(true);
    expect(view.coercionPolicy).toMatch(/re-vote code/);
  });

  it('a re-vote with the right code replaces the ballot; the voter can re-vote again with the new code', async () => {
    const a = tagged('li');
    const v1 = await loginAs(ctx, voters[0]!);
    const first = await cast(v1, a);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ trackingCode: a.ballot.tracking_code });
    const b = tagged('wang');
    const second = await cast(await loginAs(ctx, voters[0]!), b, a.s);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toEqual({ trackingCode: b.ballot.tracking_code, replaced: true });
    const c = tagged('zhao');
    expect((await cast(await loginAs(ctx, voters[0]!), c, b.s)).statusCode).toBe(200);
    counted.v1 = 'zhao';
    expect(await activeBallots()).toBe(1);
    // Only the first cast is notified: an inbox must not show that the voter re-voted (E13).
    const notes = ctx.notifier.sent.filter(
      (n) => n.userId === voters[0]!.id && n.template === 'election_ballot_cast',
    );
    expect(notes.map((n) => n.params?.trackingCode)).toEqual([a.ballot.tracking_code]);
    const officerView = (await (await loginAs(ctx, officer)).get(`/api/elections/${el.id}`)).json();
    expect(officerView.ballotsCast).toBe(1);
  });

  it('refuses a missing, wrong, used or another voter’s code with an error code (4xx)', async () => {
    const v2 = await loginAs(ctx, voters[1]!);
    const mine = tagged('li');
    expect((await cast(v2, mine)).statusCode).toBe(200);
    counted.v2 = 'li';
    const none = await cast(v2, tagged('wang'));
    expect([none.statusCode, none.json().code]).toEqual([409, 'election.revote_code_required']);
    const wrong = await cast(v2, tagged('wang'), createRevoteSecret());
    expect([wrong.statusCode, wrong.json().code]).toEqual([422, 'election.revote_code_invalid']);
    // Voter 1's first code was used up by their re-vote.
    const v1 = await loginAs(ctx, voters[0]!);
    const rows = await ctx.deps.db.selectFrom('election_supersedes').select('revote_secret').execute();
    const used = await cast(v1, tagged('li'), rows[0]!.revote_secret);
    expect(used.json().code).toBe('election.revote_code_invalid');
    // A code works only with its own voter's login: voter 1 cannot replace voter 2's ballot.
    const stolen = await cast(v1, tagged('wang'), mine.s);
    expect(stolen.json().code).toBe('election.revote_code_invalid');
    // A tag without its owner hash (or the reverse) is not a well-formed cast.
    const t = tagged('li');
    const half = await v2.post(`/api/my/elections/${el.id}/ballot`, {
      ballot: t.ballot,
      revoteSecret: mine.s,
    });
    expect(half.json()).toMatchObject({ code: 'election.invalid_ballot', details: { check: 'revote_tag' } });
    expect(await activeBallots()).toBe(2);
  });

  it('concurrent re-votes by one voter end with exactly one counted ballot (E2)', async () => {
    const v3 = await loginAs(ctx, voters[2]!);
    const first = tagged('li');
    expect((await cast(v3, first)).statusCode).toBe(200);
    const next = ['wang', 'zhao', 'wang', 'zhao'].map(tagged);
    const res = await Promise.all(next.map((t) => cast(v3, t, first.s)));
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 422, 422, 422]);
    const won = res.findIndex((r) => r.statusCode === 200);
    counted.v3 = ['wang', 'zhao', 'wang', 'zhao'][won]!;
    expect(await activeBallots()).toBe(3);
    // The winner's new code is the one that works now.
    const again = await cast(await loginAs(ctx, voters[2]!), tagged(counted.v3), next[won]!.s);
    expect(again.statusCode, again.body).toBe(200);
    expect(await activeBallots()).toBe(3);
  });

  it('a failure in the middle of a re-vote leaves the old ballot and code in force (E12)', async () => {
    const v4 = await loginAs(ctx, voters[3]!);
    const first = tagged('wang');
    expect((await cast(v4, first)).statusCode).toBe(200);
    const supersedesBefore = await ctx.deps.db.selectFrom('election_supersedes').selectAll().execute();
    // The replacement replays a ballot already stored: supersede and owner update are written,
    // then the ballot insert fails its unique key, and the whole transaction rolls back.
    const stored = await ctx.deps.db
      .selectFrom('election_ballots')
      .select('ballot')
      .where('election_id', '=', el.id)
      .executeTakeFirstOrThrow();
    const replay = stored.ballot as EncryptedBallot;
    const owner = revoteOwner(el.context.parameter_hash, createRevoteSecret());
    const failed = await v4.post(`/api/my/elections/${el.id}/ballot`, {
      ballot: replay,
      ...(replay.revote_tag ? { revoteOwner: owner } : {}),
      revoteSecret: first.s,
    });
    expect(failed.json().code).toBe('election.duplicate_ballot');
    expect(await ctx.deps.db.selectFrom('election_supersedes').selectAll().execute()).toEqual(
      supersedesBefore,
    );
    expect(await activeBallots()).toBe(4);
    const ok = await cast(v4, tagged('li'), first.s);
    expect(ok.statusCode, ok.body).toBe(200);
    counted.v4 = 'li';
  });

  it('stores tags and owner hashes that no administrator query can join (E3)', async () => {
    const cols = async (table: string) =>
      (
        await sql<{ column_name: string }>`SELECT column_name FROM information_schema.columns
          WHERE table_name = ${table} ORDER BY column_name`.execute(ctx.deps.db)
      ).rows.map((r) => r.column_name);
    expect(await cols('election_ballots')).toEqual([
      'ballot',
      'election_id',
      'id',
      'revote_tag',
      'tracking_code',
    ]);
    expect(await cols('election_supersedes')).toEqual(['election_id', 'revote_secret', 'tracking_code']);
    expect(await cols('election_votes_cast')).toEqual(['election_id', 'member_id', 'revote_owner']);
    // The owner hash on a voted mark equals no ballot's tag, and no revealed code hashes to either
    // of a current mark's owner hash: the stored values alone give no voter-ballot link.
    const join = await sql<{ n: string }>`SELECT count(*) AS n FROM election_votes_cast c
      JOIN election_ballots b ON b.revote_tag = c.revote_owner`.execute(ctx.deps.db);
    expect(Number(join.rows[0]!.n)).toBe(0);
    const owners = await ctx.deps.db.selectFrom('election_votes_cast').select('revote_owner').execute();
    const revealed = await ctx.deps.db.selectFrom('election_supersedes').select('revote_secret').execute();
    for (const r of revealed)
      expect(owners.map((o) => o.revote_owner)).not.toContain(
        revoteOwner(el.context.parameter_hash, r.revote_secret),
      );
    const audit = await sql<{ t: string }>`SELECT row_to_json(a)::text AS t FROM audit_log a`.execute(
      ctx.deps.db,
    );
    for (const r of revealed) expect(audit.rows.map((x) => x.t).join()).not.toContain(r.revote_secret);
  });

  it('closes with supersede entries; only last ballots are tallied; the record passes unionhall-verify', async () => {
    ctx.clock.advance(60 * MIN);
    const admin = await loginAs(ctx, officer);
    const closed = await admin.post(`/api/elections/${el.id}/close`, {});
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().ballotsCast).toBe(4);
    const tc = await loginAs(ctx, trustee);
    const tally = (await tc.get(`/api/trustee/elections/${el.id}`)).json().tally;
    const share = computeDecryptionShare(g, el.manifest, el.context.parameter_hash, el.secret, tally);
    const dec = await tc.post(`/api/trustee/elections/${el.id}/decryption`, { share });
    expect(dec.json().status, dec.body).toBe('tallied');
    const text = (await admin.get(`/api/elections/${el.id}/record`)).body;
    const record = parseRecord(text);
    expect(record.board.entries).toHaveLength(9);
    const codes = record.board.supersedes!.map((s) => s.tracking_code);
    expect(codes).toHaveLength(5);
    expect(codes).toEqual([...codes].sort());
    expect(await verifyRecord(record)).toEqual({ ok: true, ballots: 4 });
    const want: Record<string, number> = { li: 0, wang: 0, zhao: 0 };
    for (const c of Object.values(counted)) want[c]! += 1;
    expect(
      Object.fromEntries(record.results.contests[0]!.options.map((o) => [o.option_id, o.votes])),
    ).toEqual(want);
    const dir = mkdtempSync(join(tmpdir(), 'uh-revote-'));
    writeFileSync(join(dir, 'record.json'), text);
    const out: string[] = [];
    const code = await unionhallVerify([join(dir, 'record.json'), '--workers', '0', '--quiet'], {
      out: (s) => out.push(s),
      err: () => {},
    });
    expect([code, out.join()]).toEqual([0, expect.stringMatching(/^VALID: 4 ballots \(5 replaced/)]);
  });

  it('where re-voting is off, a second cast is refused as before and tags are refused', async () => {
    const off = await readyElection({});
    const v1 = await loginAs(ctx, voters[0]!);
    expect((await v1.get(`/api/my/elections/${off.id}`)).json().allowRevote).toBe(false);
    const plain = (chair: string) => encryptBallot(off.manifest, off.context, { chair: [chair] }).ballot;
    const s = createRevoteSecret();
    const withTag = await v1.post(`/api/my/elections/${off.id}/ballot`, {
      ballot: withRevoteTag(plain('li'), revoteTag(off.context.parameter_hash, s)),
      revoteOwner: revoteOwner(off.context.parameter_hash, s),
    });
    expect(withTag.json()).toMatchObject({
      code: 'election.invalid_ballot',
      details: { check: 'revote_tag' },
    });
    expect((await v1.post(`/api/my/elections/${off.id}/ballot`, { ballot: plain('li') })).statusCode).toBe(
      200,
    );
    const again = await v1.post(`/api/my/elections/${off.id}/ballot`, {
      ballot: plain('wang'),
      revoteSecret: s,
    });
    expect([again.statusCode, again.json().code]).toEqual([409, 'election.already_voted']);
  });
});
