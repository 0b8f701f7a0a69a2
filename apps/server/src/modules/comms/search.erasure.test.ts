/**
 * Erasure reaches search: once the PIPL deletion marks a member erased (`members.erased_at`), in that
 * same transaction officers no longer find them by name, pinyin initials or trigrams, and the forum
 * posts they wrote or that mentioned them leave the index, so no snippet carries the name. Members
 * who left stay findable for officers, after the live ones.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { insertMemberRow } from '../../kernel/testing/member-fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { nameKeys } from '../members/name-index.js';

let ctx: TestContext;
let officer: TestClient;
let author: TestClient;
let other: TestClient;
const ids: Record<string, string> = {};

type Hit = { kind: string; id: string; title: string; snippet: string; status?: string };
const search = async (q: string) => {
  const res = await officer.post('/api/search', { q });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Hit[];
};
/** A snippet without the « » match marks. */
const plain = (s: string) => s.replace(/[«»]/g, '');
const memberIds = async (q: string) => (await search(q)).filter((h) => h.kind === 'member').map((h) => h.id);

/** A registry record with the keys the members module computes from the name. */
async function named(tree: Awaited<ReturnType<typeof createTree>>, name: string, userId: string | null) {
  const id = await insertMemberRow(ctx, { user: null, org: tree.branch1, union: tree.union });
  const k = nameKeys(name);
  await ctx.deps.db
    .updateTable('members')
    .set({ name, user_id: userId, name_grams: k.grams, name_initials: k.initials, name_pinyin: k.pinyin })
    .where('id', '=', id)
    .execute();
  return id;
}

const erase = (memberId: string) =>
  ctx.deps.db.updateTable('members').set({ erased_at: ctx.clock.now() }).where('id', '=', memberId);

beforeAll(async () => {
  ctx = await buildTestApp();
  const tree = await createTree(ctx);
  officer = await loginAs(
    ctx,
    await createUser(ctx, { username: 'er_o', org: tree.branch1, roles: ['chair'] }),
  );
  const ua = await createUser(ctx, { username: 'er_a', org: tree.branch1 });
  const uc = await createUser(ctx, { username: 'er_c', org: tree.branch1 });
  await ctx.deps.db.updateTable('users').set({ display_name: '欧阳春花' }).where('id', '=', ua.id).execute();
  author = await loginAs(ctx, ua);
  other = await loginAs(ctx, uc);
  ids.erased = await named(tree, '欧阳春花', ua.id);
  ids.active = await named(tree, '欧阳春雨', null);
  ids.left = await named(tree, '欧阳春燕', null);
  await ctx.deps.db.updateTable('members').set({ status: 'left' }).where('id', '=', ids.left).execute();
  const board = (await officer.post('/api/forums/boards', { orgId: tree.branch1.id, name: '一车间' })).json()
    .id;
  const own = await author.post(`/api/forums/boards/${board}/threads`, {
    title: '伙食建议',
    body: '我是欧阳春花，建议食堂伙食多些面食',
  });
  ids.ownThread = own.json().id;
  const mention = await other.post(`/api/forums/boards/${board}/threads`, {
    title: '伙食汇总',
    body: '请@欧阳春花 汇总大家的伙食意见',
  });
  ids.mentionThread = mention.json().id;
  ids.plainThread = (
    await other.post(`/api/forums/boards/${board}/threads`, { title: '伙食排班', body: '下周伙食委员会排班' })
  ).json().id;
});
afterAll(() => ctx.close());

describe('erasure and search', () => {
  it('before erasure the member is found by name, initials and typo, and posts carry the name', async () => {
    expect(await memberIds('欧阳春花')).toContain(ids.erased);
    expect(await memberIds('oych')).toContain(ids.erased);
    expect(await memberIds('oyc')).toEqual(expect.arrayContaining([ids.erased, ids.active, ids.left]));
    expect(await memberIds('欧阳春华')).toContain(ids.erased);
    const posts = (await search('欧阳春花')).filter((h) => h.kind === 'forum_post');
    expect(posts.length).toBe(2);
    expect(posts.every((p) => plain(p.snippet).includes('欧阳春花'))).toBe(true);
  });

  it('members who left stay findable for officers, after the live members', async () => {
    const hits = (await search('欧阳春')).filter((h) => h.kind === 'member');
    expect(hits.map((h) => h.id).at(-1)).toBe(ids.left);
    expect(hits.find((h) => h.id === ids.left)!.status).toBe('left');
  });

  it('a rolled-back erasure changes nothing', async () => {
    await expect(
      ctx.deps.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('members')
          .set({ erased_at: ctx.clock.now() })
          .where('id', '=', ids.erased)
          .execute();
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await memberIds('欧阳春花')).toContain(ids.erased);
    expect((await search('欧阳春花')).filter((h) => h.kind === 'forum_post')).toHaveLength(2);
  });

  it('erasure removes the member and the posts naming them from search in the same transaction', async () => {
    await ctx.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('members')
        .set({ erased_at: ctx.clock.now() })
        .where('id', '=', ids.erased)
        .execute();
      // inside the erasing transaction the index rows are already gone
      const left = await sql<{ n: string }>`SELECT count(*) AS n FROM search_docs d
        JOIN forum_posts p ON p.id = d.ref_id WHERE p.thread_id IN (${ids.ownThread}, ${ids.mentionThread})`.execute(
        trx,
      );
      expect(Number(left.rows[0]!.n)).toBe(0);
    });
    const row = await ctx.deps.db
      .selectFrom('members')
      .where('id', '=', ids.erased)
      .select(['name_grams', 'name_initials', 'name_pinyin'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name_grams: [], name_initials: '', name_pinyin: '' });
    expect(await memberIds('欧阳春花')).not.toContain(ids.erased);
    expect(await memberIds('oych')).not.toContain(ids.erased);
    expect(await memberIds('ouyangchunhua')).not.toContain(ids.erased);
    expect(await memberIds('欧阳春华')).not.toContain(ids.erased);
    expect(await memberIds('oyc')).toEqual(expect.arrayContaining([ids.active, ids.left]));
    const all = await search('伙食');
    expect(plain(all.map((h) => h.snippet).join(' '))).not.toContain('欧阳春花');
    expect(all.filter((h) => h.kind === 'forum_post').map((h) => h.title)).toEqual(['伙食排班']);
    const named = await search('欧阳春花');
    expect(named.filter((h) => plain(`${h.title} ${h.snippet}`).includes('欧阳春花'))).toEqual([]);
  });

  it('the erasure keys stay blank on later writes, and a deleted or rewritten post leaves the index', async () => {
    await erase(ids.erased).execute();
    await ctx.deps.db
      .updateTable('members')
      .set({ name_initials: 'oych' })
      .where('id', '=', ids.erased)
      .execute();
    expect(await memberIds('oych')).not.toContain(ids.erased);
    const plain = (await other.get(`/api/forums/threads/${ids.plainThread}`)).json().posts[0].id as string;
    await ctx.deps.db
      .updateTable('forum_posts')
      .set({ body: '（内容已删除）' })
      .where('id', '=', plain)
      .execute();
    expect(await search('排班')).toEqual([]);
    await ctx.deps.db.deleteFrom('forum_posts').where('thread_id', '=', ids.ownThread).execute();
    const rows = await ctx.deps.db
      .selectFrom('search_docs')
      .where('thread_id', '=', ids.ownThread)
      .select('ref_id')
      .execute();
    expect(rows).toEqual([]);
  });
});
