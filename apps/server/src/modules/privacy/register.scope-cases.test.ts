/**
 * The processing register's cases for the route-table sweeps. Registers and contacts belong to union
 * nodes, so the world gets two grassroots unions under the federation: officer 1 holds security_admin
 * on union 1, officer 2 on union 2. Officer 1 and member A must get 404 for union 2's contact, register
 * and entries; the positive controls run on union 1.
 */
import { describe, expect, it } from 'vitest';
import { createOrg } from '../../kernel/testing/fixtures.js';
import { registerMemberRoutes, registerScopeModule, scopeModules } from '../../kernel/testing/sweeps.js';
import { identityRepoForSeeding } from '../identity/index.js';

registerMemberRoutes('GET /api/my/privacy-contact');

const CONTACT = { name: '扫描联系人', title: '保护负责人', phone: '0571-88880000', email: 'dpo@example.org' };
const ENTRY = { name: '扫描处理活动', purpose: '扫描用途', legalBasis: 'consent' };

registerScopeModule({
  name: 'privacy-register',
  unscoped: {
    'GET /api/my/privacy-contact': "the published contact of the caller's own union (no id accepted)",
  },
  cases: async ({ ctx, tree: t, users: u, clients: c }) => {
    const u1 = await createOrg(ctx, '扫描甲工会', 'grassroots', t.root);
    const u2 = await createOrg(ctx, '扫描乙工会', 'grassroots', t.root);
    // security.admin alone (the built-in security_admin also reads the audit log, which would put this
    // module's audit rows into officer 1's audit list and push the audit-log module's seed off its page)
    await ctx.deps.db
      .insertInto('roles')
      .values({ key: 'sweep_privacy_register', permissions: ['security.admin'], builtin: false })
      .execute();
    const grants = identityRepoForSeeding(ctx.deps.db);
    for (const [user, org] of [
      [u.officer1, u1],
      [u.officer2, u2],
    ] as const)
      await grants.insertGrant({
        user_id: user.id,
        role_key: 'sweep_privacy_register',
        org_id: org.id,
        created_by: null,
      });
    const entry = async (client: typeof c.officer1, unionId: string) => {
      const put = await client.request('PUT', `/api/privacy/unions/${unionId}/contact`, CONTACT);
      if (put.statusCode !== 200) throw new Error(`contact: ${put.body}`);
      const r = await client.post(`/api/privacy/unions/${unionId}/register`, ENTRY);
      if (r.statusCode !== 201) throw new Error(`register entry: ${r.body}`);
      return r.json().id as string;
    };
    const foreign = await entry(c.officer2, u2.id);
    const own = await entry(c.officer1, u1.id);
    const on = (unionId: string) => ({ unionId });
    return {
      objects: [
        {
          route: 'GET /api/privacy/unions/:unionId/contact',
          foreign: { params: on(u2.id) },
          own: { params: on(u1.id) },
        },
        {
          route: 'PUT /api/privacy/unions/:unionId/contact',
          foreign: { params: on(u2.id), body: { ...CONTACT, name: '越权' } },
          own: { params: on(u1.id), body: { ...CONTACT, title: '新职务' } },
        },
        {
          route: 'DELETE /api/privacy/unions/:unionId/contact',
          foreign: { params: on(u2.id) },
          own: { params: on(u1.id) },
        },
        {
          route: 'GET /api/privacy/unions/:unionId/register',
          foreign: { params: on(u2.id) },
          own: { params: on(u1.id) },
        },
        {
          route: 'POST /api/privacy/unions/:unionId/register',
          foreign: { params: on(u2.id), body: ENTRY },
          own: { params: on(u1.id), body: ENTRY },
        },
        {
          route: 'GET /api/privacy/unions/:unionId/register/builtins',
          foreign: { params: on(u2.id) },
          own: { params: on(u1.id) },
        },
        {
          route: 'POST /api/privacy/unions/:unionId/register/adopt',
          foreign: { params: on(u2.id), body: { key: 'membership' } },
          own: { params: on(u1.id), body: { key: 'accounts' } },
        },
        {
          route: 'GET /api/privacy/unions/:unionId/register/export',
          foreign: { params: on(u2.id), query: { format: 'md' } },
          own: { params: on(u1.id), query: { format: 'md' } },
        },
        {
          route: 'GET /api/privacy/register/:id',
          foreign: { params: { id: foreign } },
          own: { params: { id: own } },
        },
        {
          route: 'PUT /api/privacy/register/:id',
          foreign: { params: { id: foreign }, body: { ...ENTRY, baseVersion: 1 } },
          own: { params: { id: own }, body: { ...ENTRY, purpose: '扫描用途（改）', baseVersion: 1 } },
        },
        {
          // after the edit above the entry is at version 2
          route: 'POST /api/privacy/register/:id/review',
          foreign: { params: { id: foreign }, body: { baseVersion: 1 } },
          own: { params: { id: own }, body: { baseVersion: 2 } },
        },
      ],
      lists: [{ route: 'GET /api/privacy/unions', hidden: [u2.id, u2.name], visible: [u1.id] }],
    };
  },
});

describe('privacy register scope cases', () => {
  it('are registered', () => {
    expect(scopeModules().some((m) => m.name === 'privacy-register')).toBe(true);
  });
});
