/** Chinese search: a word query finds the post containing it, and never what the caller may not see. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { insertMemberRow } from '../../kernel/testing/member-fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { searchRepo } from './search.repo.js';
import { indexWords, unsegment } from './search.service.js';

let ctx: TestContext;
let o1: TestClient;
let o2: TestClient;
let a: TestClient;
let b: TestClient;
const ids: Record<string, string> = {};

const search = async (c: TestClient, q: string) => {
  const res = await c.post('/api/search', { q });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Array<{
    kind: string;
    id: string;
    title: string;
    snippet: string;
    threadId?: string;
    ref?: string;
  }>;
};

/** A registry record with the name keys the members module computes (grams, initials, pinyin). */
async function namedMember(org: { id: string }, union: { id: string }, name: string, initials: string) {
  const id = await insertMemberRow(ctx, { user: null, org: org as never, union: union as never });
  const c = Array.from(name);
  const grams = [...new Set([...c, ...c.slice(1).map((x, i) => c[i] + x)])];
  await ctx.deps.db
    .updateTable('members')
    .set({ name, name_grams: grams, name_initials: initials, name_pinyin: initials })
    .where('id', '=', id)
    .execute();
  return id;
}

const injury = {
  description: '右手被冲压机夹伤',
  incident_date: '2026-01-05',
  location: '冲压线3号',
  body_part: 'hand',
  cause: 'machinery',
  severity: 'moderate',
  days_lost: 5,
};
const fileCase = async (c: TestClient, title: string) => {
  const res = await c.post('/api/my/cases', { typeKey: 'injury', title, fields: injury, anonymous: true });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

beforeAll(async () => {
  ctx = await buildTestApp();
  const t = await createTree(ctx);
  o1 = await loginAs(ctx, await createUser(ctx, { username: 's_o1', org: t.branch1, roles: ['chair'] }));
  o2 = await loginAs(ctx, await createUser(ctx, { username: 's_o2', org: t.branch2, roles: ['chair'] }));
  const ua = await createUser(ctx, { username: 's_a', org: t.branch1 });
  const ub = await createUser(ctx, { username: 's_b', org: t.branch2 });
  ids.ua = ua.id;
  await insertMemberRow(ctx, { user: ua, org: t.branch1, union: t.union });
  await insertMemberRow(ctx, { user: ub, org: t.branch2, union: t.union });
  a = await loginAs(ctx, ua);
  b = await loginAs(ctx, ub);
  ids.m1 = await namedMember(t.branch1, t.union, '欧阳春花', 'oych');
  ids.m2 = await namedMember(t.branch2, t.union, '欧阳春燕', 'oycy');
  ids.c1 = await fileCase(a, '冲压线夹伤事故');
  ids.c2 = await fileCase(b, '二车间夹伤事故');
  const board1 = (await o1.post('/api/forums/boards', { orgId: t.branch1.id, name: '一车间' })).json().id;
  const board2 = (await o2.post('/api/forums/boards', { orgId: t.branch2.id, name: '二车间' })).json().id;
  ids.board1 = board1;
  ids.t1 = (
    await a.post(`/api/forums/boards/${board1}/threads`, {
      title: '关于食堂',
      body: '职工代表大会讨论了食堂饭菜质量问题',
    })
  ).json().id;
  ids.t2 = (
    await b.post(`/api/forums/boards/${board2}/threads`, {
      title: '二车间食堂',
      body: '二车间的食堂饭菜也需要改进',
    })
  ).json().id;
  ids.ann = (
    await o1.post('/api/announcements', {
      orgId: t.branch1.id,
      title: '春节慰问',
      body: '<p>工会为职工准备了慰问品</p>',
      publish: true,
    })
  ).json().id;
});
afterAll(() => ctx.close());

describe('search', () => {
  it('a Chinese word finds the post that contains it, with a highlighted snippet', async () => {
    const hits = await search(a, '代表大会');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ kind: 'forum_post', title: '关于食堂' });
    expect(hits[0]!.snippet).toContain('«代表大会»');
    expect((await search(a, '代表')).length).toBe(1);
  });

  it('never returns posts or announcements the caller may not see', async () => {
    const aHits = await search(a, '饭菜');
    expect(aHits.map((h) => h.title)).toEqual(['关于食堂']);
    const bHits = await search(b, '饭菜');
    expect(bHits.map((h) => h.title)).toEqual(['二车间食堂']);
    expect(await search(b, '慰问品')).toEqual([]);
    expect((await search(a, '慰问品')).map((h) => h.kind)).toEqual(['announcement']);
  });

  it('finds titles with a typo through trigrams, and drops hidden posts', async () => {
    expect((await search(a, '春节慰')).map((h) => h.title)).toContain('春节慰问');
    const thread = (await o1.get(`/api/forums/threads/${ids.t1}`)).json();
    await o1.post(`/api/forums/posts/${thread.posts[0].id}/moderate`, { action: 'hide', reason: '测试隐藏' });
    expect(await search(a, '代表大会')).toEqual([]);
  });

  it('snippets read like the original text', () => {
    expect(unsegment('赞同 ！ @ 李晓红   还 可以')).toBe('赞同！@李晓红还可以');
    expect(unsegment('职工 «代表大会» 讨论 了 hello «world» 2026 年')).toBe(
      '职工«代表大会»讨论了hello «world» 2026年',
    );
  });

  it('HTML in queries is just text', async () => {
    expect(await search(a, '<script>alert(1)</script>')).toEqual([]);
  });

  it('a word most documents contain is checked per row, not looked up in the index: same hits', async () => {
    const freq = new Map([
      ['职工', 0.9],
      ['代表大会', 0.1],
    ]);
    expect(indexWords('职工 代表大会', freq)).toBe('代表大会');
    expect(indexWords('职工', freq)).toBe('职工');
    expect(indexWords('职工 职工', freq)).toBe('职工 职工');
    expect(indexWords('代表大会 午餐', freq)).toBe('代表大会 午餐');
    for (const [title, body] of [
      ['职工午餐', '职工午餐增加面食'],
      ['职工宿舍', '职工宿舍热水不稳定'],
      ['职工体检', '职工体检安排在下周，午餐照常'],
      ['职工培训', '职工技能培训报名'],
    ]) {
      const r = await a.post(`/api/forums/boards/${ids.board1}/threads`, { title, body });
      expect(r.statusCode, r.body).toBe(201);
    }
    // planner statistics, as autovacuum keeps them in production
    await sql`ANALYZE search_docs`.execute(ctx.deps.db);
    const repo = searchRepo(ctx.deps.db);
    expect((await repo.lexemeFrequencies()).get('职工')).toBeGreaterThan(0.5);
    const opts = { words: '职工 午餐', raw: '职工午餐', limit: 30 };
    const split = await repo.searchPosts(ids.ua!, false, { ...opts, indexWords: '午餐' });
    const whole = await repo.searchPosts(ids.ua!, false, opts);
    expect(split.map((h) => h.ref_id).sort()).toEqual(whole.map((h) => h.ref_id).sort());
    expect(split.map((h) => h.title).sort()).toEqual(['职工体检', '职工午餐']);
    expect((await search(a, '职工午餐')).map((h) => h.title)).toContain('职工午餐');
  });
});

describe('officer search: members and cases in scope', () => {
  const kinds = (hits: Awaited<ReturnType<typeof search>>, kind: string) =>
    hits.filter((h) => h.kind === kind).map((h) => h.id);

  it('finds members by Chinese name, typo and pinyin initials, only in the members.read scope', async () => {
    expect(kinds(await search(o1, '欧阳春花'), 'member')).toEqual([ids.m1]);
    expect(kinds(await search(o1, '春花'), 'member')).toEqual([ids.m1]);
    expect(kinds(await search(o1, '欧阳春华'), 'member')).toEqual([ids.m1]); // typo, through pg_trgm
    expect(kinds(await search(o1, 'oych'), 'member')).toEqual([ids.m1]);
    // 欧阳春燕 is in branch 2: never for the branch 1 officer, found by the branch 2 one
    expect(kinds(await search(o1, '欧阳春燕'), 'member')).not.toContain(ids.m2);
    expect(kinds(await search(o2, '欧阳'), 'member')).toEqual([ids.m2]);
    // plain members get no registry hits at all
    expect(kinds(await search(a, '欧阳春花'), 'member')).toEqual([]);
  });

  it('finds cases by title and number in the cases.read scope, never revealing the submitter', async () => {
    const res = await o1.post('/api/search', { q: '夹伤' });
    expect(kinds(res.json().items, 'case')).toEqual([ids.c1]);
    expect(res.body).not.toContain(ids.ua);
    expect(res.body).not.toContain('s_a');
    expect(res.body).not.toContain('右手');
    const ref = res.json().items.find((h: { kind: string }) => h.kind === 'case').ref as string;
    expect(kinds(await search(o1, ref), 'case')).toEqual([ids.c1]);
    expect(kinds(await search(o2, ref), 'case')).toEqual([]);
    expect(kinds(await search(o2, '夹伤'), 'case')).toEqual([ids.c2]);
    expect(kinds(await search(a, '夹伤'), 'case')).toEqual([]);
  });

  it('forum hits carry their thread id', async () => {
    const hits = await search(b, '饭菜');
    expect(hits[0]!.threadId).toBe(ids.t2);
  });
});
