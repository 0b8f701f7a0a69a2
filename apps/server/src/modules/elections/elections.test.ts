/**
 * The elections module end to end (ELECTIONS.md E1-E4, E7-E13): a real key ceremony with the
 * election-crypto package playing three trustees, voters casting real encrypted ballots, close,
 * a 2-of-3 tally and the downloaded record checked by verifyRecord.
 */
import { Writable } from 'node:stream';
import {
  aggregateBallots,
  buildBoard,
  combineKeyShare,
  computeDecryptionShare,
  createTransportKey,
  createTrustee,
  decryptShare,
  defaultGroup,
  type EncryptedBallot,
  type EncryptedShare,
  encryptBallot,
  type Manifest,
  type PublicContext,
  parseRecord,
  scalarToHex,
  serializeRecord,
  shareFor,
  type TrusteeSecret,
  verifyRecord,
  verifyShare,
} from '@unionhall/election-crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_REDACT_PATHS } from '../../app.js';
import type { TestClient } from '../../kernel/testing/client.js';
import { insertMemberRow } from '../../kernel/testing/member-fixtures.js';
import { createOrg, createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import type { OrgRow } from '../orgs/index.js';

let ctx: TestContext;
const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _enc, done) {
    logLines.push(String(chunk));
    done();
  },
});

const makeMember = (user: TestUser | null, org: OrgRow, union: OrgRow, status = 'active') =>
  insertMemberRow(ctx, { user, org, union, status });

const g = defaultGroup();
const MIN = 60_000;

type World = {
  union: OrgRow;
  officer: TestUser;
  observer: TestUser;
  trustees: TestUser[];
  voters: TestUser[];
  retained: TestUser;
  lapsed: TestUser;
  outsider: TestUser;
};
let w: World;
const memberIds: string[] = [];

beforeAll(async () => {
  ctx = await buildTestApp({
    logger: {
      logger: { level: 'info', redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' }, stream: logStream },
    },
  });
  const { root, union, branch1, branch2 } = await createTree(ctx);
  const otherUnion = await createOrg(ctx, '另一工会', 'grassroots', root);
  const mk = (username: string, org: OrgRow, roles?: string[]) => createUser(ctx, { username, org, roles });
  w = {
    union,
    officer: await mk('el_officer', union, ['chair']),
    observer: await mk('el_observer', union, ['observer']),
    trustees: [await mk('el_t1', union), await mk('el_t2', union), await mk('el_t3', union)],
    voters: [
      await mk('el_v1', branch1),
      await mk('el_v2', branch1),
      await mk('el_v3', branch2),
      await mk('el_v4', branch2),
    ],
    retained: await mk('el_retained', branch1),
    lapsed: await mk('el_lapsed', branch1),
    outsider: await mk('el_outsider', otherUnion),
  };
  for (const v of w.voters)
    memberIds.push(await makeMember(v, v === w.voters[0] || v === w.voters[1] ? branch1 : branch2, union));
  await makeMember(null, branch1, union); // an active member without an account: entitled, never votes
  await makeMember(w.retained, branch1, union, 'retained');
  await makeMember(w.lapsed, branch1, union, 'left');
  await makeMember(w.outsider, otherUnion, otherUnion);
}, 60_000);

afterAll(async () => {
  await ctx?.close();
});

function electionBody(over: Record<string, unknown> = {}) {
  const now = ctx.clock.now().getTime();
  return {
    orgId: w.union.id,
    title: '第一机械厂工会委员会换届选举',
    profile: 'custom',
    rules: { noticeDays: 0 },
    opensAt: new Date(now + 5 * MIN).toISOString(),
    closesAt: new Date(now + 25 * MIN).toISOString(),
    trusteeUserIds: w.trustees.map((t) => t.id),
    threshold: 2,
    contests: [
      {
        id: 'committee',
        kind: 'multi',
        title: '委员',
        seats: 2,
        maxSelections: 2,
        candidates: [
          { id: 'li', name: '李明' },
          { id: 'wang', name: '王芳' },
          { id: 'zhao', name: '赵强' },
        ],
      },
      { id: 'dues', kind: 'yes_no', title: '会费调整' },
    ],
    ...over,
  };
}

describe('elections', () => {
  let officer: TestClient;
  let electionId: string;
  let manifest: Manifest;
  let context: PublicContext;
  const secrets: TrusteeSecret[] = [];
  const cast: Record<string, EncryptedBallot> = {};

  it('creates and announces: the roll is frozen from the registry (E1)', async () => {
    officer = await loginAs(ctx, w.officer);
    const res = await officer.post('/api/elections', electionBody());
    expect(res.statusCode, res.body).toBe(201);
    electionId = res.json().id;
    expect(res.json().status).toBe('draft');
    const ann = await officer.post(`/api/elections/${electionId}/announce`, {});
    expect(ann.statusCode, ann.body).toBe(200);
    expect(ann.json().status).toBe('announced');
    // Four voters with accounts plus one without; retained, lapsed and other units are out.
    expect(ann.json().eligibleVoters).toBe(5);
    for (const u of [w.retained, w.lapsed, w.outsider]) {
      const c = await loginAs(ctx, u);
      expect((await c.get(`/api/my/elections/${electionId}`)).statusCode).toBe(404);
      expect((await c.get('/api/my/elections')).json().items).toEqual([]);
    }
    const v1 = await loginAs(ctx, w.voters[0]!);
    expect((await v1.get('/api/my/elections')).json().items.map((e: { id: string }) => e.id)).toEqual([
      electionId,
    ]);
  });

  it('refuses announcing inside the notice period and without a surplus of candidates (E9, profile)', async () => {
    const now = ctx.clock.now().getTime();
    const cn = await officer.post(
      '/api/elections',
      electionBody({
        profile: 'cn_grassroots',
        rules: undefined,
        opensAt: new Date(now + 86_400_000).toISOString(),
        closesAt: new Date(now + 2 * 86_400_000).toISOString(),
      }),
    );
    expect(cn.statusCode, cn.body).toBe(201);
    const ann = await officer.post(`/api/elections/${cn.json().id}/announce`, {});
    expect(ann.json().code).toBe('election.notice_period');
    const body = electionBody();
    (body.contests[0] as { candidates: unknown[] }).candidates = [
      { id: 'li', name: '李明' },
      { id: 'wang', name: '王芳' },
    ];
    const equal = await officer.post('/api/elections', body);
    const ann2 = await officer.post(`/api/elections/${equal.json().id}/announce`, {});
    expect(ann2.json().code).toBe('election.invalid_definition');
    expect(ann2.json().details).toMatchObject({ problem: 'candidate_surplus' });
  });

  it('takes nominations; only nominees who accepted themselves stand', async () => {
    const body = electionBody();
    (body.contests[0] as { candidates: unknown[] }).candidates = [{ id: 'li', name: '李明' }];
    const d = (await officer.post('/api/elections', body)).json().id;
    const nominate = (candidateId: string, memberId?: string) =>
      officer.post(`/api/elections/${d}/nominations`, {
        contestId: 'committee',
        candidateId,
        name: candidateId,
        memberId,
      });
    expect((await nominate('v1', memberIds[0])).statusCode).toBe(200);
    expect((await nominate('v2', memberIds[1])).statusCode).toBe(200);
    expect((await nominate('paper')).statusCode).toBe(200);
    expect((await nominate('li')).json().code).toBe('election.invalid_definition');
    const accept = (c: TestClient, candidateId: string) =>
      c.post(`/api/elections/${d}/nominations/accept`, { contestId: 'committee', candidateId });
    const v1 = await loginAs(ctx, w.voters[0]!);
    expect((await accept(v1, 'v2')).statusCode).toBe(404); // not theirs to accept
    expect((await accept(officer, 'v1')).statusCode).toBe(404); // nor the officer's
    expect((await accept(v1, 'v1')).statusCode).toBe(200);
    expect((await accept(officer, 'paper')).statusCode).toBe(200);
    const ann = await officer.post(`/api/elections/${d}/announce`, {});
    expect(ann.statusCode, ann.body).toBe(200);
    const standing = ann.json().contests[0].candidates.map((o: { id: string }) => o.id);
    expect(standing).toEqual(['li', 'v1', 'paper']);
  });

  it('runs the key ceremony: commitments checked, shares encrypted end to end', async () => {
    const clients = await Promise.all(w.trustees.map((t) => loginAs(ctx, t)));
    const transports: { secret: string; public: string }[] = [];
    for (const [i, c] of clients.entries()) {
      const view = (await c.get(`/api/trustee/elections/${electionId}`)).json();
      expect(view.index).toBe(i + 1);
      manifest = view.manifest;
      const t = createTrustee(g, {
        index: i + 1,
        trustees: 3,
        threshold: 2,
        manifestHash: view.manifestHash,
      });
      secrets.push(t.secret);
      transports.push(createTransportKey());
      if (i === 0) {
        // A commitment that does not match its proof is refused.
        const bad = { ...t.public, commitments: [t.public.commitments[1]!, t.public.commitments[0]!] };
        const r = await c.post(`/api/trustee/elections/${electionId}/keys`, {
          public: bad,
          transportKey: transports[0]!.public,
        });
        expect(r.json().code).toBe('election.invalid_trustee_data');
      }
      const r = await c.post(`/api/trustee/elections/${electionId}/keys`, {
        public: t.public,
        transportKey: transports[i]!.public,
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    for (const [i, c] of clients.entries()) {
      const view = (await c.get(`/api/trustee/elections/${electionId}`)).json();
      const shares: EncryptedShare[] = [];
      for (const p of view.peers) {
        if (p.index === i + 1) continue;
        shares.push(
          await (await import('@unionhall/election-crypto')).encryptShare(
            p.transportKey,
            shareFor(secrets[i]!, p.index),
            i + 1,
            p.index,
          ),
        );
      }
      const r = await c.post(`/api/trustee/elections/${electionId}/shares`, { shares });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().status).toBe(i === 2 ? 'ready' : 'announced');
    }
    // Each trustee decrypts and checks what it received; the server never saw a share in clear.
    const stored = await ctx.deps.db.selectFrom('election_shares').select('share').execute();
    for (const [i, c] of clients.entries()) {
      const view = (await c.get(`/api/trustee/elections/${electionId}`)).json();
      const received = [shareFor(secrets[i]!, i + 1)];
      for (const s of view.sharesForMe as EncryptedShare[]) {
        const value = await decryptShare(transports[i]!.secret, s);
        const dealer = view.peers.find((p: { index: number }) => p.index === s.from).public;
        expect(verifyShare(g, dealer, i + 1, value)).toBe(true);
        expect(JSON.stringify(stored)).not.toContain(scalarToHex(value));
        received.push(value);
      }
      secrets[i]!.key_share = scalarToHex(combineKeyShare(received));
      context = view.parameters;
    }
    expect(context.joint_public_key).toMatch(/^[0-9a-f]{64}$/);
    const mine = { id: electionId, title: expect.any(String), status: 'ready', index: 1 };
    expect((await clients[0]!.get('/api/trustee/elections')).json().items).toContainEqual(mine);
    expect((await officer.get(`/api/elections/${electionId}`)).json().ceremony.shares).toBe(3);
  });

  const ballotFor = (selections: Record<string, string[]>) =>
    encryptBallot(manifest, context, selections).ballot;

  it('enforces the voting window (E9)', async () => {
    const v1 = await loginAs(ctx, w.voters[0]!);
    const early = await v1.post(`/api/my/elections/${electionId}/ballot`, {
      ballot: ballotFor({ committee: ['li'], dues: ['yes'] }),
    });
    expect(early.json().code).toBe('election.outside_window');
    ctx.clock.advance(6 * MIN);
  });

  it('needs the voter’s own fresh login (E4), verifies proofs, returns and sends the tracking code', async () => {
    const v1 = await loginAs(ctx, w.voters[0]!);
    ctx.clock.advance(6 * MIN);
    const ballot = ballotFor({ committee: ['li', 'wang'], dues: ['yes'] });
    const stale = await v1.post(`/api/my/elections/${electionId}/ballot`, { ballot });
    expect(stale.json().code).toBe('auth.reauth_required');
    expect((await v1.post('/api/auth/reauth', { password: w.voters[0]!.password })).statusCode).toBe(204);
    // A proxy (anyone else, even an officer) is not on the roll: 404.
    const proxy = await loginAs(ctx, w.officer);
    expect((await proxy.post(`/api/my/elections/${electionId}/ballot`, { ballot })).statusCode).toBe(404);
    const tampered = structuredClone(ballot);
    tampered.contests[0]!.options[0]!.ciphertext = tampered.contests[0]!.options[1]!.ciphertext;
    expect((await v1.post(`/api/my/elections/${electionId}/ballot`, { ballot: tampered })).json().code).toBe(
      'election.invalid_ballot',
    );
    const ok = await v1.post(`/api/my/elections/${electionId}/ballot`, { ballot });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().trackingCode).toBe(ballot.tracking_code);
    cast.v1 = ballot;
    const note = ctx.notifier.sent.find(
      (n) => n.userId === w.voters[0]!.id && n.template === 'election_ballot_cast',
    );
    const link = `/my/elections/${electionId}/board`;
    expect(note?.params).toEqual({ title: expect.any(String), trackingCode: ballot.tracking_code, link });
    expect((await v1.get(`/api/my/elections/${electionId}`)).json().voted).toBe(true);
  });

  it('counts exactly one of several concurrent casts by one voter (E2)', async () => {
    const v2 = await loginAs(ctx, w.voters[1]!);
    const ballots = [0, 1, 2, 3].map((i) =>
      ballotFor({ committee: i % 2 ? ['zhao'] : ['wang'], dues: ['no'] }),
    );
    const res = await Promise.all(
      ballots.map((b) => v2.post(`/api/my/elections/${electionId}/ballot`, { ballot: b })),
    );
    const codes = res.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409, 409, 409]);
    const won = res.findIndex((r) => r.statusCode === 200);
    cast.v2 = ballots[won]!;
    const n = await ctx.deps.db
      .selectFrom('election_ballots')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(2);
  });

  it('a failure after the voted mark leaves neither the mark nor the ballot (E12)', async () => {
    const v3 = await loginAs(ctx, w.voters[2]!);
    // Replaying v1's ballot: the voted mark is written, then the ballot insert fails its unique key.
    const replay = await v3.post(`/api/my/elections/${electionId}/ballot`, { ballot: cast.v1 });
    expect(replay.json().code).toBe('election.duplicate_ballot');
    expect((await v3.get(`/api/my/elections/${electionId}`)).json().voted).toBe(false);
    const counts = await ctx.deps.db
      .selectFrom('election_votes_cast')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(counts.n)).toBe(2);
    const ballot = ballotFor({ committee: ['li'], dues: ['yes'] });
    expect((await v3.post(`/api/my/elections/${electionId}/ballot`, { ballot })).statusCode).toBe(200);
    cast.v3 = ballot;
  });

  it('stores no voter, session, IP or time with a ballot; no admin join links them (E3, E13)', async () => {
    const cols = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns WHERE table_name = 'election_ballots' ORDER BY column_name`.execute(
      ctx.deps.db,
    );
    expect(cols.rows.map((r) => r.column_name).join()).toBe('ballot,election_id,id,revote_tag,tracking_code');
    // The strongest join an administrator can write: voters who voted x ballots of the election.
    const join = await sql<{ member_id: string; tracking_code: string }>`
      SELECT c.member_id, b.tracking_code FROM election_votes_cast c
      JOIN election_ballots b ON b.election_id = c.election_id`.execute(ctx.deps.db);
    expect(join.rows.length).toBe(9); // a cross product: every voter with every ballot, no link
    const audit = await sql<{ t: string }>`SELECT row_to_json(a)::text AS t FROM audit_log a`.execute(
      ctx.deps.db,
    );
    for (const b of Object.values(cast))
      expect(audit.rows.map((r) => r.t).join()).not.toContain(b.tracking_code);
    // Receipts reveal no choice: the same choice gives unrelated tracking codes.
    const a = ballotFor({ committee: ['li'], dues: ['yes'] });
    const b = ballotFor({ committee: ['li'], dues: ['yes'] });
    expect(a.tracking_code).not.toBe(b.tracking_code);
    const view = await (await loginAs(ctx, w.voters[0]!)).get(`/api/my/elections/${electionId}`);
    expect(view.json().coercionPolicy).toMatch(/in-person/);
  });

  it('closes after the window with the board sorted by tracking code; observers read, never write (E8, E10)', async () => {
    expect((await officer.post(`/api/elections/${electionId}/close`, {})).json().code).toBe(
      'election.not_all_voted', // inside the window, voters still to vote (close-early test)
    );
    ctx.clock.advance(15 * MIN);
    officer = await loginAs(ctx, w.officer);
    const v4 = await loginAs(ctx, w.voters[3]!);
    expect(
      (
        await v4.post(`/api/my/elections/${electionId}/ballot`, {
          ballot: ballotFor({ committee: [], dues: ['no'] }),
        })
      ).json().code,
    ).toBe('election.outside_window');
    const observer = await loginAs(ctx, w.observer);
    expect((await observer.post(`/api/elections/${electionId}/close`, {})).statusCode).toBe(404);
    const closed = await officer.post(`/api/elections/${electionId}/close`, {});
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().status).toBe('closed');
    // E8: ballots counted = voters marked as voted <= eligible.
    expect(closed.json().ballotsCast).toBe(3);
    expect(closed.json().ballotsCast).toBeLessThanOrEqual(closed.json().eligibleVoters);
    const board = (await observer.get(`/api/elections/${electionId}/board`)).json();
    const codes = board.board.entries.map((e: { ballot: EncryptedBallot }) => e.ballot.tracking_code);
    expect(codes).toEqual([...codes].sort());
    expect(codes.sort()).toEqual(
      Object.values(cast)
        .map((b) => b.tracking_code)
        .sort(),
    );
    expect(board.trackingCodes).toEqual(codes);
    const listed = (await observer.get('/api/elections')).json().items.map((e: { id: string }) => e.id);
    expect(listed).toContain(electionId);
    const log = await observer.get(`/api/elections/${electionId}/log`);
    expect(log.json().items.map((e: { action: string }) => e.action)).toEqual([
      'election.create',
      'election.announce',
      'election.trustee_keys',
      'election.trustee_keys',
      'election.trustee_keys',
      'election.trustee_shares',
      'election.trustee_shares',
      'election.trustee_shares',
      'election.close',
    ]);
    const got = await observer.get(`/api/elections/${electionId}`);
    expect(got.statusCode).toBe(200);
    expect(got.body).not.toContain(w.voters[0]!.id);
  });

  it('tallies with 2 of 3 trustees, checks decryption proofs, applies the rules (E7)', async () => {
    const clients = await Promise.all(w.trustees.map((t) => loginAs(ctx, t)));
    const tally = (await clients[0]!.get(`/api/trustee/elections/${electionId}`)).json().tally;
    const shareOf = (i: number) =>
      computeDecryptionShare(g, manifest, context.parameter_hash, secrets[i]!, tally);
    const forged = shareOf(1);
    forged.contests[0]!.options[0]!.share = forged.contests[0]!.options[1]!.share;
    const bad = await clients[1]!.post(`/api/trustee/elections/${electionId}/decryption`, { share: forged });
    expect(bad.json().code).toBe('election.invalid_trustee_data');
    const r1 = await clients[0]!.post(`/api/trustee/elections/${electionId}/decryption`, {
      share: shareOf(0),
    });
    expect(r1.json().status).toBe('closed');
    const r3 = await clients[2]!.post(`/api/trustee/elections/${electionId}/decryption`, {
      share: shareOf(2),
    });
    expect(r3.json().status, r3.body).toBe('tallied');
    const e = (await officer.get(`/api/elections/${electionId}`)).json();
    const committee = e.outcome.find((c: { contestId: string }) => c.contestId === 'committee');
    // 3 of 5 entitled voted: quorum > 2/3 fails under the grassroots defaults.
    expect(committee.status).toBe('quorum_failed');
    expect(committee.options.find((o: { optionId: string }) => o.optionId === 'li').votes).toBe(2);
  });

  it('the downloaded record verifies; one altered ballot makes it fail (E7)', async () => {
    const observer = await loginAs(ctx, w.observer);
    const res = await observer.get(`/api/elections/${electionId}/record`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const record = parseRecord(res.body);
    expect(serializeRecord(record)).toBe(res.body);
    expect(await verifyRecord(record)).toEqual({ ok: true, ballots: 3 });
    expect(record.results.ballots_counted).toBe(3);
    // E6: each tracking code appears once. E11: the stored rows alone reproduce board and tally.
    const codes = record.board.entries.map((e) => e.ballot.tracking_code);
    expect(new Set(codes).size).toBe(codes.length);
    const rows = await ctx.deps.db
      .selectFrom('election_ballots')
      .select('ballot')
      .where('election_id', '=', electionId)
      .orderBy('tracking_code')
      .execute();
    const stored = rows.map((r) => r.ballot as EncryptedBallot);
    expect(buildBoard(record.parameters.parameter_hash, stored).head).toBe(record.board.head);
    expect(aggregateBallots(g, record.manifest, stored)).toEqual(record.tally);
    const altered = structuredClone(record);
    const ct = altered.board.entries[0]!.ballot.contests[0]!.options[0]!.ciphertext;
    ct.alpha = altered.board.entries[1]!.ballot.contests[0]!.options[0]!.ciphertext.alpha;
    expect((await verifyRecord(altered)).ok).toBe(false);
  });

  it('request logs hold no ballot, tracking code or casting request (E3)', () => {
    const log = logLines.join('');
    expect(log).toContain('/api/elections/'); // the log was captured
    expect(log).not.toContain('/ballot');
    for (const b of Object.values(cast)) {
      expect(log).not.toContain(b.tracking_code);
      expect(log).not.toContain(b.contests[0]!.options[0]!.ciphertext.alpha);
    }
  });

  it('refuses deleting ballots, votes and elections within retention (E11)', async () => {
    await expect(sql`DELETE FROM election_ballots`.execute(ctx.deps.db)).rejects.toThrow(/retained/);
    await expect(sql`DELETE FROM election_votes_cast`.execute(ctx.deps.db)).rejects.toThrow(/retained/);
    await expect(sql`DELETE FROM elections WHERE id = ${electionId}`.execute(ctx.deps.db)).rejects.toThrow(
      /retained/,
    );
    await expect(sql`TRUNCATE election_ballots CASCADE`.execute(ctx.deps.db)).rejects.toThrow();
  });
});
