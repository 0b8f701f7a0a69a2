/** The voter roll and dues standing (E1): members in arrears are left off when the rules ask for it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { insertMemberRow } from '../../kernel/testing/member-fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';

let ctx: TestContext;
let officer: TestClient;
let unionId: string;
let trustees: TestUser[];
let paid: TestUser;
let owing: TestUser;
const MIN = 60_000;

beforeAll(async () => {
  ctx = await buildTestApp();
  const { union, branch1 } = await createTree(ctx);
  unionId = union.id;
  officer = await loginAs(
    ctx,
    await createUser(ctx, { username: 'dr_officer', org: union, roles: ['chair'] }),
  );
  trustees = [
    await createUser(ctx, { username: 'dr_t1', org: union }),
    await createUser(ctx, { username: 'dr_t2', org: union }),
  ];
  paid = await createUser(ctx, { username: 'dr_paid', org: branch1 });
  owing = await createUser(ctx, { username: 'dr_owing', org: branch1 });
  const paidId = await insertMemberRow(ctx, { user: paid, org: branch1, union });
  const owingId = await insertMemberRow(ctx, { user: owing, org: branch1, union });
  // both were charged last month; only one paid
  const now = ctx.clock.now();
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
    .toISOString()
    .slice(0, 7);
  await ctx.deps.db
    .insertInto('dues_ledger')
    .values([
      { member_id: owingId, kind: 'charge', amount_fen: 2500, period: lastMonth },
      { member_id: paidId, kind: 'charge', amount_fen: 2500, period: lastMonth },
      { member_id: paidId, kind: 'payment', amount_fen: -2500, source: 'cash', reference: 'dr-paid' },
    ])
    .execute();
}, 60_000);

afterAll(async () => {
  await ctx?.close();
});

function body(rules: Record<string, unknown>) {
  const now = ctx.clock.now().getTime();
  return {
    orgId: unionId,
    title: '会员代表选举',
    profile: 'custom',
    rules: { noticeDays: 0, ...rules },
    opensAt: new Date(now + 5 * MIN).toISOString(),
    closesAt: new Date(now + 25 * MIN).toISOString(),
    trusteeUserIds: trustees.map((t) => t.id),
    threshold: 2,
    contests: [{ id: 'q', kind: 'yes_no', title: '是否同意' }],
  };
}

async function announce(rules: Record<string, unknown>) {
  const res = await officer.post('/api/elections', body(rules));
  expect(res.statusCode, res.body).toBe(201);
  const ann = await officer.post(`/api/elections/${res.json().id}/announce`, {});
  expect(ann.statusCode, ann.body).toBe(200);
  return ann.json() as { id: string; eligibleVoters: number };
}

describe('dues standing on the roll', () => {
  it('leaves a member in arrears off under not_in_arrears, and keeps everyone under ignore', async () => {
    const strict = await announce({ duesStanding: 'not_in_arrears' });
    expect(strict.eligibleVoters).toBe(1);
    expect((await (await loginAs(ctx, owing)).get(`/api/my/elections/${strict.id}`)).statusCode).toBe(404);
    expect((await (await loginAs(ctx, paid)).get(`/api/my/elections/${strict.id}`)).statusCode).toBe(200);
    expect((await announce({})).eligibleVoters).toBe(2);
  });

  it('refuses an unknown dues rule with a 400', async () => {
    expect((await officer.post('/api/elections', body({ duesStanding: 'sometimes' }))).statusCode).toBe(400);
  });
});
