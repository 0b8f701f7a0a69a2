/**
 * The cases module's cases for the route-table sweeps in kernel/http/route-sweep.test.ts (imported by
 * kernel/testing/scope-cases.ts): officer 1 (branch 1) and member A get 404 for branch 2's cases and
 * never see them in the handler queue.
 */
import { describe, expect, it } from 'vitest';
import { loginAs } from '../../kernel/testing/fixtures.js';
import { registerScopeModule, scopeModules } from '../../kernel/testing/sweeps.js';
import { memberOfUser } from '../members/index.js';
import { BUILTIN_CASE_TYPES } from './case-types.js';
import { fileCase, makeMember } from './case-fixtures.test.js';

registerScopeModule({
  name: 'cases',
  unscoped: {
    'GET /api/my/cases': "the caller's own cases (found by a keyed index of their account)",
    'GET /api/my/case-types': "the case types of the caller's own union",
  },
  cases: async ({ ctx, tree: t, users: u }) => {
    // Another module's cases may have linked them already (the registration order follows which
    // test files a worker ran before the sweep: vitest runs them with `isolate: false`).
    for (const [user, org] of [
      [u.subject1, t.b1Sub],
      [u.subject2, t.b2Sub],
    ] as const)
      if (!(await memberOfUser(ctx.deps.db, user.id))) await makeMember(ctx, user, org, t.union);
    const s1 = await loginAs(ctx, u.subject1);
    const s2 = await loginAs(ctx, u.subject2);
    const demand = { typeKey: 'demand', fields: { description: '食堂' } };
    const foreign = await fileCase(s2, { ...demand, title: '二车间隐藏诉求' });
    const foreignAnon = await fileCase(s2, { ...demand, title: '二车间匿名诉求', anonymous: true });
    const own = await fileCase(s1, { ...demand, title: '一车间可见诉求' });
    const ownToTake = await fileCase(s1, { ...demand, title: '一车间待受理' });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    const attach = async (client: typeof s1, caseId: string) => {
      const r = await client.request('POST', `/api/my/cases/${caseId}/attachments`, png, {
        'content-type': 'image/png',
      });
      if (r.statusCode !== 201) throw new Error(`seeding attachment: ${r.body}`);
      return r.json().id as string;
    };
    const foreignAtt = await attach(s2, foreign);
    const ownAtt = await attach(s1, own);
    const typeDef = BUILTIN_CASE_TYPES.find((x) => x.key === 'demand')!;
    const reason = { reason: '越权测试' };
    return {
      objects: [
        { route: 'GET /api/cases/:id', foreign: { params: { id: foreign } }, own: { params: { id: own } } },
        {
          route: 'POST /api/cases/:id/actions',
          foreign: { params: { id: foreign }, body: { action: 'take' } },
          own: { params: { id: ownToTake }, body: { action: 'take' } },
        },
        {
          route: 'POST /api/cases/:id/messages',
          foreign: { params: { id: foreignAnon }, body: { body: '越权', toMember: true } },
          own: { params: { id: own }, body: { body: '内部备注', toMember: false } },
        },
        {
          route: 'POST /api/cases/:id/reveal-identity',
          foreign: { params: { id: foreignAnon }, body: reason },
          own: { params: { id: own }, body: reason },
        },
        { route: 'POST /api/cases/:id/attachments', foreign: { params: { id: foreign } } },
        {
          route: 'GET /api/cases/:id/attachments/:attachmentId',
          foreign: { params: { id: foreign, attachmentId: foreignAtt } },
          own: { params: { id: own, attachmentId: ownAtt } },
        },
        // an own case with a foreign attachment id
        {
          route: 'GET /api/cases/:id/attachments/:attachmentId',
          foreign: { params: { id: own, attachmentId: foreignAtt } },
        },
        // the member portal: someone else's case answers like a missing one
        { route: 'POST /api/my/cases/:id/attachments', foreign: { params: { id: foreign } } },
        {
          route: 'GET /api/my/cases/:id/attachments/:attachmentId',
          foreign: { params: { id: foreign, attachmentId: foreignAtt } },
        },
        { route: 'GET /api/my/cases/:id', foreign: { params: { id: foreign } } },
        {
          route: 'POST /api/my/cases/:id/actions',
          foreign: { params: { id: foreign }, body: { action: 'withdraw' } },
        },
        {
          route: 'POST /api/my/cases/:id/messages',
          foreign: { params: { id: foreign }, body: { body: '越权' } },
        },
        // the union node is above officer 1's branch grant
        { route: 'GET /api/cases/types/:unionId', foreign: { params: { unionId: t.union.id } } },
        {
          route: 'PUT /api/cases/types/:unionId/:key',
          foreign: { params: { unionId: t.union.id, key: 'demand' }, body: { definition: typeDef } },
        },
        { route: 'GET /api/cases/assignment-rules/:unionId', foreign: { params: { unionId: t.union.id } } },
        {
          route: 'PUT /api/cases/assignment-rules/:unionId',
          foreign: { params: { unionId: t.union.id }, body: { rules: [] } },
        },
        {
          route: 'GET /api/cases/assignment-rules/:unionId/handlers',
          foreign: { params: { unionId: t.union.id }, query: { orgId: t.b1Sub.id } },
        },
      ],
      lists: [
        {
          route: 'GET /api/cases',
          hidden: [foreign, foreignAnon, '二车间隐藏诉求', '二车间匿名诉求'],
          visible: [own, '一车间可见诉求'],
        },
        { route: 'GET /api/cases', query: { orgId: t.b2Sub.id }, hidden: [foreign, foreignAnon], total: 0 },
        {
          route: 'GET /api/cases',
          query: { typeKey: 'demand', open: 'true' },
          hidden: [foreign],
          visible: [own],
        },
        { route: 'GET /api/cases', query: { originOrgId: t.b2Sub.id }, hidden: [foreign], total: 0 },
        {
          route: 'GET /api/cases/analytics/dashboard',
          hidden: [t.b2Sub.id, t.b2Sub.name, t.branch2.id],
          visible: [t.b1Sub.id],
        },
        {
          route: 'GET /api/cases/analytics/hotspots',
          query: { typeKey: 'injury' },
          hidden: [t.b2Sub.id, t.b2Sub.name, t.branch2.id],
        },
        {
          route: 'GET /api/cases/export',
          query: { format: 'csv' },
          hidden: ['二车间隐藏诉求', '二车间匿名诉求', t.b2Sub.name],
          visible: ['一车间可见诉求'],
        },
      ],
    };
  },
});

describe('cases scope cases', () => {
  it('are registered', () => {
    expect(scopeModules().some((m) => m.name === 'cases')).toBe(true);
  });
});
