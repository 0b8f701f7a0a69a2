/**
 * Closing voting early (docs/elections.md "Closing early"): allowed only inside the window, when
 * every voter on the roll has voted and no re-vote can change a ballot; refused with
 * election.not_all_voted otherwise. The early close is in the counting log and the tally is the
 * same as after a close at the end of the window.
 */
import {
  computeDecryptionShare,
  createTransportKey,
  createTrustee,
  defaultGroup,
  encryptBallot,
  type Manifest,
  type PublicContext,
  parseRecord,
  type TrusteeSecret,
  verifyRecord,
} from '@unionhall/election-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { insertMemberRow } from '../../kernel/testing/member-fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';

let ctx: TestContext;
const MIN = 60_000;
const g = defaultGroup();
let officer: TestClient;
let trustee: TestUser;
let voters: TestUser[];

beforeAll(async () => {
  ctx = await buildTestApp();
  const { union, branch1 } = await createTree(ctx);
  const o = await createUser(ctx, { username: 'ce_officer', org: union, roles: ['chair'] });
  trustee = await createUser(ctx, { username: 'ce_trustee', org: union });
  voters = [
    await createUser(ctx, { username: 'ce_v1', org: branch1 }),
    await createUser(ctx, { username: 'ce_v2', org: branch1 }),
  ];
  for (const v of voters) await insertMemberRow(ctx, { user: v, org: branch1, union });
  officer = await loginAs(ctx, o);
  const now = ctx.clock.now().getTime();
  const res = await officer.post('/api/elections', {
    orgId: union.id,
    title: '提前结束投票测试',
    profile: 'custom',
    rules: { noticeDays: 0 },
    opensAt: new Date(now + 5 * MIN).toISOString(),
    closesAt: new Date(now + 24 * 60 * MIN).toISOString(),
    trusteeUserIds: [trustee.id],
    threshold: 1,
    contests: [
      {
        id: 'chair',
        kind: 'single',
        title: '主席',
        candidates: [
          { id: 'li', name: '李明' },
          { id: 'wang', name: '王芳' },
        ],
      },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  electionId = res.json().id;
  expect((await officer.post(`/api/elections/${electionId}/announce`, {})).statusCode).toBe(200);
}, 60_000);

afterAll(async () => {
  await ctx?.close();
});

let electionId: string;
let manifest: Manifest;
let context: PublicContext;
let secret: TrusteeSecret;

const close = () => officer.post(`/api/elections/${electionId}/close`, {});
const castAs = async (v: TestUser, choice: string) => {
  const c = await loginAs(ctx, v);
  const { ballot } = encryptBallot(manifest, context, { chair: [choice] });
  return c.post(`/api/my/elections/${electionId}/ballot`, { ballot });
};

describe('closing voting early', () => {
  it('is refused before the window opens, even with nobody left to vote for', async () => {
    const tc = await loginAs(ctx, trustee);
    const view = (await tc.get(`/api/trustee/elections/${electionId}`)).json();
    manifest = view.manifest;
    const t = createTrustee(g, { index: 1, trustees: 1, threshold: 1, manifestHash: view.manifestHash });
    secret = t.secret;
    secret.key_share = secret.coefficients[0]!;
    const keys = await tc.post(`/api/trustee/elections/${electionId}/keys`, {
      public: t.public,
      transportKey: createTransportKey().public,
    });
    expect(keys.statusCode, keys.body).toBe(200);
    const shares = await tc.post(`/api/trustee/elections/${electionId}/shares`, { shares: [] });
    expect(shares.json().status).toBe('ready');
    context = (await tc.get(`/api/trustee/elections/${electionId}`)).json().parameters;
    const r = await close();
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('election.outside_window');
  });

  it('is refused while a voter on the roll has not voted, and says how many have', async () => {
    ctx.clock.advance(6 * MIN);
    expect((await castAs(voters[0]!, 'li')).statusCode).toBe(200);
    const r = await close();
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'election.not_all_voted', details: { voted: 1, eligible: 2 } });
    const view = (await officer.get(`/api/elections/${electionId}`)).json();
    expect(view).toMatchObject({ status: 'ready', phase: 'open' });
  });

  it('closes once everyone has voted; the log records the early close; no ballot comes after it', async () => {
    expect((await castAs(voters[1]!, 'li')).statusCode).toBe(200);
    const r = await close();
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'closed', ballotsCast: 2, eligibleVoters: 2 });
    const log = (await officer.get(`/api/elections/${electionId}/log`)).json().items;
    const entry = log.find((l: { action: string }) => l.action === 'election.close');
    expect(entry.details).toMatchObject({ ballots: 2, early: true });
    // Closed means closed: a second cast (or any late ballot) is outside the window.
    expect((await castAs(voters[1]!, 'wang')).json().code).toBe('election.outside_window');
    expect((await close()).json().code).toBe('election.invalid_state');
  });

  it('tallies as usual and the record verifies', async () => {
    const tc = await loginAs(ctx, trustee);
    const view = (await tc.get(`/api/trustee/elections/${electionId}`)).json();
    const share = computeDecryptionShare(g, manifest, context.parameter_hash, secret, view.tally);
    const d = await tc.post(`/api/trustee/elections/${electionId}/decryption`, { share });
    expect(d.statusCode, d.body).toBe(200);
    const e = (await officer.get(`/api/elections/${electionId}`)).json();
    expect(e.status).toBe('tallied');
    const record = parseRecord((await officer.get(`/api/elections/${electionId}/record`)).body);
    await expect(verifyRecord(record)).resolves.toMatchObject({ ok: true });
    expect(record.results.contests[0]!.options).toEqual([
      { option_id: 'li', votes: 2 },
      { option_id: 'wang', votes: 0 },
    ]);
  });
});
