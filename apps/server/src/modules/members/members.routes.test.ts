import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createOrg, createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { memberBody, residentId } from '../../kernel/testing/member-fixtures.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let chair: TestClient;
let b1: TestClient;
let b2: TestClient;

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
  chair = await loginAs(ctx, await createUser(ctx, { username: 'chair', org: tree.union, roles: ['chair'] }));
  b1 = await loginAs(
    ctx,
    await createUser(ctx, { username: 'b1', org: tree.branch1, roles: ['vice_chair'] }),
  );
  b2 = await loginAs(
    ctx,
    await createUser(ctx, { username: 'b2', org: tree.branch2, roles: ['vice_chair'] }),
  );
});
afterAll(() => ctx.close());

async function create(client: TestClient, body: object) {
  const res = await client.post('/api/members', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('member registry', () => {
  it('creates a member with encrypted, masked personal data and no plaintext in the row', async () => {
    const id = residentId('19850612', '003');
    const m = await create(chair, memberBody('张三丰', tree.branch1.id, id, '13800138000'));
    expect(m.memberNo).toMatch(/^M\d{8}$/);
    expect(m.idNumberMasked).toBe(`${id.slice(0, 4)}**********${id.slice(-4)}`);
    expect(m.phoneMasked).toBe('138****8000');
    expect(m.addressMasked).toBe('******');
    expect(m).toMatchObject({
      gender: 'male',
      birthDate: '1985-06-12',
      unionId: tree.union.id,
      status: 'active',
    });
    const row = await ctx.deps.db
      .selectFrom('members')
      .selectAll()
      .where('id', '=', m.id)
      .executeTakeFirstOrThrow();
    const raw =
      JSON.stringify(row) +
      Object.values(row)
        .map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : ''))
        .join();
    for (const plain of [id, '13800138000', '幸福路']) expect(raw).not.toContain(plain);
    expect(row.name_initials).toBe('zsf');
  });

  it('refuses bad checksums, bad phones, a missing consent and duplicates with precise codes', async () => {
    const good = residentId('19900101', '005');
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    let r = await chair.post('/api/members', memberBody('李四', tree.branch1.id, bad, '13900139000'));
    expect([r.statusCode, r.json().code]).toEqual([400, 'member.invalid_id_number']);
    r = await chair.post('/api/members', memberBody('李四', tree.branch1.id, good, '12345'));
    expect([r.statusCode, r.json().code]).toEqual([400, 'member.invalid_phone']);
    r = await chair.post('/api/members', {
      ...memberBody('李四', tree.branch1.id, good, '13900139000'),
      sensitiveConsentAttested: false,
    });
    expect([r.statusCode, r.json().code]).toEqual([409, 'member.consent_required']);
    await create(chair, memberBody('李四', tree.branch1.id, good, '13900139000'));
    r = await chair.post(
      '/api/members',
      memberBody('李四二', tree.branch2.id, good.toLowerCase(), '13900139001'),
    );
    expect([r.statusCode, r.json().code]).toEqual([409, 'member.duplicate_id_number']);
    r = await chair.post(
      '/api/members',
      memberBody('王五', tree.root.id, residentId('19900101', '007'), '13900139002'),
    );
    expect(r.statusCode).toBe(404); // the chair holds nothing on the federation
  });

  it('lists with scope, filters, name / pinyin / exact search', async () => {
    await create(b2, memberBody('王小明', tree.branch2.id, residentId('19920304', '011'), '13700137000'));
    const all = (await chair.get('/api/members?pageSize=50&sort=name')).json();
    expect(all.items.map((i: { name: string }) => i.name)).toEqual(['李四', '王小明', '张三丰']);
    expect(all.totalExact).toBe(true);
    const mine = (await b1.get('/api/members')).json();
    expect(mine.items.map((i: { name: string }) => i.name).sort()).toEqual(['张三丰', '李四'].sort());
    expect((await b2.get('/api/members?q=张三')).json().total).toBe(0);
    expect((await chair.get(`/api/members?q=${encodeURIComponent('三')}`)).json().items[0].name).toBe(
      '张三丰',
    );
    expect((await chair.get('/api/members?q=zsf')).json().items[0].name).toBe('张三丰');
    expect((await chair.get('/api/members?q=wangx')).json().items[0].name).toBe('王小明');
    expect((await chair.get('/api/members?q=138-0013-8000')).json().items[0].name).toBe('张三丰');
    expect((await chair.get(`/api/members?q=${residentId('19920304', '011')}`)).json().items[0].name).toBe(
      '王小明',
    );
    expect((await chair.get(`/api/members?orgId=${tree.branch2.id}`)).json().total).toBe(1);
    expect((await chair.get('/api/members?status=retained')).json().total).toBe(0);
    expect((await chair.get('/api/members?joinedFrom=2021-01-01')).json().total).toBe(0);
    expect((await chair.get('/api/members?gender=male&employer=机械')).json().total).toBe(3);
    expect((await b2.get(`/api/members?orgId=${tree.branch1.id}`)).json().total).toBe(0);
  });

  it('shows detail with history only in scope, reveals with a reason and audits it', async () => {
    const m = (await chair.get('/api/members?q=zsf')).json().items[0];
    expect((await b2.get(`/api/members/${m.id}`)).statusCode).toBe(404);
    const d = (await b1.get(`/api/members/${m.id}`)).json();
    expect(d.history.map((e: { action: string }) => e.action)).toEqual(['created']);
    expect(d.member.abilities).toMatchObject({ edit: true, reveal: false, transfer: true });
    expect(
      (await b1.post(`/api/members/${m.id}/reveal`, { fields: ['phone'], reason: '核对信息' })).statusCode,
    ).toBe(404);
    expect((await chair.post(`/api/members/${m.id}/reveal`, { fields: ['phone'] })).statusCode).toBe(400);
    const r = await chair.post(`/api/members/${m.id}/reveal`, {
      fields: ['idNumber', 'phone', 'address'],
      reason: '办理困难帮扶',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({
      idNumber: residentId('19850612', '003'),
      phone: '13800138000',
      address: '北京市朝阳区幸福路 8 号',
    });
    const audit = await ctx.deps.db
      .selectFrom('audit_log')
      .select(['details', 'actor_id'])
      .where('action', '=', 'pii.revealed')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({
      reason: '办理困难帮扶',
      fields: ['idNumber', 'phone', 'address'],
    });
  });

  it('applies lifecycle actions from the graph only, keeping the history append-only', async () => {
    const m = (await chair.get('/api/members?q=lisi')).json().items[0];
    let r = await b1.post(`/api/members/${m.id}/transition`, { action: 'approve', reason: '试一试' });
    expect([r.statusCode, r.json().code]).toEqual([409, 'member.invalid_transition']);
    r = await b1.post(`/api/members/${m.id}/transition`, {
      action: 'retain',
      reason: '退休保留会籍',
      effectiveDate: '2025-12-31',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().status).toBe('retained');
    expect(r.json().abilities.actions.sort()).toEqual(['expel', 'leave', 'reactivate']);
    const d = (await b1.get(`/api/members/${m.id}`)).json();
    expect(d.history.map((e: { action: string }) => e.action)).toEqual(['created', 'retain']);
    await expect(ctx.deps.db.updateTable('member_events').set({ reason: 'x' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(ctx.deps.db.deleteFrom('member_events').execute()).rejects.toThrow(/append-only/);
  });

  it('runs bulk actions all or nothing, within scope', async () => {
    const ids = (await b1.get('/api/members')).json().items.map((i: { id: string }) => i.id);
    const other = (await b2.get('/api/members')).json().items[0].id;
    let r = await b1.post('/api/members/bulk', { ids: [...ids, other], action: 'leave', reason: '批量退会' });
    expect(r.statusCode).toBe(404);
    r = await chair.post('/api/members/bulk', {
      ids: [...ids, other],
      action: 'reactivate',
      reason: '批量恢复',
    });
    expect([r.statusCode, r.json().code]).toEqual([409, 'member.invalid_transition']);
    expect(r.json().details.ids).toHaveLength(2); // the two active ones
    const statuses = await ctx.deps.db.selectFrom('members').select('status').execute();
    expect(statuses.filter((s) => s.status === 'active')).toHaveLength(2);
    r = await chair.post('/api/members/bulk', {
      ids,
      action: 'move',
      orgId: tree.branch2.id,
      reason: '车间合并',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect((await b2.get('/api/members')).json().total).toBe(3);
    const moved = await ctx.deps.db
      .selectFrom('audit_log')
      .select('target_id')
      .where('action', '=', 'member.moved')
      .execute();
    expect(moved).toHaveLength(2);
  });

  it('exports only what the caller may see, masked unless revealed, and audits every export', async () => {
    const union2 = await createOrg(ctx, '第二纺织厂工会', 'grassroots', tree.root);
    const o2 = await loginAs(ctx, await createUser(ctx, { username: 'o2', org: union2, roles: ['chair'] }));
    await create(o2, memberBody('赵六', union2.id, residentId('19700101', '021'), '13600136000'));
    const csv = await chair.post('/api/members/export', { format: 'csv' });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="members-/);
    expect(csv.body).toContain('张三丰');
    expect(csv.body).not.toContain('赵六');
    expect(csv.body).not.toContain('13800138000');
    expect(csv.body).toContain('138****8000');
    expect((await b1.post('/api/members/export', { format: 'csv' })).body).not.toContain('张三丰'); // moved to branch 2
    const revealed = await chair.post('/api/members/export', {
      format: 'csv',
      reveal: { fields: ['phone'], reason: '年度会员统计' },
    });
    expect(revealed.body).toContain('13800138000');
    expect(
      (
        await b2.post('/api/members/export', {
          format: 'csv',
          reveal: { fields: ['phone'], reason: '年度会员统计' },
        })
      ).statusCode,
    ).toBe(403);
    const xlsx = await o2.post('/api/members/export', { format: 'xlsx' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const audits = await ctx.deps.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'member.exported')
      .execute();
    expect(audits.length).toBe(4);
    expect(audits.find((a) => (a.details as { reason?: string }).reason === '年度会员统计')).toBeTruthy();
  });
});
