/**
 * The payments module's cases for the route-table sweeps (kernel/http/route-sweep.test.ts): officer 1
 * (branch 1) and member A get 404 for branch 2's / member B's orders, receipts, refunds and queries,
 * and never see them in the officer list.
 */
import { describe, expect, it } from 'vitest';
import { loginAs } from '../../kernel/testing/fixtures.js';
import { registerMemberRoutes, registerScopeModule, scopeModules } from '../../kernel/testing/sweeps.js';
import { chargeDues, ensureMember, paidOrder } from './payment-fixtures.test.js';

registerMemberRoutes(
  'POST /api/my/payments/orders',
  'GET /api/my/payments/orders',
  'GET /api/my/payments/orders/:id',
  'GET /api/my/payments/orders/:id/receipt',
);

registerScopeModule({
  name: 'payments',
  unscoped: { 'GET /api/my/payments/orders': "the caller's own orders (found by their member record)" },
  cases: async ({ ctx, tree: t, users: u }) => {
    // subject 1 / subject 2 (not member A: their plain-member sweep relies on A having no member record)
    const a = await ensureMember(ctx, u.subject1, t.b1Sub, t.union);
    const b = await ensureMember(ctx, u.subject2, t.b2Sub, t.union);
    await chargeDues(ctx, a, { '2025-01': 600, '2025-02': 600 });
    await chargeDues(ctx, b, { '2025-01': 700, '2025-02': 700 });
    const foreign = await paidOrder(await loginAs(ctx, u.subject2, '10.8.0.2'), ctx.app);
    const own = await paidOrder(await loginAs(ctx, u.subject1, '10.8.0.1'), ctx.app);
    const id = (x: string) => ({ params: { id: x } });
    const refund = (x: string) => ({ params: { id: x }, body: { amountFen: 1, reason: '越权测试' } });
    return {
      objects: [
        // member A holds no order: B's answers like a missing one (own-order access: payments.test.ts)
        { route: 'GET /api/my/payments/orders/:id', foreign: id(foreign) },
        { route: 'GET /api/my/payments/orders/:id/receipt', foreign: id(foreign) },
        { route: 'GET /api/payments/orders/:id', foreign: id(foreign), own: id(own) },
        { route: 'GET /api/payments/orders/:id/receipt', foreign: id(foreign), own: id(own) },
        { route: 'POST /api/payments/orders/:id/query', foreign: id(foreign), own: id(own) },
        { route: 'POST /api/payments/orders/:id/refund', foreign: refund(foreign), own: refund(own) },
      ],
      lists: [
        { route: 'GET /api/payments/orders', hidden: [foreign], visible: [own] },
        { route: 'GET /api/payments/orders', query: { memberId: b }, hidden: [foreign], total: 0 },
      ],
    };
  },
});

describe('payments scope cases', () => {
  it('are registered', () => {
    expect(scopeModules().some((m) => m.name === 'payments')).toBe(true);
  });
});
