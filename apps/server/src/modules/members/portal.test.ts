import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../../kernel/testing/client.js';
import { createOrg, createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { residentId } from '../../kernel/testing/member-fixtures.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let union2: Awaited<ReturnType<typeof createOrg>>;
let chair: TestClient;
let chair2: TestClient;
let alice: TestClient;
let bob: TestClient;

const application = (name: string, idNumber: string, phone: string) => ({
  name,
  idNumber,
  phone,
  employer: '第一机械厂',
  consentSensitivePi: true,
  consentNotifications: true,
});

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
  union2 = await createOrg(ctx, '第二纺织厂工会', 'grassroots', tree.root);
  chair = await loginAs(ctx, await createUser(ctx, { username: 'chair', org: tree.union, roles: ['chair'] }));
  chair2 = await loginAs(ctx, await createUser(ctx, { username: 'chair2', org: union2, roles: ['chair'] }));
  alice = await loginAs(ctx, await createUser(ctx, { username: 'alice', org: tree.branch1 }));
  bob = await loginAs(ctx, await createUser(ctx, { username: 'bob', org: tree.branch1 }));
});
afterAll(() => ctx.close());

async function approveByName(name: string) {
  const list = (await chair.get(`/api/members?status=applicant&q=${encodeURIComponent(name)}`)).json();
  expect(list.items).toHaveLength(1);
  const r = await chair.post(`/api/members/${list.items[0].id}/transition`, {
    action: 'approve',
    reason: '审核通过',
  });
  expect(r.statusCode, r.body).toBe(200);
  return list.items[0].id as string;
}

describe('online application and member portal', () => {
  it('accepts applications with consent, the same answer for a registered ID, and approval by the union', async () => {
    const anon = new TestClient(ctx.app);
    const info = await anon.get(`/api/join/${tree.union.id}`);
    expect(info.json()).toMatchObject({ unionName: '第一机械厂工会' });
    expect((await anon.get(`/api/join/${tree.branch1.id}`)).statusCode).toBe(404);
    const noConsent = await alice.post(`/api/join/${tree.union.id}`, {
      ...application('爱丽丝', residentId('19900202', '024'), '13811112222'),
      consentSensitivePi: false,
    });
    expect(noConsent.statusCode).toBe(400);
    const ok = await alice.post(
      `/api/join/${tree.union.id}`,
      application('爱丽丝', residentId('19900202', '024'), '13811112222'),
    );
    expect(ok.statusCode, ok.body).toBe(202);
    expect(
      (
        await bob.post(
          `/api/join/${tree.union.id}`,
          application('鲍勃', residentId('19910303', '035'), '13811113333'),
        )
      ).statusCode,
    ).toBe(202);
    const dup = await anon.post(
      `/api/join/${tree.union.id}`,
      application('冒名', residentId('19900202', '024'), '13811114444'),
    );
    expect(dup.statusCode).toBe(202);
    expect((await chair.get('/api/members?status=applicant')).json().total).toBe(2);
    const bad = await anon.post(
      `/api/join/${tree.union.id}`,
      application('坏号', '110105199002020240', '13811114444'),
    );
    expect(bad.json().code).toBe('member.invalid_id_number');
    await approveByName('爱丽丝');
    await approveByName('鲍勃');
    const consents = await ctx.deps.db.selectFrom('member_consents').selectAll().execute();
    expect(consents.filter((c) => c.source === 'application')).toHaveLength(4);
  });

  it('lets a member see and edit only their own allowed fields; everything else in the body is ignored', async () => {
    const me = (await alice.get('/api/my/profile')).json();
    expect(me.member).toMatchObject({ name: '爱丽丝', status: 'active', phoneMasked: '138****2222' });
    expect(me.editable).toEqual(['phone', 'email', 'address', 'education']);
    const before = await ctx.deps.db
      .selectFrom('members')
      .selectAll()
      .where('id', '=', me.member.id)
      .executeTakeFirstOrThrow();
    const r = await alice.patch('/api/my/profile', {
      phone: '13899998888',
      name: '改名',
      status: 'left',
      orgId: tree.branch2.id,
      unionId: union2.id,
      memberNo: 'X1',
      role: 'admin',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().applied).toEqual(['phone']);
    expect(r.json().ignored.sort()).toEqual(['memberNo', 'name', 'orgId', 'role', 'status', 'unionId']);
    const after = await ctx.deps.db
      .selectFrom('members')
      .selectAll()
      .where('id', '=', me.member.id)
      .executeTakeFirstOrThrow();
    expect({ ...after, phone_enc: null, phone_bidx: null, updated_at: null }).toEqual({
      ...before,
      phone_enc: null,
      phone_bidx: null,
      updated_at: null,
    });
    expect(after.phone_bidx).not.toBe(before.phone_bidx);
    expect((await alice.patch('/api/my/profile', { phone: '123' })).json().code).toBe('member.invalid_phone');
    expect((await alice.patch('/api/my/profile', { grants: ['admin'] })).statusCode).toBe(400);
    const proto = await alice.request(
      'PATCH',
      '/api/my/profile',
      '{"email":"x@example.org","__proto__":{"status":"left"}}',
      {
        'content-type': 'application/json',
      },
    );
    expect(proto.statusCode).toBe(400);
    const unchanged = await ctx.deps.db
      .selectFrom('members')
      .selectAll()
      .where('id', '=', me.member.id)
      .executeTakeFirstOrThrow();
    expect([unchanged.status, unchanged.email]).toEqual(['active', null]);
    expect((await alice.get(`/api/members/${me.member.id}`)).statusCode).toBe(404);
    expect((await alice.get('/api/members')).statusCode).toBe(403);
    const bobs = (await bob.get('/api/my/profile')).json();
    expect(bobs.member.name).toBe('鲍勃');
    const history = (await alice.get('/api/my/history'))
      .json()
      .items.map((e: { action: string }) => e.action);
    expect(history).toEqual(['applied', 'approve', 'self_updated']);
  });

  it('honours consent withdrawal from the next processing on', async () => {
    const me = (await alice.get('/api/my/profile')).json();
    const w = await alice.post('/api/my/consents', { purpose: 'sensitive_pi', granted: false });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().purposes.find((p: { purpose: string }) => p.purpose === 'sensitive_pi').granted).toBe(
      false,
    );
    expect(w.json().history[0]).toMatchObject({ purpose: 'sensitive_pi', granted: false, source: 'portal' });
    expect((await alice.patch('/api/my/profile', { phone: '13877776666' })).json().code).toBe(
      'member.consent_required',
    );
    expect((await alice.patch('/api/my/profile', { email: 'alice@example.org' })).statusCode).toBe(200);
    const r = await chair.post(`/api/members/${me.member.id}/reveal`, {
      fields: ['phone'],
      reason: '联系会员',
    });
    expect([r.statusCode, r.json().code]).toEqual([409, 'member.consent_required']);
    const csv = await chair.post('/api/members/export', {
      format: 'csv',
      reveal: { fields: ['phone'], reason: '统计' },
    });
    expect(csv.body).not.toContain('13899998888');
    expect(csv.body).toContain('138****8888');
    await alice.post('/api/my/consents', { purpose: 'sensitive_pi', granted: true });
    expect(
      (
        await chair.post(`/api/members/${me.member.id}/reveal`, { fields: ['phone'], reason: '联系会员' })
      ).json().phone,
    ).toBe('13899998888');
  });

  it('transfers a member with both unions approving, keeping the history on both sides', async () => {
    const me = (await alice.get('/api/my/profile')).json().member;
    const req = await chair.post(`/api/members/${me.id}/transfer`, {
      toOrgId: union2.id,
      reason: '调动到纺织厂',
    });
    expect(req.statusCode, req.body).toBe(201);
    expect(req.json()).toMatchObject({ status: 'pending', canCancel: true, canApprove: false });
    expect(
      (await chair.post(`/api/members/${me.id}/transfer`, { toOrgId: union2.id, reason: '再来一次' }))
        .statusCode,
    ).toBe(409);
    expect(
      (await chair.post(`/api/members/transfers/${req.json().id}/approve`, { reason: '自己批' })).statusCode,
    ).toBe(404);
    const incoming = (await chair2.get('/api/members/transfers?direction=incoming')).json().items;
    expect(incoming).toHaveLength(1);
    expect(incoming[0].canApprove).toBe(true);
    const ok = await chair2.post(`/api/members/transfers/${incoming[0].id}/approve`, { reason: '同意转入' });
    expect(ok.statusCode, ok.body).toBe(200);
    const old = (await chair.get(`/api/members/${me.id}`)).json();
    expect(old.member.status).toBe('transferred_out');
    const moved = (await chair2.get('/api/members')).json().items;
    expect(moved.map((m: { name: string }) => m.name)).toEqual(['爱丽丝']);
    expect(moved[0].id).not.toBe(me.id);
    const mine = (await alice.get('/api/my/profile')).json().member;
    expect(mine).toMatchObject({ unionId: union2.id, status: 'active' });
    const history = (await alice.get('/api/my/history'))
      .json()
      .items.map((e: { action: string }) => e.action);
    expect(history).toEqual([
      'applied',
      'approve',
      'self_updated',
      'self_updated',
      'request_transfer',
      'complete_transfer',
      'transferred_in',
    ]);
    // the consent ledger travelled with the member
    expect((await alice.get('/api/my/consents')).json().history.length).toBeGreaterThan(2);
  });

  it('lets the union choose which fields members may edit', async () => {
    const s = await chair2.request('PUT', `/api/members/settings/${union2.id}`, { selfEditable: ['email'] });
    expect(s.statusCode, s.body).toBe(200);
    expect((await chair.get(`/api/members/settings/${union2.id}`)).statusCode).toBe(404);
    const r = (
      await alice.patch('/api/my/profile', { phone: '13855554444', email: 'a2@example.org' })
    ).json();
    expect(r.applied).toEqual(['email']);
    expect(r.ignored).toEqual(['phone']);
  });
});
