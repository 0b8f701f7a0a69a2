/**
 * The WeChat Pay API v3 adapter against a loopback fake of the platform (only the third party is
 * mocked): signed requests, verified answers, verified and decrypted notifications that settle once,
 * refusals that change nothing, amount mismatch, query and refund.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import type { TestContext } from '../../kernel/testing/test-app.js';
import { getMemberDues } from '../dues/index.js';
import { startPlatformRig } from './payment-fixtures.test.js';
import { FakeWechatPay, rsaPair } from './platform-fakes.test.js';
import { providerFor } from './providers.js';
import { WechatPayProvider } from './wechatpay.js';

let rig: Awaited<ReturnType<typeof startPlatformRig<FakeWechatPay>>>;
let ctx: TestContext;
let fake: FakeWechatPay;
let member: TestClient;
let finance: TestClient;

beforeAll(async () => {
  rig = await startPlatformRig('wechatpay', (now) => new FakeWechatPay(now), 'wx');
  ({ ctx, fake, member, finance } = rig);
});
afterAll(() => rig.close());

const ledgerCount = () => rig.ledgerCount();
const orderRow = (id: string) => rig.orderRow(id);
const deliver = (n: { headers: Record<string, string>; body: string }) =>
  ctx.app.inject({ method: 'POST', url: '/api/payments/notify/wechat', headers: n.headers, payload: n.body });

/** Charges one new month of 1,250 fen and opens an order for it. */
const newOrder = () => rig.newOrder(1250);

describe('WeChat Pay v3 adapter', () => {
  it('creates a Native order with a signed request; the QR code shows the code_url', async () => {
    const order = await newOrder();
    const req = fake.requests.at(-1)!;
    expect(req).toMatchObject({ method: 'POST', url: '/v3/pay/transactions/native', signatureOk: true });
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({
      appid: fake.appid,
      mchid: fake.mchid,
      out_trade_no: order.outTradeNo,
      amount: { total: 1250, currency: 'CNY' },
      notify_url: `${ctx.deps.config.publicOrigin}/api/payments/notify/wechat`,
    });
    expect(body.time_expire).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(order.codeUrl).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=[0-9a-f]+$/);
    expect(order).toMatchObject({ amountFen: 1250 });
    const row = await orderRow(order.id);
    expect(row.provider).toBe('wechat');
    // paid by an exact notification below
    const txn = fake.pay(order.outTradeNo);
    const before = await ledgerCount();
    const n = fake.notification(txn);
    const first = await deliver(n);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ code: 'SUCCESS', message: '成功' });
    expect((await orderRow(order.id)).state).toBe('paid');
    expect(await ledgerCount()).toBe(before + 1);
    // a replay, and a fresh notification of the same payment, change nothing
    expect((await deliver(n)).statusCode).toBe(200);
    expect((await deliver(fake.notification(txn))).statusCode).toBe(200);
    expect(await ledgerCount()).toBe(before + 1);
    expect((await getMemberDues(ctx.deps.db, rig.memberId)).owedFen).toBe(0);
  });

  it('refuses forged, wrongly keyed, stale, unsigned and undecryptable notifications; nothing changes', async () => {
    const order = await newOrder();
    const txn = fake.pay(order.outTradeNo);
    const before = await ledgerCount();
    const now = ctx.clock.now();
    const good = fake.notification(txn);
    const cases: [string, { headers: Record<string, string>; body: string }, number, string][] = [
      ['another key', fake.notification(txn, { key: rsaPair().privateKey }), 401, 'bad_signature'],
      [
        'stale',
        fake.notification(txn, { at: new Date(now.getTime() - 10 * 60_000) }),
        401,
        'stale_timestamp',
      ],
      [
        'unsigned',
        { headers: { 'content-type': 'application/json' }, body: good.body },
        401,
        'missing_headers',
      ],
      [
        'tampered body',
        { headers: good.headers, body: good.body.replace('"id":"', '"id":"X') },
        401,
        'bad_signature',
      ],
      [
        'unknown serial',
        { headers: { ...good.headers, 'wechatpay-serial': 'PUB_KEY_ID_0000' }, body: good.body },
        401,
        'unknown_serial',
      ],
      [
        'another APIv3 key',
        fake.notification(txn, { apiV3Key: Buffer.from('k'.repeat(32)) }),
        400,
        'decrypt_failed',
      ],
    ];
    for (const [label, n, status, reason] of cases) {
      const res = await deliver(n);
      expect(res.statusCode, label).toBe(status);
      expect(res.json().details?.reason, label).toBe(reason);
    }
    expect((await orderRow(order.id)).state).toBe('pending');
    expect(await ledgerCount()).toBe(before);
    const refused = await ctx.deps.db
      .selectFrom('audit_log')
      .where('action', '=', 'payment.notify_refused')
      .select('seq')
      .execute();
    expect(refused.length).toBeGreaterThanOrEqual(cases.length);
    // the genuine one still settles
    expect((await deliver(good)).statusCode).toBe(200);
    expect((await orderRow(order.id)).state).toBe('paid');
  });

  it('flags an amount that differs from the order and credits nothing', async () => {
    const order = await newOrder();
    const before = await ledgerCount();
    const res = await deliver(fake.notification(fake.pay(order.outTradeNo, 1)));
    expect(res.statusCode).toBe(200);
    const row = await orderRow(order.id);
    expect(row).toMatchObject({ state: 'amount_mismatch' });
    expect(Number(row.paid_amount_fen)).toBe(1);
    expect(await ledgerCount()).toBe(before);
  });

  it('reconciles a missed notification by a signed query', async () => {
    const order = await newOrder();
    const pending = await finance.post(`/api/payments/orders/${order.id}/query`, {});
    expect(pending.statusCode, pending.body).toBe(200);
    expect((await orderRow(order.id)).state).toBe('pending');
    fake.pay(order.outTradeNo);
    const res = await finance.post(`/api/payments/orders/${order.id}/query`, {});
    expect(res.statusCode, res.body).toBe(200);
    const q = fake.requests.at(-1)!;
    expect(q).toMatchObject({ method: 'GET', signatureOk: true });
    expect(q.url).toBe(`/v3/pay/transactions/out-trade-no/${order.outTradeNo}?mchid=${fake.mchid}`);
    expect((await orderRow(order.id)).state).toBe('paid');
    const provider = providerFor(ctx.deps, 'wechat');
    expect(await provider.queryOrder('UHNOSUCHORDER01')).toBeUndefined();
  });

  it('refunds with a signed request; a PROCESSING refund completes on its notification', async () => {
    const order = await newOrder();
    await deliver(fake.notification(fake.pay(order.outTradeNo)));
    const done = await finance.post(`/api/payments/orders/${order.id}/refund`, {
      amountFen: 250,
      reason: '多缴退回',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ refundedFen: 250, refunds: [{ state: 'success' }] });
    const r = fake.requests.at(-1)!;
    expect(r).toMatchObject({ url: '/v3/refund/domestic/refunds', signatureOk: true });
    expect(JSON.parse(r.body)).toMatchObject({
      out_trade_no: order.outTradeNo,
      amount: { refund: 250, total: 1250, currency: 'CNY' },
    });

    fake.refundStatus = 'PROCESSING';
    const later = await finance.post(`/api/payments/orders/${order.id}/refund`, {
      amountFen: 1000,
      reason: '全部退回',
    });
    fake.refundStatus = 'SUCCESS';
    expect(later.json()).toMatchObject({ refundedFen: 250 });
    const refund = later.json().refunds.find((x: { state: string }) => x.state === 'processing');
    const row = await ctx.deps.db
      .selectFrom('payment_refunds')
      .selectAll()
      .where('out_refund_no', '=', refund.outRefundNo)
      .executeTakeFirstOrThrow();
    const n = fake.notification(
      {
        mchid: fake.mchid,
        out_trade_no: order.outTradeNo,
        transaction_id: fake.orders.get(order.outTradeNo)!.transactionId,
        out_refund_no: row.out_refund_no,
        refund_id: 'R50000000001',
        refund_status: 'SUCCESS',
        amount: { total: 1250, refund: 1000, payer_total: 1250, payer_refund: 1000 },
      },
      { eventType: 'REFUND.SUCCESS' },
    );
    expect((await deliver(n)).statusCode).toBe(200);
    expect((await deliver(n)).statusCode).toBe(200);
    const after = await orderRow(order.id);
    expect(after).toMatchObject({ state: 'refunded' });
    expect(Number(after.refunded_fen)).toBe(1250);
  });

  it('refuses a forged platform answer and a request the platform cannot verify (502, no 500)', async () => {
    await rig.chargeMonth(1250);
    fake.forgeAnswers = true;
    const forged = await member.post('/api/my/payments/orders', {});
    fake.forgeAnswers = false;
    expect(forged.statusCode).toBe(502);
    expect(forged.json()).toMatchObject({ code: 'payment.provider_error' });
    // the order opened for it is closed, without a QR code (the only closed one of this member)
    const closed = await ctx.deps.db
      .selectFrom('payment_orders')
      .select(['state', 'code_url'])
      .where('member_id', '=', rig.memberId)
      .where('state', '=', 'closed')
      .execute();
    expect(closed).toEqual([{ state: 'closed', code_url: null }]);
    const settings = ctx.deps.config.payments.wechat!;
    const wrongKey = new WechatPayProvider(
      { ...settings, privateKey: rsaPair().privateKey },
      () => ctx.clock.now(),
      'https://union.example.org/api/payments/notify/wechat',
    );
    await expect(wrongKey.queryOrder('UH20260101ABCDEF')).rejects.toMatchObject({
      code: 'payment.provider_error',
      details: { status: 401, platformCode: 'SIGN_ERROR' },
    });
    expect(fake.requests.at(-1)!.signatureOk).toBe(false);
  });
});
