/**
 * The members module's cases for the route-table sweeps in kernel/http/route-sweep.test.ts (imported by
 * kernel/testing/scope-cases.ts). Officer 1 (branch 1) and member A must get 404 for branch 2's members,
 * transfers and import jobs, and never see them in lists, searches and counts.
 */
import { describe, expect, it } from 'vitest';
import { createOrg } from '../../kernel/testing/fixtures.js';
import { registerScopeModule, scopeModules } from '../../kernel/testing/sweeps.js';
import { residentIdCheckChar } from './identity-docs.js';
import { runningImports } from './imports.service.js';

const rid = (seq: number) => {
  const s = `11010519800101${String(seq).padStart(3, '0')}`;
  return s + residentIdCheckChar(s);
};

registerScopeModule({
  name: 'members',
  unscoped: {
    'GET /api/members/unions':
      'names of grassroots unions (public bodies) as transfer targets; no member data',
    'GET /api/members/imports/template': 'an empty import template',
    'GET /api/my/profile': "the caller's own member record",
    'GET /api/my/history': "the caller's own membership history",
    'GET /api/my/consents': "the caller's own consent ledger",
  },
  cases: async ({ ctx, tree: t, clients: c }) => {
    const union2 = await createOrg(ctx, '扫描用第二工会', 'grassroots', t.root);
    let seq = 900;
    const mk = async (client: typeof c.officer1, orgId: string, name: string) => {
      const r = await client.post('/api/members', {
        name,
        orgId,
        idNumber: rid(seq++),
        phone: `13900${String(seq).padStart(6, '0')}`,
        sensitiveConsentAttested: true,
      });
      if (r.statusCode !== 201) throw new Error(`seeding member: ${r.body}`);
      return r.json().id as string;
    };
    const foreign = await mk(c.officer2, t.b2Sub.id, '二车间会员');
    const foreignMoving = await mk(c.officer2, t.b2Sub.id, '二车间调出');
    const own = await mk(c.officer1, t.b1Sub.id, '一车间会员');
    const ownMoving = await mk(c.officer1, t.b1Sub.id, '一车间调出');
    const ownRetire = await mk(c.officer1, t.b1Sub.id, '一车间退休');
    const foreignTransfer = (
      await c.officer2.post(`/api/members/${foreignMoving}/transfer`, { toOrgId: union2.id, reason: '调动' })
    ).json().id;
    const ownTransfer = (
      await c.officer1.post(`/api/members/${ownMoving}/transfer`, { toOrgId: union2.id, reason: '调动' })
    ).json().id;
    const csv = `姓名,证件号码\r\n导入,${rid(seq++)}\r\n`;
    const upload = async (client: typeof c.officer1, orgId: string) => {
      const r = await client.request('POST', `/api/members/imports?orgId=${orgId}&mode=dry_run`, csv, {
        'content-type': 'text/csv',
      });
      await runningImports.get(r.json().id);
      return r.json().id as string;
    };
    const foreignImport = await upload(c.officer2, t.branch2.id);
    const ownImport = await upload(c.officer1, t.branch1.id);
    const reason = { reason: '越权测试' };
    return {
      objects: [
        {
          route: 'POST /api/members',
          foreign: { body: { name: '越权', orgId: t.b2Sub.id } },
          own: { body: { name: '新会员', orgId: t.b1Sub.id } },
        },
        { route: 'GET /api/members/:id', foreign: { params: { id: foreign } }, own: { params: { id: own } } },
        {
          route: 'PATCH /api/members/:id',
          foreign: { params: { id: foreign }, body: { employer: 'x' } },
          own: { params: { id: own }, body: { employer: '一厂' } },
        },
        // An own member moved onto a foreign node.
        { route: 'PATCH /api/members/:id', foreign: { params: { id: own }, body: { orgId: t.b2Sub.id } } },
        {
          route: 'POST /api/members/:id/reveal',
          foreign: { params: { id: foreign }, body: { fields: ['phone'], ...reason } },
          own: { params: { id: own }, body: { fields: ['phone'], ...reason } },
        },
        {
          route: 'POST /api/members/:id/transition',
          foreign: { params: { id: foreign }, body: { action: 'retain', ...reason } },
          own: { params: { id: ownRetire }, body: { action: 'retain', ...reason } },
        },
        {
          route: 'POST /api/members/:id/account',
          foreign: { params: { id: foreign }, body: { username: 'sweep.foreign' } },
          own: { params: { id: own }, body: { username: 'sweep.own' } },
        },
        {
          route: 'POST /api/members/:id/transfer',
          foreign: { params: { id: foreign }, body: { toOrgId: union2.id, ...reason } },
        },
        {
          route: 'POST /api/members/bulk',
          foreign: { body: { ids: [own, foreign], action: 'retain', ...reason } },
        },
        {
          route: 'POST /api/members/bulk',
          foreign: { body: { ids: [own], action: 'move', orgId: t.b2Sub.id, ...reason } },
        },
        {
          route: 'POST /api/members/transfers/:id/approve',
          foreign: { params: { id: foreignTransfer }, body: reason },
        },
        {
          route: 'POST /api/members/transfers/:id/reject',
          foreign: { params: { id: foreignTransfer }, body: reason },
        },
        {
          route: 'POST /api/members/transfers/:id/cancel',
          foreign: { params: { id: foreignTransfer }, body: reason },
          own: { params: { id: ownTransfer }, body: reason },
        },
        { route: 'GET /api/members/settings/:unionId', foreign: { params: { unionId: t.union.id } } },
        {
          route: 'PUT /api/members/settings/:unionId',
          foreign: { params: { unionId: t.union.id }, body: { selfEditable: [] } },
        },
        { route: 'POST /api/members/imports', foreign: { query: { orgId: t.branch2.id, mode: 'dry_run' } } },
        {
          route: 'GET /api/members/imports/:id',
          foreign: { params: { id: foreignImport } },
          own: { params: { id: ownImport } },
        },
        {
          route: 'GET /api/members/imports/:id/report',
          foreign: { params: { id: foreignImport } },
          own: { params: { id: ownImport } },
        },
      ],
      lists: [
        { route: 'GET /api/members', hidden: [foreign, foreignMoving, '二车间'], visible: [own] },
        { route: 'GET /api/members', query: { q: '二车间' }, hidden: [foreign], total: 0 },
        { route: 'GET /api/members', query: { q: 'ecj' }, hidden: [foreign], total: 0 },
        { route: 'GET /api/members', query: { orgId: t.branch2.id }, hidden: [foreign], total: 0 },
        {
          route: 'GET /api/members/transfers',
          query: { direction: 'outgoing' },
          hidden: [foreignTransfer, foreignMoving],
          visible: [ownTransfer],
        },
        { route: 'GET /api/members/transfers', query: { direction: 'incoming' }, hidden: [foreignTransfer] },
      ],
    };
  },
});

describe('members scope cases', () => {
  it('are registered for the route-table sweeps', () => {
    expect(scopeModules().some((m) => m.name === 'members')).toBe(true);
  });
});
