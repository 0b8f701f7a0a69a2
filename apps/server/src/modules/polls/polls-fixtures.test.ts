/** Test-only helpers of the polls tests: a small union with members and officers, and poll bodies. */
import { describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createOrg, createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { insertMemberRow } from '../../kernel/testing/member-fixtures.js';
import type { TestContext } from '../../kernel/testing/test-app.js';
import type { OrgRow } from '../orgs/index.js';

export const MIN = 60_000;

export type PollWorld = {
  union: OrgRow;
  branch1: OrgRow;
  branch2: OrgRow;
  officer: TestClient;
  /** committee member of branch 1 only */
  branchOfficer: TestClient;
  members: { user: TestUser; client: TestClient; memberId: string }[];
  retained: TestClient;
  outsider: TestClient;
  noRecord: TestClient;
  /** in the audience at publish, retained afterwards */
  later: { client: TestClient; memberId: string; userId: string };
};

/** union -> branch1 (3 active members), branch2 (2 active); retained, outsider, accountless record. */
export async function buildPollWorld(ctx: TestContext, prefix: string): Promise<PollWorld> {
  const { root, union, branch1, branch2 } = await createTree(ctx);
  const other = await createOrg(ctx, '另一工会', 'grassroots', root);
  const user = (name: string, org: OrgRow, roles?: string[]) =>
    createUser(ctx, { username: `${prefix}_${name}`, org, ...(roles ? { roles } : {}) });
  const member = async (name: string, org: OrgRow, status = 'active', unionOrg = union) => {
    const u = await user(name, org);
    const memberId = await insertMemberRow(ctx, { user: u, org, union: unionOrg, status });
    return { user: u, client: await loginAs(ctx, u), memberId };
  };
  const members = [
    await member('m1', branch1),
    await member('m2', branch1),
    await member('m3', branch1),
    await member('m4', branch2),
    await member('m5', branch2),
  ];
  const later = await member('later', branch1);
  await insertMemberRow(ctx, { user: null, org: branch1, union }); // no account: never in the audience
  return {
    union,
    branch1,
    branch2,
    officer: await loginAs(ctx, await user('chair', union, ['chair'])),
    branchOfficer: await loginAs(
      ctx,
      await createUser(ctx, {
        username: `${prefix}_b1officer`,
        org: branch1,
        roles: ['committee_member'],
      }),
    ),
    members,
    retained: (await member('retained', branch1, 'retained')).client,
    outsider: (await member('outsider', other, 'active', other)).client,
    noRecord: await loginAs(ctx, await user('norecord', branch1)),
    later: { client: later.client, memberId: later.memberId, userId: later.user.id },
  };
}

/** A poll with one question of every kind. */
export function pollBody(ctx: TestContext, orgId: string, over: Record<string, unknown> = {}) {
  const now = ctx.clock.now().getTime();
  return {
    orgId,
    title: '食堂满意度调查',
    description: '请如实填写。\n\n谢谢 <合作>',
    anonymous: true,
    resultsVisibility: 'after_response',
    closesAt: new Date(now + 60 * MIN).toISOString(),
    questions: [
      {
        id: 'lunch',
        kind: 'single',
        title: '午餐',
        options: [
          { id: 'good', label: '好' },
          { id: 'bad', label: '差' },
        ],
      },
      {
        id: 'dishes',
        kind: 'multiple',
        title: '喜欢的菜',
        minChoices: 1,
        maxChoices: 2,
        options: [
          { id: 'rice', label: '米饭' },
          { id: 'noodle', label: '面条' },
          { id: 'bun', label: '包子' },
        ],
      },
      { id: 'ideas', kind: 'text', title: '建议', maxLength: 20, required: false },
      { id: 'score', kind: 'rating', title: '评分', scale: 5 },
      {
        id: 'chef',
        kind: 'ranked',
        title: '厨师',
        options: [
          { id: 'zhang', label: '张' },
          { id: 'li', label: '李' },
          { id: 'wang', label: '王' },
        ],
      },
    ],
    ...over,
  };
}

export function answers(over: Record<string, Record<string, unknown> | null> = {}) {
  const base: Record<string, Record<string, unknown>> = {
    lunch: { choice: 'good' },
    dishes: { choices: ['rice'] },
    ideas: { text: '多些蔬菜' },
    score: { rating: 4 },
    chef: { ranking: ['zhang', 'li', 'wang'] },
  };
  const out = [];
  for (const id of Object.keys(base)) {
    const v = id in over ? over[id] : base[id];
    if (v) out.push({ questionId: id, ...v });
  }
  return { answers: out };
}

/** Creates and publishes; returns the poll id. */
export async function publishedPoll(ctx: TestContext, w: PollWorld, over: Record<string, unknown> = {}) {
  const r = await w.officer.post('/api/polls', pollBody(ctx, w.union.id, over));
  if (r.statusCode !== 201) throw new Error(`create: ${r.body}`);
  const id = r.json().id as string;
  const p = await w.officer.post(`/api/polls/${id}/publish`);
  if (p.statusCode !== 200) throw new Error(`publish: ${p.body}`);
  return id;
}

describe('poll fixtures', () => {
  it('answers() drops questions set to null', () => {
    expect(answers({ ideas: null }).answers.map((a) => a.questionId)).not.toContain('ideas');
  });
});
