/** Chinese search: a word query finds the post containing it, and never what the caller may not see. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';

let ctx: TestContext;
let o1: TestClient;
let o2: TestClient;
let a: TestClient;
let b: TestClient;
const ids: Record<string, string> = {};

const search = async (c: TestClient, q: string) => {
  const res = await c.post('/api/search', { q });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Array<{ kind: string; id: string; title: string; snippet: string }>;
};

beforeAll(async () => {
  ctx = await buildTestApp();
  const t = await createTree(ctx);
  o1 = await loginAs(ctx, await createUser(ctx, { username: 's_o1', org: t.branch1, roles: ['chair'] }));
  o2 = await loginAs(ctx, await createUser(ctx, { username: 's_o2', org: t.branch2, roles: ['chair'] }));
  a = await loginAs(ctx, await createUser(ctx, { username: 's_a', org: t.branch1 }));
  b = await loginAs(ctx, await createUser(ctx, { username: 's_b', org: t.branch2 }));
  const board1 = (await o1.post('/api/forums/boards', { orgId: t.branch1.id, name: '一车间' })).json().id;
  const board2 = (await o2.post('/api/forums/boards', { orgId: t.branch2.id, name: '二车间' })).json().id;
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

  it('HTML in queries is just text', async () => {
    expect(await search(a, '<script>alert(1)</script>')).toEqual([]);
  });
});
