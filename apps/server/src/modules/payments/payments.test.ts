/**
 * Online payment through the sandbox (WeChat Pay v3 behaviour): signed and encrypted notifications are
 * verified before they are trusted; replays and duplicates change nothing; an amount mismatch is
 * flagged and never credited; the full journey create -> notify -> ledger -> refund -> reversal; a
 * missed notification is reconciled by the query job; members never reach each other's orders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { getMemberDues } from '../dues/index.js';
import { reconcilePendingOrders } from './officer.service.js';
import { chargeDues, ensureMember, paidOrder } from './payment-fixtures.test.js';
import { SandboxProvider } from './sandbox.js';
import { notificationBody, signNotification } from './wechatpay-v3.js';

let ctx: TestContext;
let memberA: TestClient;
let memberB: TestClient;
let finance: TestClient;
let memberAId: string;
let userAId: string;
let memberBId: string;

beforeAll(async () => {
  ctx = await buildTestApp();
  const { union, branch1, branch2 } = await createTree(ctx);
  const a = await createUser(ctx, { username: 'pay_a', org: branch1 });
  const b = await createUser(ctx, { username: 'pay_b', org: branch2 });
  const f = await createUser(ctx, { username: 'pay_fin', org: union, roles: ['finance_officer'] });
  memberAId = await ensureMember(ctx, a, branch1, union);
  memberBId = await ensureMember(ctx, b, branch2, union);
  memberA = await loginAs(ctx, a);
  userAId = a.id;
  memberB = await loginAs(ctx, b);
  finance = await loginAs(ctx, f);
});
afterAll(() => ctx.close());

const sandbox = () => new SandboxProvider(ctx.deps);
const ledgerCount = async (memberId: string) =>
  (await ctx.deps.db.selectFrom('dues_ledger').where('member_id', '=', memberId).select('id').execute())
    .length;
const auditActions = async (orderId: string) =>
  (
    await ctx.deps.db
      .selectFrom('audit_log')
      .where('target_id', '=', orderId)
      .select('action')
      .orderBy('seq')
      .execute()
  ).map((r) => r.action);

async function createOrder(client: TestClient) {
  const res = await client.post('/api/my/payments/orders', {});
  expect(res.statusCode, res.body).toBe(201);
  const order = res.json();
  return { order, prepayId: String(order.codeUrl).split('/').pop()! };
}

const deliver = (n: { headers: Record<string, string>; body: string }) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/payments/notify/sandbox',
    headers: n.headers,
    payload: n.body,
  });

describe('full journey', () => {
  it('create -> signed notification -> ledger credit -> receipt -> refund -> reversal', async () => {
    await chargeDues(ctx, memberAId, { '2026-01': 1250, '2026-02': 1250 });
    const { order, prepayId } = await createOrder(memberA);
    expect(order).toMatchObject({ amountFen: 2500, periods: ['2026-01', '2026-02'], state: 'pending' });
    const page = await ctx.app.inject({ method: 'GET', url: `/api/payments/sandbox/${prepayId}` });
    expect(page.json()).toMatchObject({ amountFen: 2500, tradeState: 'NOTPAY' });

    const pay = await ctx.app.inject({
      method: 'POST',
      url: `/api/payments/sandbox/${prepayId}/pay`,
      payload: {},
    });
    expect(pay.json()).toEqual({ tradeState: 'SUCCESS', notifyStatus: 200 });
    const paid = (await memberA.get(`/api/my/payments/orders/${order.id}`)).json();
    expect(paid).toMatchObject({ state: 'paid', paidAmountFen: 2500 });
    expect((await getMemberDues(ctx.deps.db, memberAId)).owedFen).toBe(0);
    // the member hears about it, once
    const told = ctx.notifier.sent.filter((n) => n.userId === userAId && n.template === 'dues_paid');
    expect(told).toHaveLength(1);
    expect(told[0]!.params).toMatchObject({ amount: '25.00', order: order.outTradeNo });

    const receipt = await memberA.get(`/api/my/payments/orders/${order.id}/receipt`);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers['content-type']).toBe('application/pdf');
    expect(String(receipt.headers['content-disposition'])).toMatch(/^attachment;/);
    expect(receipt.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const refund = await finance.post(`/api/payments/orders/${order.id}/refund`, {
      amountFen: 1250,
      reason: '多缴退回',
    });
    expect(refund.statusCode, refund.body).toBe(200);
    expect(refund.json()).toMatchObject({
      state: 'paid',
      refundedFen: 1250,
      refunds: [{ state: 'success' }],
    });
    expect((await getMemberDues(ctx.deps.db, memberAId)).owedFen).toBe(1250);
    const rest = await finance.post(`/api/payments/orders/${order.id}/refund`, {
      amountFen: 1250,
      reason: '全部退回',
    });
    expect(rest.json()).toMatchObject({ state: 'refunded', refundedFen: 2500 });
    expect((await getMemberDues(ctx.deps.db, memberAId)).owedFen).toBe(2500);
    const tooMuch = await finance.post(`/api/payments/orders/${order.id}/refund`, {
      amountFen: 1,
      reason: '超额',
    });
    expect(tooMuch.json().code).toBe('payment.invalid_amount');

    // the platform's refund notification arrives afterwards: verified, and changes nothing
    const first = refund.json().refunds[0].outRefundNo;
    const before = await ledgerCount(memberAId);
    const res = await deliver(await sandbox().refundNotification(order.outTradeNo, first));
    expect(res.statusCode).toBe(200);
    expect(await ledgerCount(memberAId)).toBe(before);
    expect(await auditActions(order.id)).toEqual(
      expect.arrayContaining([
        'payment.order_created',
        'payment.paid',
        'payment.refunded',
        'payment.refund_duplicate',
      ]),
    );
  });
});

describe('notification verification', () => {
  it('refuses a bad signature, unknown serial, stale timestamp or undecryptable resource; nothing changes', async () => {
    await chargeDues(ctx, memberBId, { '2026-03': 800 });
    const { order, prepayId } = await createOrder(memberB);
    const n = await sandbox().pay(prepayId);
    const ledgerBefore = await ledgerCount(memberBId);

    const tampered = { ...n, body: n.body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESS" ') };
    const badSig = await deliver(tampered);
    expect(badSig.statusCode).toBe(401);
    expect(badSig.json()).toMatchObject({
      code: 'payment.invalid_signature',
      details: { reason: 'bad_signature' },
    });

    const badSerial = await deliver({ ...n, headers: { ...n.headers, 'wechatpay-serial': 'ABCDEF' } });
    expect(badSerial.json()).toMatchObject({
      code: 'payment.invalid_signature',
      details: { reason: 'unknown_serial' },
    });

    const noHeaders = await deliver({ headers: { 'content-type': 'application/json' }, body: n.body });
    expect(noHeaders.json()).toMatchObject({
      code: 'payment.invalid_signature',
      details: { reason: 'missing_headers' },
    });

    // correctly signed, but the resource was encrypted under another APIv3 key
    const k = await sandbox().keys();
    const wrongKeyBody = notificationBody(
      Buffer.alloc(32, 9),
      'TRANSACTION.SUCCESS',
      { out_trade_no: order.outTradeNo },
      ctx.clock.now(),
    );
    const undecryptable = await deliver({
      headers: signNotification(k.privateKey, k.serial, wrongKeyBody, ctx.clock.now()),
      body: wrongKeyBody,
    });
    expect(undecryptable.statusCode).toBe(400);
    expect(undecryptable.json()).toMatchObject({
      code: 'payment.invalid_notification',
      details: { reason: 'decrypt_failed' },
    });

    ctx.clock.advance(6 * 60_000);
    const stale = await deliver(n);
    expect(stale.json()).toMatchObject({
      code: 'payment.invalid_signature',
      details: { reason: 'stale_timestamp' },
    });

    expect((await memberB.get(`/api/my/payments/orders/${order.id}`)).json().state).toBe('pending');
    expect(await ledgerCount(memberBId)).toBe(ledgerBefore);
    const refused = await ctx.deps.db
      .selectFrom('audit_log')
      .where('action', '=', 'payment.notify_refused')
      .select('details')
      .execute();
    expect(refused.length).toBeGreaterThanOrEqual(5);

    // the genuine notification, re-sent by the platform later (fresh headers), is then accepted once
    const again = await sandbox().transactionNotification(order.outTradeNo);
    expect((await deliver(again)).statusCode).toBe(200);
    expect((await memberB.get(`/api/my/payments/orders/${order.id}`)).json().state).toBe('paid');
  });

  it('a replayed or duplicated notification changes nothing', async () => {
    await chargeDues(ctx, memberBId, { '2026-04': 800 });
    const { order, prepayId } = await createOrder(memberB);
    const n = await sandbox().pay(prepayId);
    expect((await deliver(n)).statusCode).toBe(200);
    const after = await ledgerCount(memberBId);
    const snapshot = (await memberB.get(`/api/my/payments/orders/${order.id}`)).json();
    for (let i = 0; i < 3; i++) expect((await deliver(n)).statusCode).toBe(200);
    expect((await deliver(await sandbox().transactionNotification(order.outTradeNo))).statusCode).toBe(200);
    expect(await ledgerCount(memberBId)).toBe(after);
    expect((await memberB.get(`/api/my/payments/orders/${order.id}`)).json()).toEqual(snapshot);
    expect((await auditActions(order.id)).filter((a) => a === 'payment.notify_duplicate')).toHaveLength(4);
  });

  it('an amount that differs from the order is flagged for finance and not credited', async () => {
    await chargeDues(ctx, memberBId, { '2026-05': 800 });
    const owedBefore = (await getMemberDues(ctx.deps.db, memberBId)).owedFen;
    const before = await ledgerCount(memberBId);
    const id = await paidOrder(memberB, ctx.app, 1);
    const o = (await memberB.get(`/api/my/payments/orders/${id}`)).json();
    expect(o).toMatchObject({ state: 'amount_mismatch', amountFen: owedBefore, paidAmountFen: 1 });
    expect(await ledgerCount(memberBId)).toBe(before);
    const list = (await finance.get('/api/payments/orders?state=amount_mismatch')).json();
    expect(list.items.map((x: { id: string }) => x.id)).toContain(id);
    expect(await auditActions(id)).toContain('payment.amount_mismatch');
    // no receipt for money that was not credited
    expect((await memberB.get(`/api/my/payments/orders/${id}/receipt`)).json().code).toBe(
      'payment.invalid_state',
    );
    // finance refunds the stray payment: no ledger reversal, since nothing was credited
    const r = await finance.post(`/api/payments/orders/${id}/refund`, {
      amountFen: 1,
      reason: '金额不符退回',
    });
    expect(r.json()).toMatchObject({ state: 'refunded', refundedFen: 1 });
    expect(await ledgerCount(memberBId)).toBe(before);
  });
});

describe('reconciliation', () => {
  it('the query job credits an order whose notification never arrived', async () => {
    await chargeDues(ctx, memberBId, { '2026-06': 800 });
    const { order, prepayId } = await createOrder(memberB);
    await sandbox().pay(prepayId); // the notification is lost
    expect(await reconcilePendingOrders(ctx.deps)).toEqual({});
    ctx.clock.advance(11 * 60_000);
    expect(await reconcilePendingOrders(ctx.deps)).toMatchObject({ paid: 1 });
    expect((await memberB.get(`/api/my/payments/orders/${order.id}`)).json().state).toBe('paid');
    expect(await auditActions(order.id)).toContain('payment.paid');
  });
});

describe('ownership', () => {
  it("member A can neither see, pay, download nor refund member B's order", async () => {
    await chargeDues(ctx, memberBId, { '2026-07': 800 });
    const id = await paidOrder(memberB, ctx.app);
    expect((await memberA.get(`/api/my/payments/orders/${id}`)).statusCode).toBe(404);
    expect((await memberA.get(`/api/my/payments/orders/${id}/receipt`)).statusCode).toBe(404);
    expect((await memberA.get('/api/my/payments/orders')).body).not.toContain(id);
    expect([403, 404]).toContain(
      (await memberA.post(`/api/payments/orders/${id}/refund`, { amountFen: 1, reason: '越权' })).statusCode,
    );
    expect([403, 404]).toContain((await memberA.get(`/api/payments/orders/${id}`)).statusCode);
    expect((await memberB.get(`/api/my/payments/orders/${id}/receipt`)).statusCode).toBe(200);
  });

  it('nothing owed: no order', async () => {
    const res = await memberA.post('/api/my/payments/orders', { periods: ['2020-01'] });
    expect(res.json().code).toBe('payment.invalid_period');
  });
});
