/**
 * PIPL export (art. 45) and deletion (art. 47): the export is derived from the schema, so every column
 * holding the member's id shows up; deletion reaches every classified table in one transaction, keeps
 * the records the law requires pseudonymous, and takes the member out of search.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../kernel/http/errors.js';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs, PASSWORD, type TestUser } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { fileCase, makeMember } from '../cases/case-fixtures.test.js';
import { nameKeys } from '../members/name-index.js';
import { chargeDues } from '../payments/payment-fixtures.test.js';
import { CLASSIFICATION, ERASED_NAME, ERASED_POST, keyOf } from './classification.js';
import { dueDate, eraseAccount } from './deletion.service.js';
import { privacyRepo } from './privacy.repo.js';

let ctx: TestContext;
let officer: TestClient;
let farOfficer: TestClient;
let member: TestClient;
let other: TestClient;
let mUser: TestUser;
let oUser: TestUser;
const ids: Record<string, string> = {};
const ID_NUMBER = '110101199003071234';

type Section = {
  table: string;
  column: string;
  kind: string;
  count: number;
  rows?: Record<string, unknown>[];
};

const reauth = async (c: TestClient) =>
  expect((await c.post('/api/auth/reauth', { password: PASSWORD })).statusCode).toBe(204);

async function exportOf(c: TestClient) {
  await reauth(c);
  const res = await c.get('/api/my/data-export');
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { account: Record<string, unknown>; sections: Section[] };
}

beforeAll(async () => {
  ctx = await buildTestApp(process.env.PV_DEBUG ? { logger: { logger: { level: 'error' } } } : {});
  const tree = await createTree(ctx);
  const chair = await createUser(ctx, { username: 'pv_chair', org: tree.branch1, roles: ['chair'] });
  officer = await loginAs(ctx, chair);
  farOfficer = await loginAs(
    ctx,
    await createUser(ctx, { username: 'pv_far', org: tree.branch2, roles: ['chair'] }),
  );
  mUser = await createUser(ctx, { username: 'pv_member', org: tree.branch1 });
  oUser = await createUser(ctx, { username: 'pv_other', org: tree.branch1 });
  ids.member = await makeMember(ctx, mUser, tree.branch1, tree.union);
  ids.otherMember = await makeMember(ctx, oUser, tree.branch1, tree.union);
  const k = nameKeys('欧阳春花');
  const c = ctx.deps.cipher;
  await ctx.deps.db
    .updateTable('members')
    .set({
      name: '欧阳春花',
      name_grams: k.grams,
      name_initials: k.initials,
      name_pinyin: k.pinyin,
      id_type: 'resident_id',
      id_number_enc: c.encrypt('members.id_number', ID_NUMBER),
      id_number_bidx: c.blindIndex('members.id_number', ID_NUMBER),
      phone_enc: c.encrypt('members.phone', '13800138000'),
      phone_bidx: c.blindIndex('members.phone', '13800138000'),
      address_enc: c.encrypt('members.address', '北京市东城区某街1号'),
    })
    .where('id', '=', ids.member)
    .execute();
  member = await loginAs(ctx, mUser);
  other = await loginAs(ctx, oUser);
  // data in many modules: cases (named and anonymous), forum, chat, dues, consents, notifications
  ids.case = await fileCase(member, { title: '冲压线夹伤' });
  ids.anonCase = await fileCase(member, { title: '匿名反映', anonymous: true });
  const board = (await officer.post('/api/forums/boards', { orgId: tree.branch1.id, name: '一车间' })).json()
    .id;
  const thread = await member.post(`/api/forums/boards/${board}/threads`, {
    title: '伙食建议',
    body: '我是欧阳春花，建议食堂伙食多些面食',
  });
  expect(thread.statusCode, thread.body).toBe(201);
  ids.thread = thread.json().id;
  const dm = await member.post('/api/chat/direct', { userId: oUser.id });
  ids.room = dm.json().id;
  expect(
    (await member.post(`/api/chat/rooms/${ids.room}/messages`, { body: '明天见' })).statusCode,
  ).toBeLessThan(300);
  await chargeDues(ctx, ids.member, { '2026-01': 1500 });
  await ctx.deps.db
    .insertInto('dues_wages')
    .values({
      member_id: ids.member,
      effective_from: '2026-01-01',
      wage_enc: c.encrypt('dues_wages.wage', '650000'),
      created_by: chair.id,
    })
    .execute();
  await ctx.deps.db
    .insertInto('member_consents')
    .values({
      member_id: ids.member,
      purpose: 'membership',
      version: '1',
      granted: true,
      at: ctx.clock.now(),
      source: 'portal',
    })
    .execute();
  await ctx.deps.db
    .insertInto('notifications')
    .values({ user_id: mUser.id, template: 't', category: 'system', title: '欢迎', body: '欢迎入会' })
    .execute();
});
afterAll(() => ctx.close());

describe('classification', () => {
  it('covers every person link in the schema, and names no column that does not exist', async () => {
    const links = await privacyRepo(ctx.deps.db).personLinks();
    expect(links.filter((l) => !CLASSIFICATION[keyOf(l)]).map(keyOf)).toEqual([]);
    const present = new Set(links.map(keyOf));
    expect(Object.keys(CLASSIFICATION).filter((k) => !present.has(k))).toEqual([]);
  });

  it('a new table with a member FK and no classification is found, and refuses an erasure', async () => {
    await expect(
      ctx.deps.db.transaction().execute(async (trx) => {
        await sql`CREATE TABLE zz_new_feature (id uuid PRIMARY KEY, member_id uuid REFERENCES members(id))`.execute(
          trx,
        );
        const links = await privacyRepo(trx).personLinks();
        expect(links.filter((l) => !CLASSIFICATION[keyOf(l)]).map(keyOf)).toEqual([
          'zz_new_feature.member_id',
        ]);
        await eraseAccount(ctx.deps, trx, oUser.id, ctx.clock.now(), 'x');
      }),
    ).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'privacy.unclassified_data');
    const left = await sql`SELECT to_regclass('zz_new_feature') AS t`.execute(ctx.deps.db);
    expect(left.rows[0]).toEqual({ t: null });
  });
});

describe('export', () => {
  it('needs a recent password confirmation', async () => {
    ctx.clock.advance(10 * 60_000);
    const res = await member.get('/api/my/data-export');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('auth.reauth_required');
  });

  it('holds every table with a row naming the member, decrypted, without secrets', async () => {
    const data = await exportOf(member);
    const repo = privacyRepo(ctx.deps.db);
    const holding: string[] = [];
    for (const l of await repo.personLinks()) {
      const target = l.target === 'users' ? [mUser.id] : [ids.member];
      if ((await repo.count(l, target)) > 0) holding.push(keyOf(l));
    }
    expect(holding.length).toBeGreaterThan(12);
    expect(data.sections.map(keyOf).sort()).toEqual(expect.arrayContaining(holding.sort()));
    const tables = new Set(data.sections.map((s) => s.table));
    for (const t of [
      'members',
      'sessions',
      'cases',
      'forum_posts',
      'chat_messages',
      'dues_ledger',
      'dues_wages',
    ])
      expect(tables).toContain(t);
    const reg = data.sections.find((s) => keyOf(s) === 'members.user_id')!.rows![0]!;
    expect(reg).toMatchObject({ name: '欧阳春花', id_number: ID_NUMBER, phone: '13800138000' });
    expect(reg.id_number_bidx).toBe('present, not exported');
    expect(data.sections.find((s) => s.table === 'dues_wages')!.rows![0]!.wage).toBe('650000');
    expect(data.sections.find((s) => s.table === 'sessions')).toMatchObject({ kind: 'secret' });
    expect(data.account.password_hash).toBe('present, not exported');
    expect(data.account.mfa_secret_enc ?? null).toBeNull();
    const anon = data.sections.find((s) => s.column === 'submitter_bidx')!;
    expect(anon.rows!.map((r) => r.id)).toEqual([ids.anonCase]);
    expect(anon.rows![0]!.identity_enc).toBe('present, not exported');
    const text = JSON.stringify(data);
    const hash = (await privacyRepo(ctx.deps.db).account(mUser.id))!.password_hash as string;
    expect(text).not.toContain(hash);
  });

  it("another member's export holds none of this member's data", async () => {
    const text = JSON.stringify(await exportOf(other));
    expect(text).not.toContain(ids.member);
    expect(text).not.toContain(ID_NUMBER);
    expect(text).not.toContain(ids.anonCase);
  });
});

describe('deletion', () => {
  it('the deadline is 15 working days', () => {
    // Friday 2026-11-27 10:00 in China -> three weeks later, Friday 2026-12-18
    expect(dueDate(new Date('2026-11-27T02:00:00Z')).toISOString()).toBe('2026-12-18T02:00:00.000Z');
  });

  it('a request needs a fresh confirmation, and only one is open at a time', async () => {
    ctx.clock.advance(10 * 60_000);
    const stale = await member.post('/api/my/deletion-request', { reason: '不再需要' });
    expect(stale.json().code).toBe('auth.reauth_required');
    await reauth(member);
    const res = await member.post('/api/my/deletion-request', { reason: '我要退出并删除资料' });
    expect(res.statusCode, res.body).toBe(200);
    ids.request = res.json().request.id;
    expect(res.json().request.dueAt).toBe(dueDate(ctx.clock.now()).toISOString());
    const again = await member.post('/api/my/deletion-request', { reason: '再来一次' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('privacy.request_open');
  });

  it('an officer outside the subtree neither sees nor decides it', async () => {
    const list = await farOfficer.get('/api/privacy/deletion-requests');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(ids.request);
    const ex = await farOfficer.post(`/api/privacy/deletion-requests/${ids.request}/execute`, {
      confirm: 'x',
    });
    expect(ex.statusCode).toBe(404);
    expect((await member.get('/api/privacy/deletion-requests')).statusCode).toBe(403);
  });

  it('the officer sees it with its deadline; a wrong confirmation changes nothing', async () => {
    const list = (await officer.get('/api/privacy/deletion-requests?status=open')).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: ids.request, memberName: '欧阳春花', overdue: false });
    ids.memberNo = list.items[0].memberNo;
    const bad = await officer.post(`/api/privacy/deletion-requests/${ids.request}/execute`, {
      confirm: 'T0000',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('privacy.confirm_mismatch');
    const m = await ctx.deps.db
      .selectFrom('members')
      .where('id', '=', ids.member)
      .select('erased_at')
      .executeTakeFirst();
    expect(m!.erased_at).toBeNull();
  });

  it('execution erases in one transaction and keeps the records the law requires', async () => {
    const res = await officer.post(`/api/privacy/deletion-requests/${ids.request}/execute`, {
      confirm: ids.memberNo,
    });
    expect(res.statusCode, res.body).toBe(200);
    const db = ctx.deps.db;
    const m = await db
      .selectFrom('members')
      .selectAll()
      .where('id', '=', ids.member)
      .executeTakeFirstOrThrow();
    expect(m).toMatchObject({
      name: ERASED_NAME,
      id_number_enc: null,
      id_number_bidx: null,
      phone_enc: null,
      address_enc: null,
      status: 'left',
      name_grams: [],
    });
    expect(m.erased_at).not.toBeNull();
    const u = await db.selectFrom('users').selectAll().where('id', '=', mUser.id).executeTakeFirstOrThrow();
    expect(u).toMatchObject({
      status: 'disabled',
      display_name: ERASED_NAME,
      mfa_secret_enc: null,
      email: null,
    });
    const count = async (q: ReturnType<typeof sql<{ n: string }>>) =>
      Number((await q.execute(db)).rows[0]!.n);
    expect(await count(sql`SELECT count(*) AS n FROM sessions WHERE user_id = ${mUser.id}`)).toBe(0);
    expect(await count(sql`SELECT count(*) AS n FROM notifications WHERE user_id = ${mUser.id}`)).toBe(0);
    expect(await count(sql`SELECT count(*) AS n FROM chat_messages WHERE sender_id = ${mUser.id}`)).toBe(0);
    expect(await count(sql`SELECT count(*) AS n FROM dues_wages WHERE member_id = ${ids.member}`)).toBe(0);
    expect(await count(sql`SELECT count(*) AS n FROM dues_ledger WHERE member_id = ${ids.member}`)).toBe(1);
    expect(await count(sql`SELECT count(*) AS n FROM member_consents WHERE member_id = ${ids.member}`)).toBe(
      1,
    );
    const post = await db
      .selectFrom('forum_posts')
      .select('body')
      .where('author_id', '=', mUser.id)
      .execute();
    expect(post.map((p) => p.body)).toEqual([ERASED_POST]);
    const anon = await db
      .selectFrom('cases')
      .select(['submitter_bidx', 'identity_enc'])
      .where('id', '=', ids.anonCase)
      .executeTakeFirstOrThrow();
    expect(anon.identity_enc).toBeNull();
    expect(anon.submitter_bidx).not.toBe(ctx.deps.cipher.blindIndex('cases.submitter', mUser.id));
    // signed out everywhere, and the old credentials no longer sign in
    expect((await member.get('/api/me')).statusCode).toBe(401);
    const login = await other.post('/api/auth/login', { username: 'pv_member', password: PASSWORD });
    expect(login.statusCode).toBe(401);
    // audited without personal data
    const a = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'privacy.erased')
      .executeTakeFirstOrThrow();
    const text = JSON.stringify(a);
    for (const s of ['欧阳春花', ID_NUMBER, '13800138000', 'pv_member']) expect(text).not.toContain(s);
    // search: neither the member nor the post
    const hits = await officer.post('/api/search', { q: '欧阳春花' });
    expect(hits.statusCode).toBe(200);
    expect(hits.body).not.toContain(ids.member);
    expect(hits.body).not.toContain('欧阳春花');
    expect((await officer.post('/api/search', { q: '伙食 面食' })).json().items).toEqual([]);
    const again = await officer.post(`/api/privacy/deletion-requests/${ids.request}/execute`, {
      confirm: ids.memberNo,
    });
    expect(again.json().code).toBe('privacy.request_closed');
  });

  it('a declined request shows its reason, and the member may ask again', async () => {
    await reauth(other);
    const r = (await other.post('/api/my/deletion-request', { reason: '离职了' })).json().request;
    const d = await officer.post(`/api/privacy/deletion-requests/${r.id}/decline`, {
      reason: '仍有未结案件',
    });
    expect(d.statusCode, d.body).toBe(200);
    const mine = (await other.get('/api/my/deletion-request')).json().request;
    expect(mine).toMatchObject({ status: 'declined', decisionReason: '仍有未结案件' });
    await reauth(other);
    const again = await other.post('/api/my/deletion-request', { reason: '再次申请' });
    expect(again.statusCode).toBe(200);
    const w = await other.post('/api/my/deletion-request/withdraw', {});
    expect(w.json().request.status).toBe('withdrawn');
  });
});
