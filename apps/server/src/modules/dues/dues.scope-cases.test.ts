/**
 * The dues module's cases for the route-table sweeps (imported by kernel/testing/scope-cases.ts):
 * officer 1 (branch 1) and member A get 404 for branch 2's member ledgers, entries and payroll
 * imports, and never see them in arrears, dashboard or import lists.
 */
import { describe, expect, it } from 'vitest';
import { insertMemberRow } from '../../kernel/testing/member-fixtures.js';
import { registerMemberRoutes, registerScopeModule, scopeModules } from '../../kernel/testing/sweeps.js';
import { generateSchedule } from './schedule.service.js';

registerMemberRoutes('GET /api/my/dues');

registerScopeModule({
  name: 'dues',
  unscoped: {
    'GET /api/my/dues': "the caller's own member record (found by their account)",
    'GET /api/dues/rules':
      "a union's dues rules (rates and rounding, no member data); requireAccess dues.read on the union itself",
  },
  cases: async ({ ctx, tree: t, clients: c }) => {
    const m1 = await insertMemberRow(ctx, { user: null, org: t.b1Sub, union: t.union });
    const m2 = await insertMemberRow(ctx, { user: null, org: t.b2Sub, union: t.union });
    // a second branch-1 member whose charge officer 1 reverses (m1 stays in arrears for the lists)
    const m1b = await insertMemberRow(ctx, { user: null, org: t.b1Sub, union: t.union });
    await ctx.deps.db
      .insertInto('dues_rules')
      .values({
        union_id: t.union.id,
        effective_from: '2026-01-01',
        rate_ppm: 5000,
        rounding_unit: 1,
        rounding_mode: 'half_up',
        minimum_fen: 0,
        retained_percent: 0,
      })
      .execute();
    const wage = { effectiveFrom: '2026-01-01', wageFen: 500000 };
    for (const [client, id] of [
      [c.officer1, m1],
      [c.officer1, m1b],
      [c.officer2, m2],
    ] as const) {
      const r = await client.post(`/api/dues/members/${id}/wages`, wage);
      if (r.statusCode !== 200) throw new Error(`seeding wage: ${r.body}`);
    }
    await generateSchedule(ctx.deps, t.union.id, '2026-01', null);
    const charge = async (memberId: string) =>
      (
        await ctx.deps.db
          .selectFrom('dues_ledger')
          .select('id')
          .where('member_id', '=', memberId)
          .where('kind', '=', 'charge')
          .executeTakeFirstOrThrow()
      ).id;
    const csv = (memberNo: string) => Buffer.from(`会员编号,月份,金额(分)\r\n${memberNo},2026-01,2500\r\n`);
    const upload = async (client: typeof c.officer1, orgId: string, memberId: string) => {
      const r = await client.request(
        'POST',
        `/api/dues/payroll?orgId=${orgId}&mode=dry_run`,
        csv(`E${memberId.slice(0, 8)}`),
        {
          'content-type': 'text/csv',
        },
      );
      if (r.statusCode !== 200) throw new Error(`seeding payroll import: ${r.body}`);
      return r.json().id as string;
    };
    const foreignImport = await upload(c.officer2, t.branch2.id, m2);
    const ownImport = await upload(c.officer1, t.branch1.id, m1);
    const reason = { reason: '越权测试' };
    const member = (id: string) => ({ params: { id } });
    return {
      objects: [
        { route: 'GET /api/dues/members/:id', foreign: member(m2), own: member(m1) },
        {
          route: 'POST /api/dues/members/:id/wages',
          foreign: { ...member(m2), body: wage },
          own: { ...member(m1), body: { ...wage, effectiveFrom: '2026-02-01' } },
        },
        {
          route: 'POST /api/dues/members/:id/wages/reveal',
          foreign: { ...member(m2), body: reason },
          own: { ...member(m1), body: reason },
        },
        {
          route: 'POST /api/dues/members/:id/exemptions',
          foreign: {
            ...member(m2),
            body: { kind: 'hardship', percentPayable: 0, fromPeriod: '2026-02', reason: '困难' },
          },
          own: {
            ...member(m1),
            body: { kind: 'hardship', percentPayable: 50, fromPeriod: '2026-02', reason: '困难' },
          },
        },
        {
          route: 'POST /api/dues/members/:id/payments',
          foreign: { ...member(m2), body: { amountFen: 100 } },
          own: { ...member(m1), body: { amountFen: 100 } },
        },
        {
          route: 'POST /api/dues/entries/:id/reverse',
          foreign: { params: { id: await charge(m2) }, body: reason },
          own: { params: { id: await charge(m1b) }, body: reason },
        },
        {
          route: 'GET /api/dues/payroll/:id',
          foreign: { params: { id: foreignImport } },
          own: { params: { id: ownImport } },
        },
        {
          route: 'GET /api/dues/payroll/:id/report',
          foreign: { params: { id: foreignImport } },
          own: { params: { id: ownImport } },
        },
      ],
      lists: [
        {
          route: 'GET /api/dues/arrears',
          query: { orgId: t.branch1.id },
          hidden: [m2, t.b2Sub.name],
          visible: [m1],
        },
        {
          route: 'GET /api/dues/dashboard',
          query: { orgId: t.branch1.id, from: '2026-01', to: '2026-01' },
          hidden: [t.b2Sub.id, t.branch2.id],
          visible: [t.b1Sub.id],
        },
        {
          route: 'GET /api/dues/dashboard/members',
          query: { orgId: t.branch1.id, period: '2026-01' },
          hidden: [m2],
          visible: [m1],
        },
        { route: 'GET /api/dues/payroll', hidden: [foreignImport], visible: [ownImport] },
      ],
    };
  },
});

describe('dues scope cases', () => {
  it('are registered', () => {
    expect(scopeModules().some((m) => m.name === 'dues')).toBe(true);
  });
});
