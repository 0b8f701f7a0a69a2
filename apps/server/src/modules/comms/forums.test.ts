/** Forums: visibility by org, union-wide boards, quotes, sensitive words, reports and audited moderation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { maskWords } from './forums.service.js';

let ctx: TestContext;
let mod: TestClient;
let a: TestClient;
let b: TestClient;
let tree: Awaited<ReturnType<typeof createTree>>;
let board: string;
let unionBoard: string;
let thread: string;

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
  mod = await loginAs(ctx, await createUser(ctx, { username: 'f_mod', org: tree.branch1, roles: ['chair'] }));
  a = await loginAs(ctx, await createUser(ctx, { username: 'f_a', org: tree.branch1 }));
  b = await loginAs(ctx, await createUser(ctx, { username: 'f_b', org: tree.branch2 }));
  board = (await mod.post('/api/forums/boards', { orgId: tree.branch1.id, name: '一车间论坛' })).json().id;
  unionBoard = (
    await mod.post('/api/forums/boards', { orgId: tree.branch1.id, name: '全厂交流', visibility: 'union' })
  ).json().id;
});
afterAll(() => ctx.close());

describe('forums', () => {
  it('masks sensitive words case-insensitively', () => {
    expect(maskWords('Bad words are BAD', ['bad'])).toBe('*** words are ***');
  });

  it('subtree boards are hidden from other branches; union boards are shared', async () => {
    const ids = (r: { json: () => { items: Array<{ id: string }> } }) => r.json().items.map((i) => i.id);
    expect(ids(await a.get('/api/forums/boards'))).toEqual(expect.arrayContaining([board, unionBoard]));
    const seenByB = ids(await b.get('/api/forums/boards'));
    expect(seenByB).toContain(unionBoard);
    expect(seenByB).not.toContain(board);
    expect((await b.get(`/api/forums/boards/${board}/threads`)).statusCode).toBe(404);
    expect(
      (await b.post(`/api/forums/boards/${unionBoard}/threads`, { title: '你好', body: '二车间来了' }))
        .statusCode,
    ).toBe(201);
  });

  it('stores HTML as text, masks sensitive words, supports quotes', async () => {
    expect(
      (await mod.post('/api/forums/sensitive-words', { orgId: tree.union.id, words: ['傻瓜'] })).statusCode,
    ).toBe(404);
    expect(
      (await mod.post('/api/forums/sensitive-words', { orgId: tree.branch1.id, words: ['傻瓜'] })).statusCode,
    ).toBe(200);
    const res = await a.post(`/api/forums/boards/${board}/threads`, {
      title: '<img src=x onerror=alert(1)>食堂',
      body: '食堂太差了，傻瓜才吃',
    });
    expect(res.statusCode, res.body).toBe(201);
    thread = res.json().id;
    const view = (await a.get(`/api/forums/threads/${thread}`)).json();
    expect(view.title).toBe('<img src=x onerror=alert(1)>食堂');
    expect(view.posts[0].body).toBe('食堂太差了，**才吃');
    ctx.clock.advance(1000); // posts are ordered by time
    const reply = await mod.post(`/api/forums/threads/${thread}/posts`, {
      body: '收到，会反映',
      quoteId: view.posts[0].id,
    });
    expect(reply.statusCode).toBe(201);
    expect((await b.post(`/api/forums/threads/${thread}/posts`, { body: '越权' })).statusCode).toBe(404);
  });

  it('report, hide (audited), lock', async () => {
    const view = (await a.get(`/api/forums/threads/${thread}`)).json();
    const postId = view.posts[0].id;
    expect((await a.post(`/api/forums/posts/${postId}/report`, { reason: '人身攻击' })).statusCode).toBe(200);
    const reports = (await mod.get('/api/forums/reports')).json().items;
    expect(reports.map((r: { postId: string }) => r.postId)).toContain(postId);
    expect(
      (await a.post(`/api/forums/posts/${postId}/moderate`, { action: 'hide', reason: '不文明' })).statusCode,
    ).toBe(404);
    expect(
      (await mod.post(`/api/forums/posts/${postId}/moderate`, { action: 'hide', reason: '不文明' }))
        .statusCode,
    ).toBe(200);
    expect((await a.get(`/api/forums/threads/${thread}`)).json().posts[0]).toMatchObject({
      hidden: true,
      body: '',
    });
    expect((await mod.get(`/api/forums/threads/${thread}`)).json().posts[0].body).toContain('食堂');
    expect((await mod.get('/api/forums/reports')).json().items).toEqual([]);
    expect(
      (await mod.post(`/api/forums/threads/${thread}/moderate`, { action: 'lock', reason: '已处理' }))
        .statusCode,
    ).toBe(200);
    const locked = await a.post(`/api/forums/threads/${thread}/posts`, { body: '再说一句' });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().code).toBe('forum.locked');
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .where('action', 'in', ['forum.post_hide', 'forum.thread_lock', 'forum.words_added'])
      .select('action')
      .execute();
    expect(audit.map((r) => r.action).sort()).toEqual([
      'forum.post_hide',
      'forum.thread_lock',
      'forum.words_added',
    ]);
  });
});
