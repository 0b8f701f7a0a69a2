/**
 * The payments module's cases for the route-table sweeps (kernel/http/route-sweep.test.ts): officer 1
 * (branch 1) and member A get 404 for branch 2's / member B's orders, receipts, refunds and queries,
 * and never see them in the officer list. The public notify routes of every provider (the sweep app
 * enables WeChat Pay and Alipay next to the sandbox) refuse unsigned and forged input with a 4xx.
 */
import { describe, expect, it } from 'vitest';
import { loginAs } from '../../kernel/testing/fixtures.js';
import {
  type RefusalCase,
  registerMemberRoutes,
  registerScopeModule,
  scopeModules,
} from '../../kernel/testing/sweeps.js';
import { routeKey } from '../../kernel/testing/route-schemas.js';
import { chargeDues, ensureMember, paidOrder } from './payment-fixtures.test.js';
import { FakeAlipay, FakeWechatPay } from './platform-fakes.test.js';

/** Settings that enable the real providers after the sandbox (their platforms are never called). */
export function realPaymentProvidersEnv(): Record<string, string> {
  return {
    PAYMENT_PROVIDERS: 'sandbox,wechatpay,alipay',
    ...new FakeWechatPay(() => new Date()).envFiles(),
    ...new FakeAlipay(() => new Date()).envFiles(),
  };
}

/** Unsigned, forged and malformed notifications, for every provider's notify route. */
function notifyRefusals(routes: string[]): RefusalCase[] {
  const json = { 'content-type': 'application/json' };
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const forgedWechat = {
    ...json,
    'wechatpay-timestamp': String(Math.floor(Date.now() / 1000)),
    'wechatpay-nonce': 'A'.repeat(32),
    'wechatpay-serial': 'PUB_KEY_ID_0000000000000000000000000000',
    'wechatpay-signature': Buffer.alloc(256, 1).toString('base64'),
  };
  const forgedForm = new URLSearchParams({
    notify_time: '2026-01-05 10:00:00',
    notify_id: 'forged',
    app_id: '2021000123456789',
    trade_status: 'TRADE_SUCCESS',
    out_trade_no: 'UH20260105AAAAAAAAAAAAAAAA',
    trade_no: '2026010522001',
    total_amount: '1.00',
    sign_type: 'RSA2',
    sign: Buffer.alloc(256, 1).toString('base64'),
  }).toString();
  const body = JSON.stringify({ id: 'EV-1', event_type: 'TRANSACTION.SUCCESS', resource: {} });
  return routes.flatMap((route) => [
    { route, label: 'empty' },
    { route, label: 'unsigned json', headers: json, body },
    { route, label: 'forged WeChat signature', headers: forgedWechat, body },
    { route, label: 'forged Alipay form', headers: form, body: forgedForm },
    { route, label: 'not json', headers: json, body: '{"id":' },
  ]);
}

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
    const notify = ctx.app.routeTable
      .filter((r) => r.public && r.url.startsWith('/api/payments/notify/'))
      .map(routeKey);
    for (const p of ['sandbox', 'wechat', 'alipay'])
      if (!notify.includes(`POST /api/payments/notify/${p}`)) throw new Error(`no notify route for ${p}`);
    return {
      refusals: notifyRefusals(notify),
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
