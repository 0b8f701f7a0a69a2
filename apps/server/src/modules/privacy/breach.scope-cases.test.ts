/**
 * The breach incidents' cases for the route-table sweeps: officer 1 (given security.admin on branch 1
 * here, next to the chair role of the sweep world) never reaches branch 2's incident, by id or through
 * the list. The positive controls walk one branch-1 incident through the whole flow, in order.
 */
import { describe, expect, it } from 'vitest';
import { identityRepoForSeeding } from '../identity/index.js';
import type { OrgRow } from '../orgs/index.js';
import { registerScopeModule, scopeModules } from '../../kernel/testing/sweeps.js';

registerScopeModule({
  name: 'privacy-breaches',
  cases: async ({ ctx, tree: t, users: u }) => {
    const grants = identityRepoForSeeding(ctx.deps.db);
    for (const [user, org] of [
      [u.officer1, t.branch1],
      [u.officer2, t.branch2],
    ] as const)
      await grants.insertGrant({
        user_id: user.id,
        role_key: 'security_admin',
        org_id: org.id,
        created_by: null,
      });
    const now = ctx.clock.now();
    const incident = async (org: OrgRow, by: string, title: string) =>
      (
        await ctx.deps.db
          .insertInto('privacy_breaches')
          .values({
            org_id: org.id,
            title,
            description: '扫描用事件',
            discovered_at: now,
            cause: '扫描',
            categories: ['identity'],
            consequences: '扫描',
            measures_taken: '扫描',
            member_measures: '扫描',
            contact: '扫描联系人',
            created_by: by,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const foreign = await incident(t.branch2, u.officer2.id, '二车间泄露事件');
    const own = await incident(t.branch1, u.officer1.id, '一车间泄露事件');
    const window = {
      from: new Date(now.getTime() - 86_400_000).toISOString(),
      to: new Date(now.getTime() + 3_600_000).toISOString(),
    };
    const route = (r: string, opts: { body?: unknown; query?: Record<string, string> } = {}) => ({
      route: r,
      foreign: { params: { id: foreign }, body: opts.body, query: opts.query },
      own: { params: { id: own }, body: opts.body, query: opts.query },
    });
    return {
      objects: [
        route('GET /api/privacy/breaches/:id'),
        route('PATCH /api/privacy/breaches/:id', { body: { cause: '扫描：原因' } }),
        route('POST /api/privacy/breaches/:id/contain'),
        route('POST /api/privacy/breaches/:id/compute', { body: window }),
        route('GET /api/privacy/breaches/:id/members'),
        route('GET /api/privacy/breaches/:id/regulator-notice', { query: { lang: 'en' } }),
        route('POST /api/privacy/breaches/:id/notify-members'),
        route('POST /api/privacy/breaches/:id/notify-regulator', { body: { authority: '扫描网信办' } }),
        route('POST /api/privacy/breaches/:id/close', { body: {} }),
      ],
      lists: [{ route: 'GET /api/privacy/breaches', hidden: [foreign, '二车间泄露事件'], visible: [own] }],
    };
  },
});

describe('privacy breach scope cases', () => {
  it('are registered', () => {
    expect(scopeModules().some((m) => m.name === 'privacy-breaches')).toBe(true);
  });
});
