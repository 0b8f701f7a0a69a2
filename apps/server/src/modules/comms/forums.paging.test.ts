/** A thread's posts come in pages: floor order, no gaps or repeats, permalinks to later pages, access. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';

type PostView = {
  id: string;
  no: number;
  body: string;
  hidden: boolean;
  createdAt: string;
  quote: { id: string; no: number; excerpt: string; hidden: boolean } | null;
};
type ThreadView = {
  totalPosts: number;
  page: number;
  pages: number;
  pageSize: number;
  prevCursor: string | null;
  nextCursor: string | null;
  posts: PostView[];
};

let ctx: TestContext;
let mod: TestClient;
let b: TestClient;
/** The same member signed in from three addresses (posting is rate limited per client). */
const writers: TestClient[] = [];
let board: string;
let thread: string;
const byNo = new Map<number, string>();

const view = async (c: TestClient, query = '') => {
  const res = await c.get(`/api/forums/threads/${thread}${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as ThreadView;
};

beforeAll(async () => {
  ctx = await buildTestApp();
  const tree = await createTree(ctx);
  mod = await loginAs(
    ctx,
    await createUser(ctx, { username: 'pg_mod', org: tree.branch1, roles: ['chair'] }),
  );
  const ua = await createUser(ctx, { username: 'pg_a', org: tree.branch1 });
  for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) writers.push(await loginAs(ctx, ua, ip));
  b = await loginAs(ctx, await createUser(ctx, { username: 'pg_b', org: tree.branch2 }));
  board = (await mod.post('/api/forums/boards', { orgId: tree.branch1.id, name: '长帖测试' })).json().id;
  const res = await writers[0]!.post(`/api/forums/boards/${board}/threads`, {
    title: '食堂意见征集',
    body: '第1楼：请大家提意见',
  });
  expect(res.statusCode, res.body).toBe(201);
  thread = res.json().id;
  // 44 replies; every fourth at the same instant as the one before (order must not rely on time)
  for (let n = 2; n <= 45; n++) {
    if (n % 4 !== 0) ctx.clock.advance(1000);
    const r = await writers[n % 3]!.post(`/api/forums/threads/${thread}/posts`, { body: `第${n}楼的内容` });
    expect(r.statusCode, r.body).toBe(201);
  }
  for (let cursor: string | null = '0'; cursor !== null; ) {
    const v = await view(mod, `?cursor=${cursor}&pageSize=100`);
    for (const p of v.posts) byNo.set(p.no, p.id);
    cursor = v.nextCursor;
  }
});
afterAll(() => ctx.close());

describe('forum thread paging', () => {
  it('walks the thread by nextCursor in floor order, without repeats or gaps', async () => {
    const first = await view(writers[0]!);
    expect(first).toMatchObject({ totalPosts: 45, page: 1, pages: 3, pageSize: 20, prevCursor: null });
    const seen: PostView[] = [];
    let page: ThreadView = first;
    for (;;) {
      seen.push(...page.posts);
      if (!page.nextCursor) break;
      page = await view(writers[0]!, `?cursor=${page.nextCursor}`);
    }
    expect(page).toMatchObject({ page: 3, prevCursor: '20', nextCursor: null });
    expect(seen.map((p) => p.no)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    expect(new Set(seen.map((p) => p.id)).size).toBe(45);
    expect(seen.map((p) => p.body)).toEqual(
      seen.map((p) => (p.no === 1 ? '第1楼：请大家提意见' : `第${p.no}楼的内容`)),
    );
    const times = seen.map((p) => p.createdAt);
    expect([...times].sort()).toEqual(times);
    // page numbers land on the same floors as the cursor walk
    expect((await view(writers[0]!, '?page=2')).posts.map((p) => p.no)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 21),
    );
    expect((await view(writers[0]!, '?page=9')).posts).toEqual([]);
    const listed = (await writers[0]!.get(`/api/forums/boards/${board}/threads`)).json();
    expect(listed.items[0].posts).toBe(45);
  });

  it('opens the page of a post on a later page (around), and quotes carry the quoted floor', async () => {
    const target = byNo.get(33)!;
    const v = await view(writers[0]!, `?around=${target}&pageSize=10`);
    expect(v.page).toBe(4);
    expect(v.posts.map((p) => p.no)).toEqual([31, 32, 33, 34, 35, 36, 37, 38, 39, 40]);
    expect(v.prevCursor).toBe('20');
    const r = await writers[1]!.post(`/api/forums/threads/${thread}/posts`, {
      body: '同意楼上',
      quoteId: byNo.get(2),
    });
    expect(r.statusCode).toBe(201);
    const last = await view(writers[0]!, `?around=${r.json().id}`);
    expect(last.page).toBe(3);
    const reply = last.posts.at(-1)!;
    expect(reply).toMatchObject({ no: 46, quote: { id: byNo.get(2), no: 2, excerpt: '第2楼的内容' } });
  });

  it('hidden posts keep their floor: empty for members, readable for moderators', async () => {
    const hidden = byNo.get(23)!;
    const res = await mod.post(`/api/forums/posts/${hidden}/moderate`, {
      action: 'hide',
      reason: '测试隐藏',
    });
    expect(res.statusCode).toBe(200);
    const asMember = (await view(writers[0]!, '?page=2')).posts;
    expect(asMember.map((p) => p.no)).toEqual(Array.from({ length: 20 }, (_, i) => i + 21));
    expect(asMember.find((p) => p.no === 23)).toMatchObject({ hidden: true, body: '' });
    const asMod = (await view(mod, '?page=2')).posts;
    expect(asMod.find((p) => p.no === 23)).toMatchObject({ hidden: true, body: '第23楼的内容' });
    // a quote of the hidden post shows no text to members
    const r = await writers[2]!.post(`/api/forums/threads/${thread}/posts`, {
      body: '引用',
      quoteId: hidden,
    });
    expect(r.statusCode).toBe(201);
    const q = (await view(writers[0]!, `?around=${r.json().id}`)).posts.at(-1)!.quote;
    expect(q).toMatchObject({ no: 23, hidden: true, excerpt: '' });
    expect((await view(mod, `?around=${r.json().id}`)).posts.at(-1)!.quote!.excerpt).toBe('第23楼的内容');
  });

  it('concurrent replies get distinct consecutive floors', async () => {
    const before = (await view(writers[0]!)).totalPosts;
    const rs = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        writers[i % 3]!.post(`/api/forums/threads/${thread}/posts`, { body: `并发${i}` }),
      ),
    );
    expect(rs.map((r) => r.statusCode)).toEqual(Array(6).fill(201));
    const v = await view(writers[0]!, `?cursor=${before}`);
    expect(v.totalPosts).toBe(before + 6);
    expect(v.posts.map((p) => p.no)).toEqual(Array.from({ length: 6 }, (_, i) => before + i + 1));
  });

  it('refuses bad cursors and mixed positions with a code', async () => {
    for (const c of ['abc', '-1', '1.5', '01', '9999999999']) {
      const res = await writers[0]!.get(`/api/forums/threads/${thread}?cursor=${c}`);
      expect(res.statusCode, c).toBe(400);
      expect(res.json().code).toBe('forum.bad_cursor');
    }
    const mixed = await writers[0]!.get(`/api/forums/threads/${thread}?cursor=20&page=2`);
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().code).toBe('bad_request');
    expect((await writers[0]!.get(`/api/forums/threads/${thread}?pageSize=101`)).statusCode).toBe(400);
    expect((await writers[0]!.get(`/api/forums/threads/${thread}?around=nope`)).statusCode).toBe(400);
    const other = (
      await writers[0]!.post(`/api/forums/boards/${board}/threads`, { title: '另一个', body: '别的帖子' })
    ).json().id;
    const otherPost = (await writers[0]!.get(`/api/forums/threads/${other}`)).json().posts[0].id;
    expect((await writers[0]!.get(`/api/forums/threads/${thread}?around=${otherPost}`)).statusCode).toBe(404);
  });

  it('a non-reader gets 404 on every page; a hidden thread is 404 for members, open to moderators', async () => {
    for (const q of ['', '?cursor=20', '?page=2', `?around=${byNo.get(30)}`])
      expect((await b.get(`/api/forums/threads/${thread}${q}`)).statusCode).toBe(404);
    expect(
      (await mod.post(`/api/forums/threads/${thread}/moderate`, { action: 'hide', reason: '测试隐藏' }))
        .statusCode,
    ).toBe(200);
    expect((await writers[0]!.get(`/api/forums/threads/${thread}?cursor=20`)).statusCode).toBe(404);
    expect((await view(mod, '?cursor=20')).posts[0]!.no).toBe(21);
  });
});
