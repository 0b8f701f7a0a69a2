/**
 * Access sweeps over every route of the members module: anonymous callers get 401, a plain member gets
 * 403/404 on officer routes and only their own data on portal routes, and an officer of branch 2 gets
 * 404 for branch 1's objects and never sees them in lists, searches, counts or exports.
 * A route of the module that no case covers fails this test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../../kernel/testing/client.js';
import { createOrg, createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { runningImports } from './imports.service.js';
import { residentId } from '../../kernel/testing/member-fixtures.js';

let ctx: TestContext;
let chair: TestClient;
let officer2: TestClient;
let memberA: TestClient;
let memberB: TestClient;
const ids: Record<string, string> = {};

const CSV = `姓名,证件号码\r\n导入甲,${residentId('19800101', '101')}\r\n`;

type Case = {
  method: string;
  route: string;
  url: () => string;
  body?: () => unknown;
  type?: string;
  public?: boolean;
};
const cases: Case[] = [
  { method: 'GET', route: '/api/members', url: () => '/api/members' },
  {
    method: 'POST',
    route: '/api/members',
    url: () => '/api/members',
    body: () => ({ name: '越权', orgId: ids.branch1 }),
  },
  { method: 'GET', route: '/api/members/:id', url: () => `/api/members/${ids.m1}` },
  {
    method: 'PATCH',
    route: '/api/members/:id',
    url: () => `/api/members/${ids.m1}`,
    body: () => ({ employer: 'x' }),
  },
  {
    method: 'POST',
    route: '/api/members/:id/reveal',
    url: () => `/api/members/${ids.m1}/reveal`,
    body: () => ({ fields: ['phone'], reason: '越权查看' }),
  },
  {
    method: 'POST',
    route: '/api/members/:id/transition',
    url: () => `/api/members/${ids.m1}/transition`,
    body: () => ({ action: 'leave', reason: '越权' }),
  },
  {
    method: 'POST',
    route: '/api/members/:id/transfer',
    url: () => `/api/members/${ids.m1}/transfer`,
    body: () => ({ toOrgId: ids.union2, reason: '越权' }),
  },
  {
    method: 'POST',
    route: '/api/members/:id/account',
    url: () => `/api/members/${ids.m1}/account`,
    body: () => ({ username: 'sweep.account' }),
  },
  {
    method: 'POST',
    route: '/api/members/bulk',
    url: () => '/api/members/bulk',
    body: () => ({ ids: [ids.m1], action: 'retain', reason: '越权' }),
  },
  {
    method: 'POST',
    route: '/api/members/export',
    url: () => '/api/members/export',
    body: () => ({ format: 'csv', ids: [ids.m1] }),
  },
  { method: 'GET', route: '/api/members/transfers', url: () => '/api/members/transfers?direction=outgoing' },
  ...(['approve', 'reject', 'cancel'] as const).map((d) => ({
    method: 'POST',
    route: `/api/members/transfers/:id/${d}`,
    url: () => `/api/members/transfers/${ids.transfer}/${d}`,
    body: () => ({ reason: '越权' }),
  })),
  { method: 'GET', route: '/api/members/settings/:unionId', url: () => `/api/members/settings/${ids.union}` },
  {
    method: 'PUT',
    route: '/api/members/settings/:unionId',
    url: () => `/api/members/settings/${ids.union}`,
    body: () => ({ selfEditable: [] }),
  },
  { method: 'GET', route: '/api/members/unions', url: () => '/api/members/unions' },
  {
    method: 'POST',
    route: '/api/members/imports',
    url: () => `/api/members/imports?orgId=${ids.branch1}&mode=dry_run`,
    body: () => CSV,
    type: 'text/csv',
  },
  {
    method: 'GET',
    route: '/api/members/imports/template',
    url: () => '/api/members/imports/template?format=csv',
  },
  { method: 'GET', route: '/api/members/imports/:id', url: () => `/api/members/imports/${ids.import}` },
  {
    method: 'GET',
    route: '/api/members/imports/:id/report',
    url: () => `/api/members/imports/${ids.import}/report`,
  },
  { method: 'GET', route: '/api/my/profile', url: () => '/api/my/profile' },
  {
    method: 'PATCH',
    route: '/api/my/profile',
    url: () => '/api/my/profile',
    body: () => ({ email: 'x@example.org' }),
  },
  { method: 'GET', route: '/api/my/history', url: () => '/api/my/history' },
  { method: 'GET', route: '/api/my/consents', url: () => '/api/my/consents' },
  {
    method: 'POST',
    route: '/api/my/consents',
    url: () => '/api/my/consents',
    body: () => ({ purpose: 'notifications', granted: true }),
  },
  { method: 'GET', route: '/api/join/:unionId', url: () => `/api/join/${ids.union}`, public: true },
  {
    method: 'POST',
    route: '/api/join/:unionId',
    url: () => `/api/join/${ids.union}`,
    public: true,
    body: () => ({}),
  },
];

function call(client: TestClient, c: Case) {
  const body = c.body?.();
  return client.request(c.method as 'GET', c.url(), body, c.type ? { 'content-type': c.type } : {});
}

beforeAll(async () => {
  ctx = await buildTestApp({ env: { UNIONHALL_DATA_DIR: `.tmp/test-data-sweep-${process.pid}` } });
  const tree = await createTree(ctx);
  const union2 = await createOrg(ctx, '第二纺织厂工会', 'grassroots', tree.root);
  Object.assign(ids, { branch1: tree.branch1.id, union: tree.union.id, union2: union2.id });
  chair = await loginAs(ctx, await createUser(ctx, { username: 'chair', org: tree.union, roles: ['chair'] }));
  officer2 = await loginAs(
    ctx,
    await createUser(ctx, { username: 'o2', org: tree.branch2, roles: ['chair'] }),
  );
  memberA = await loginAs(ctx, await createUser(ctx, { username: 'alice', org: tree.branch1 }));
  memberB = await loginAs(ctx, await createUser(ctx, { username: 'bob', org: tree.branch2 }));
  const mk = async (name: string, orgId: string, idNumber: string, phone: string) => {
    const r = await chair.post('/api/members', {
      name,
      orgId,
      idNumber,
      phone,
      sensitiveConsentAttested: true,
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  ids.m1 = await mk('一号会员', tree.branch1.id, residentId('19800101', '011'), '13800000001');
  const m2 = await mk('转出会员', tree.branch1.id, residentId('19800101', '021'), '13800000002');
  ids.transfer = (
    await chair.post(`/api/members/${m2}/transfer`, { toOrgId: union2.id, reason: '调动' })
  ).json().id;
  const imp = await chair.request('POST', `/api/members/imports?orgId=${tree.branch1.id}&mode=dry_run`, CSV, {
    'content-type': 'text/csv',
  });
  ids.import = imp.json().id;
  await runningImports.get(ids.import);
  for (const [client, name, id, phone] of [
    [memberA, '爱丽丝', residentId('19900101', '031'), '13800000003'],
    [memberB, '鲍勃', residentId('19900101', '041'), '13800000004'],
  ] as const) {
    const body = { name, idNumber: id, phone, consentSensitivePi: true };
    expect((await client.post(`/api/join/${tree.union.id}`, body)).statusCode).toBe(202);
  }
  const applicants = (await chair.get('/api/members?status=applicant')).json().items;
  for (const a of applicants)
    await chair.post(`/api/members/${a.id}/transition`, { action: 'approve', reason: '通过' });
});
afterAll(() => ctx.close());

describe('members access sweeps', () => {
  it('covers every route of the module', () => {
    const mine = ctx.app.routeTable.filter((r) =>
      /^\/api\/(members(\/|$)|join\/|my\/(profile|history|consents)$)/.test(r.url),
    );
    const covered = new Set(cases.map((c) => `${c.method} ${c.route}`));
    expect(mine.map((r) => `${r.method} ${r.url}`).filter((k) => !covered.has(k))).toEqual([]);
    expect(mine.length).toBe(cases.length);
  });

  it('answers 401 to anonymous callers on every non-public route', async () => {
    const anon = new TestClient(ctx.app);
    for (const c of cases.filter((x) => !x.public))
      expect([c.route, (await call(anon, c)).statusCode]).toEqual([c.route, 401]);
  });

  it('answers 403 or 404 to a plain member on every officer route', async () => {
    for (const c of cases.filter((x) => !x.public && !x.route.startsWith('/api/my'))) {
      const res = await call(memberA, c);
      expect({
        route: c.route,
        ok: [403, 404].includes(res.statusCode),
        body: res.body.slice(0, 60),
      }).toMatchObject({ route: c.route, ok: true });
    }
  });

  it('gives members only their own data on portal routes', async () => {
    const a = (await memberA.get('/api/my/profile')).json();
    const b = (await memberB.get('/api/my/profile')).json();
    expect([a.member.name, b.member.name]).toEqual(['爱丽丝', '鲍勃']);
    for (const url of ['/api/my/profile', '/api/my/history', '/api/my/consents']) {
      expect((await memberA.get(url)).body).not.toContain(b.member.id);
      expect((await memberB.get(url)).body).not.toContain(a.member.id);
    }
    expect((await officer2.get('/api/my/profile')).statusCode).toBe(404);
  });

  it("gives an officer of branch 2 a 404 for branch 1's objects on every route with an object", async () => {
    const noObject = new Set([
      '/api/members',
      '/api/members/unions',
      '/api/members/imports/template',
      '/api/members/transfers',
      '/api/members/export',
    ]);
    for (const c of cases.filter(
      (x) => !x.public && !x.route.startsWith('/api/my') && !noObject.has(x.route),
    )) {
      expect([c.method, c.route, (await call(officer2, c)).statusCode]).toEqual([c.method, c.route, 404]);
    }
  });

  it('never includes branch 1 in lists, searches, counts, transfers or exports of branch 2', async () => {
    const list = await officer2.get('/api/members?pageSize=200');
    expect(list.json().items.some((i: { id: string }) => i.id === ids.m1)).toBe(false);
    for (const q of ['一号', 'yhhy', '13800000001', residentId('19800101', '011')]) {
      expect((await officer2.get(`/api/members?q=${encodeURIComponent(q)}`)).json().total).toBe(0);
      expect((await chair.get(`/api/members?q=${encodeURIComponent(q)}`)).json().total).toBe(1);
    }
    expect((await officer2.get(`/api/members?orgId=${ids.branch1}`)).json().total).toBe(0);
    expect((await officer2.get('/api/members/transfers?direction=outgoing')).json().items).toEqual([]);
    expect((await chair.get('/api/members/transfers?direction=outgoing')).json().items).toHaveLength(1);
    for (const body of [
      { format: 'csv' },
      { format: 'csv', ids: [ids.m1] },
      { format: 'csv', filter: { q: '一号' } },
    ]) {
      const csv = await officer2.post('/api/members/export', body);
      expect(csv.statusCode).toBe(200);
      expect(csv.body).not.toContain('一号会员');
    }
    expect((await chair.post('/api/members/export', { format: 'csv' })).body).toContain('一号会员');
  });
});
