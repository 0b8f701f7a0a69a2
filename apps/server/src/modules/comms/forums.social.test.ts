/** Forum reactions, @mentions, moving threads and time-limited bans (all moderator actions audited). */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createOrg, createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { render } from '../../kernel/notify/templates.js';
import { parseMentions, resolveMentions } from './forums.social.service.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let mod: TestClient;
let mod2: TestClient;
let a: TestClient;
let b: TestClient;
let users: Record<'mod' | 'mod2' | 'a' | 'a2' | 'b' | 'sub', TestUser>;
let board: string;
let subBoard: string;
let board2: string;
let thread: string;

const rename = (u: TestUser, name: string) =>
  ctx.deps.db.updateTable('users').set({ display_name: name }).where('id', '=', u.id).execute();
const threadView = async (c: TestClient, id: string) => {
  const res = await c.get(`/api/forums/threads/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const audit = async (action: string) =>
  ctx.deps.db.selectFrom('audit_log').where('action', '=', action).selectAll().execute();

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
  const sub = await createOrg(ctx, '一车间一班', 'branch', tree.branch1);
  users = {
    mod: await createUser(ctx, { username: 'x_mod', org: tree.branch1, roles: ['chair'] }),
    a: await createUser(ctx, { username: 'x_a', org: tree.branch1 }),
    a2: await createUser(ctx, { username: 'x_a2', org: tree.branch1 }),
    b: await createUser(ctx, { username: 'x_b', org: tree.branch2 }),
    sub: await createUser(ctx, { username: 'x_sub', org: sub }),
    mod2: await createUser(ctx, { username: 'x_mod2', org: tree.branch2, roles: ['chair'] }),
  };
  await rename(users.a2, '张三');
  await rename(users.b, '李四');
  await rename(users.sub, '王五');
  mod = await loginAs(ctx, users.mod);
  mod2 = await loginAs(ctx, users.mod2);
  a = await loginAs(ctx, users.a);
  b = await loginAs(ctx, users.b);
  board = (await mod.post('/api/forums/boards', { orgId: tree.branch1.id, name: '一车间论坛' })).json().id;
  subBoard = (await mod.post('/api/forums/boards', { orgId: sub.id, name: '一班论坛' })).json().id;
  board2 = (await mod2.post('/api/forums/boards', { orgId: tree.branch2.id, name: '二车间论坛' })).json().id;
  const res = await a.post(`/api/forums/boards/${board}/threads`, { title: '食堂', body: '食堂饭菜' });
  expect(res.statusCode, res.body).toBe(201);
  thread = res.json().id;
});
afterAll(() => ctx.close());

describe('mention parsing', () => {
  it('finds usernames and Chinese names followed by text, not e-mail addresses', () => {
    const p = parseMentions('请@张三你好 看看，@x_mod 也看，邮件 me@example.org');
    expect(p.tokens).toEqual(['张三你好', 'x_mod']);
    expect(p.usernames).toEqual(['x_mod']);
    expect(p.names).toContain('张三');
    const cands = [
      { id: '1', username: 'zs', display_name: '张三' },
      { id: '2', username: 'zsn', display_name: '张三你' },
      { id: '3', username: 'x_mod', display_name: 'Mod' },
    ];
    expect(resolveMentions(p.tokens, cands).sort()).toEqual(['2', '3']);
  });

  it('never resolves a name that is not a prefix of the token (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ minLength: 2, maxLength: 5 }), (text, name) => {
        const p = parseMentions(text);
        const ids = resolveMentions(p.tokens, [{ id: 'n', username: '\u0000', display_name: name }]);
        if (ids.length) expect(p.tokens.some((t) => t.startsWith(name))).toBe(true);
      }),
    );
  });
});

describe('forum social', () => {
  it('reactions: one per member per kind, toggled, counted in the thread view', async () => {
    const postId = (await threadView(a, thread)).posts[0].id;
    const react = (c: TestClient, kind: string) => c.post(`/api/forums/posts/${postId}/reactions`, { kind });
    expect((await react(a, 'like')).json()).toEqual({ kind: 'like', active: true, count: 1 });
    expect((await react(mod, 'like')).json()).toEqual({ kind: 'like', active: true, count: 2 });
    expect((await react(a, 'thanks')).json()).toEqual({ kind: 'thanks', active: true, count: 1 });
    expect((await react(a, 'like')).json()).toEqual({ kind: 'like', active: false, count: 1 });
    expect((await react(a, 'angry')).statusCode).toBe(400);
    expect((await react(b, 'like')).statusCode).toBe(404);
    const post = (await threadView(a, thread)).posts[0];
    expect(post.reactions).toEqual([
      { kind: 'like', count: 1, mine: false },
      { kind: 'thanks', count: 1, mine: true },
      { kind: 'support', count: 0, mine: false },
      { kind: 'question', count: 0, mine: false },
    ]);
  });

  it('mentions notify accounts that can see the board, never others', async () => {
    ctx.notifier.sent.length = 0;
    ctx.clock.advance(1000);
    const res = await a.post(`/api/forums/threads/${thread}/posts`, {
      body: '@张三你看下，@李四 也看看，@王五 呢？@x_mod 请处理 @x_a',
    });
    expect(res.statusCode, res.body).toBe(201);
    const to = ctx.notifier.sent.filter((n) => n.template === 'forum_mention').map((n) => n.userId);
    // 李四 (branch 2) cannot see this board (王五's unit lies below it); the author is skipped
    expect(to.sort()).toEqual([users.a2.id, users.mod.id, users.sub.id].sort());
    const n = ctx.notifier.sent.find((x) => x.userId === users.a2.id)!;
    expect(n.params).toMatchObject({ from: 'x_a', title: '食堂', link: `/forums/threads/${thread}` });
    const zh = render('forum_mention', 'zh-CN', n.params);
    expect(zh.subject).toBe('x_a 在帖子中提到了您');
    expect(render('forum_mention', 'en', n.params).body).toContain('mentioned you in "食堂"');
    const reply = (await threadView(a, thread)).posts.find((p: { id: string }) => p.id === res.json().id);
    expect(reply.mentions.map((m: { name: string }) => m.name).sort()).toEqual(
      ['x_mod', '张三', '王五'].sort(),
    );
  });

  it('mention autocomplete lists only readers of the board', async () => {
    const names = async (c: TestClient, q: string) => {
      const res = await c.get(`/api/forums/boards/${board}/mentionable?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.map((i: { name: string }) => i.name);
    };
    expect(await names(a, '张')).toEqual(['张三']);
    expect(await names(a, '李')).toEqual([]); // 李四 is in branch 2
    expect(await names(a, 'X_MO')).toEqual(['x_mod']);
    expect(await names(a, '%')).toEqual([]);
    expect((await b.get(`/api/forums/boards/${board}/mentionable?q=x`)).statusCode).toBe(404);
  });

  it('moving a thread needs moderation on both boards and is audited', async () => {
    const moved = await a.post(`/api/forums/boards/${board}/threads`, {
      title: '搬家',
      body: '要移动的帖子',
    });
    const id = moved.json().id;
    const found = async () =>
      (await a.post('/api/search', { q: '移动' })).json().items.map((h: { threadId?: string }) => h.threadId);
    expect(await found()).toEqual([id]);
    // hiding the thread hides its posts from search; unhiding brings them back
    await mod.post(`/api/forums/threads/${id}/moderate`, { action: 'hide', reason: '暂时隐藏' });
    expect(await found()).toEqual([]);
    await mod.post(`/api/forums/threads/${id}/moderate`, { action: 'unhide', reason: '恢复显示' });
    expect(await found()).toEqual([id]);
    expect(
      (await a.post(`/api/forums/threads/${id}/move`, { boardId: subBoard, reason: '分类' })).statusCode,
    ).toBe(404);
    expect(
      (await mod.post(`/api/forums/threads/${id}/move`, { boardId: board2, reason: '分类' })).statusCode,
    ).toBe(404);
    expect(
      (await mod.post(`/api/forums/threads/${id}/move`, { boardId: board, reason: '分类' })).statusCode,
    ).toBe(400);
    expect(
      (await mod.post(`/api/forums/threads/${id}/move`, { boardId: subBoard, reason: '分类' })).statusCode,
    ).toBe(200);
    const row = await ctx.deps.db
      .selectFrom('forum_threads')
      .where('id', '=', id)
      .select('board_id')
      .execute();
    expect(row).toEqual([{ board_id: subBoard }]);
    // the sub-unit board is not visible to a member of the parent branch, nor are its posts in search
    expect((await a.get(`/api/forums/threads/${id}`)).statusCode).toBe(404);
    expect(await found()).toEqual([]);
    const rows = await audit('forum.thread_moved');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.details).toMatchObject({ fromBoardId: board, toBoardId: subBoard, reason: '分类' });
  });

  it('bans: time-limited, per subtree, block posting, replying and reacting; audited; liftable', async () => {
    const until = new Date(ctx.clock.now().getTime() + 3600_000).toISOString();
    const past = new Date(ctx.clock.now().getTime() - 1000).toISOString();
    const body = { orgId: tree.branch1.id, userId: users.a.id, reason: '多次辱骂', until };
    expect((await a.post('/api/forums/bans', body)).statusCode).toBe(404);
    expect((await mod2.post('/api/forums/bans', body)).statusCode).toBe(404);
    expect((await mod.post('/api/forums/bans', { ...body, until: past })).json().code).toBe(
      'validation_failed',
    );
    const res = await mod.post('/api/forums/bans', body);
    expect(res.statusCode, res.body).toBe(201);
    const banId = res.json().id;

    const postId = (await threadView(a, thread)).posts[0].id;
    for (const r of [
      await a.post(`/api/forums/boards/${board}/threads`, { title: '再发', body: '再发' }),
      await a.post(`/api/forums/threads/${thread}/posts`, { body: '回复' }),
      await a.post(`/api/forums/posts/${postId}/reactions`, { kind: 'support' }),
    ]) {
      expect(r.statusCode).toBe(403);
      expect(r.json()).toMatchObject({ code: 'forum.banned', details: { until } });
    }
    expect((await threadView(a, thread)).bannedUntil).toBe(until);
    // other members and boards outside the banned subtree are unaffected
    expect((await mod.post(`/api/forums/threads/${thread}/posts`, { body: '管理员回复' })).statusCode).toBe(
      201,
    );
    const listed = (await mod.get('/api/forums/bans')).json().items;
    expect(listed).toEqual([
      expect.objectContaining({ id: banId, userId: users.a.id, reason: '多次辱骂', until }),
    ]);
    expect((await mod2.get('/api/forums/bans')).json().items).toEqual([]);
    expect((await a.get('/api/forums/bans')).statusCode).toBe(403);

    // the ban ends by itself
    ctx.clock.advance(3601_000);
    a = await loginAs(ctx, users.a); // sessions idle out over the hour
    mod = await loginAs(ctx, users.mod);
    mod2 = await loginAs(ctx, users.mod2);
    expect((await a.post(`/api/forums/threads/${thread}/posts`, { body: '我回来了' })).statusCode).toBe(201);
    expect((await mod.get('/api/forums/bans')).json().items).toEqual([]);

    // or is lifted early
    const until2 = new Date(ctx.clock.now().getTime() + 3600_000).toISOString();
    const ban2 = (await mod.post('/api/forums/bans', { ...body, until: until2 })).json().id;
    expect((await a.post(`/api/forums/threads/${thread}/posts`, { body: '又被禁' })).statusCode).toBe(403);
    expect((await mod2.post(`/api/forums/bans/${ban2}/lift`, { reason: '误判' })).statusCode).toBe(404);
    expect((await mod.post(`/api/forums/bans/${ban2}/lift`, { reason: '误判' })).statusCode).toBe(200);
    expect((await a.post(`/api/forums/threads/${thread}/posts`, { body: '解禁了' })).statusCode).toBe(201);
    expect((await audit('forum.user_banned')).map((r) => r.target_id)).toEqual([users.a.id, users.a.id]);
    expect(await audit('forum.ban_lifted')).toHaveLength(1);
  });

  it('pinned threads come first; the thread list is paged', async () => {
    const b3 = (await mod.post('/api/forums/boards', { orgId: tree.branch1.id, name: '分页论坛' })).json().id;
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      ctx.clock.advance(1000);
      made.push(
        (await a.post(`/api/forums/boards/${b3}/threads`, { title: `帖子${i}`, body: '内容' })).json().id,
      );
    }
    expect(
      (await a.post(`/api/forums/threads/${made[0]}/moderate`, { action: 'pin', reason: '置顶' })).statusCode,
    ).toBe(404);
    expect(
      (await mod.post(`/api/forums/threads/${made[0]}/moderate`, { action: 'pin', reason: '置顶' }))
        .statusCode,
    ).toBe(200);
    const p1 = (await a.get(`/api/forums/boards/${b3}/threads?page=1&pageSize=2`)).json();
    expect(p1).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(p1.items.map((t: { id: string }) => t.id)).toEqual([made[0], made[4]]);
    expect(p1.items[0].pinned).toBe(true);
    const p3 = (await a.get(`/api/forums/boards/${b3}/threads?page=3&pageSize=2`)).json();
    expect(p3.items.map((t: { id: string }) => t.id)).toEqual([made[1]]);
    expect((await a.get(`/api/forums/boards/${b3}/threads?pageSize=1000`)).statusCode).toBe(400);
    expect(await audit('forum.thread_pin')).toHaveLength(1);
  });

  it('sensitive words still apply to mentions and replies', async () => {
    await mod.post('/api/forums/sensitive-words', { orgId: tree.branch1.id, words: ['笨蛋'] });
    ctx.clock.advance(1000);
    const r = await a.post(`/api/forums/threads/${thread}/posts`, { body: '@张三 笨蛋' });
    const post = (await threadView(a, thread)).posts.find((p: { id: string }) => p.id === r.json().id);
    expect(post.body).toBe('@张三 **');
  });

  it('moderators read and moderate boards below their own node; members there do not', async () => {
    const umod = await loginAs(
      ctx,
      await createUser(ctx, { username: 'x_umod', org: tree.union, roles: ['chair'] }),
    );
    const umem = await loginAs(ctx, await createUser(ctx, { username: 'x_umem', org: tree.union }));
    const boardIds = async (c: TestClient) =>
      (await c.get('/api/forums/boards')).json().items.map((x: { id: string }) => x.id);
    expect(await boardIds(umod)).toEqual(expect.arrayContaining([board, subBoard, board2]));
    expect(await boardIds(umem)).not.toContain(board);
    expect((await umem.get(`/api/forums/threads/${thread}`)).statusCode).toBe(404);
    const threadsFound = async (c: TestClient) =>
      (await c.post('/api/search', { q: '食堂饭菜' }))
        .json()
        .items.map((h: { threadId?: string }) => h.threadId);
    expect(await threadsFound(umod)).toContain(thread);
    expect(await threadsFound(umem)).toEqual([]);
    const view = await threadView(umod, thread);
    expect(view.canModerate).toBe(true);
    const postId = view.posts[0].id;
    expect(
      (await umod.post(`/api/forums/posts/${postId}/moderate`, { action: 'hide', reason: '上级处理' }))
        .statusCode,
    ).toBe(200);
  });
});
