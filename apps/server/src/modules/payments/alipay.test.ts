/**
 * The Alipay adapter against a loopback fake of the gateway (only the third party is mocked): RSA2
 * signed requests, answers verified over the `*_response` text, form-encoded notifications verified
 * before they settle (once), refusals that change nothing, amount mismatch, query, refund, and the
 * fen <-> yuan conversion as text (property test: no float drift).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import type { TestContext } from '../../kernel/testing/test-app.js';
import { fenToYuan, yuanToFen } from './alipay.js';
import { startPlatformRig } from './payment-fixtures.test.js';
import { FakeAlipay, rsaPair } from './platform-fakes.test.js';
import { providerFor } from './providers.js';

let rig: Awaited<ReturnType<typeof startPlatformRig<FakeAlipay>>>;
let ctx: TestContext;
let fake: FakeAlipay;
let member: TestClient;
let finance: TestClient;

beforeAll(async () => {
  rig = await startPlatformRig('alipay', (now) => new FakeAlipay(now), 'ali');
  ({ ctx, fake, member, finance } = rig);
});
afterAll(() => rig.close());

const ledgerCount = () => rig.ledgerCount();
const orderRow = (id: string) => rig.orderRow(id);
const deliver = (body: string) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/payments/notify/alipay',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    payload: body,
  });

const newOrder = (fen = 1234) => rig.newOrder(fen);

describe('fen <-> yuan', () => {
  it('converts every amount exactly, both ways, as text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.maxSafeNat()), (fen) => {
        const y = fenToYuan(fen);
        expect(y).toMatch(/^(0|[1-9]\d*)\.\d\d$/);
        expect(yuanToFen(y)).toBe(fen);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 14n - 1n }),
        fc.integer({ min: 0, max: 99 }),
        (whole, cents) => {
          const text = `${whole}.${String(cents).padStart(2, '0')}`;
          const exact = whole * 100n + BigInt(cents);
          // exact, or refused when beyond what a JS number holds exactly
          if (exact <= BigInt(Number.MAX_SAFE_INTEGER)) expect(BigInt(yuanToFen(text)!)).toBe(exact);
          else expect(yuanToFen(text)).toBeUndefined();
        },
      ),
      { numRuns: 2000 },
    );
    // the classic float traps, and the forms Alipay may send
    expect(fenToYuan(29)).toBe('0.29');
    expect(fenToYuan(1005)).toBe('10.05');
    expect(fenToYuan(0)).toBe('0.00');
    expect(yuanToFen('0.29')).toBe(29);
    expect(yuanToFen('1.1')).toBe(110);
    expect(yuanToFen('88')).toBe(8800);
    for (const bad of ['', '1.234', '-1.00', '01.00', '1e3', ' 1.00', '1.', '.5', 12.34])
      expect(yuanToFen(bad), String(bad)).toBeUndefined();
    expect(() => fenToYuan(1.5)).toThrow(RangeError);
    expect(() => fenToYuan(-1)).toThrow(RangeError);
  });
});

describe('Alipay adapter', () => {
  it('precreates with a signed request; the QR code shows qr_code; a signed notification settles once', async () => {
    const order = await newOrder();
    const req = fake.requests.at(-1)!;
    expect(req).toMatchObject({ method: 'alipay.trade.precreate', signatureOk: true });
    expect(req.params).toMatchObject({
      app_id: fake.appId,
      charset: 'utf-8',
      format: 'JSON',
      sign_type: 'RSA2',
      version: '1.0',
      notify_url: `${ctx.deps.config.publicOrigin}/api/payments/notify/alipay`,
    });
    expect(req.params.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(JSON.parse(req.params.biz_content!)).toMatchObject({
      out_trade_no: order.outTradeNo,
      total_amount: '12.34',
    });
    expect(order.codeUrl).toMatch(/^https:\/\/qr\.alipay\.com\/bax[0-9a-f]+$/);
    expect((await orderRow(order.id)).provider).toBe('alipay');

    fake.pay(order.outTradeNo);
    const before = await ledgerCount();
    const n = fake.notification(order.outTradeNo);
    const first = await deliver(n);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.body).toBe('success');
    expect(first.headers['content-type']).toMatch(/^text\/plain/);
    expect((await orderRow(order.id)).state).toBe('paid');
    expect(await ledgerCount()).toBe(before + 1);
    // replayed, or sent again by Alipay's retry schedule: acknowledged, nothing changes
    expect((await deliver(n)).body).toBe('success');
    expect((await deliver(fake.notification(order.outTradeNo))).body).toBe('success');
    expect(await ledgerCount()).toBe(before + 1);
  });

  it('refuses forged, wrongly keyed, tampered, stale, foreign-app and unsigned notifications; nothing changes', async () => {
    const order = await newOrder();
    fake.pay(order.outTradeNo);
    const before = await ledgerCount();
    const now = ctx.clock.now();
    const good = fake.notification(order.outTradeNo);
    const tampered = new URLSearchParams(good);
    tampered.set('total_amount', '0.01');
    const unsigned = new URLSearchParams(good);
    unsigned.delete('sign');
    const rsa1 = new URLSearchParams(good);
    rsa1.set('sign_type', 'RSA');
    const cases: [string, string, string][] = [
      ['another key', fake.notification(order.outTradeNo, { key: rsaPair().privateKey }), 'bad_signature'],
      ['tampered amount', tampered.toString(), 'bad_signature'],
      ['unsigned', unsigned.toString(), 'missing_signature'],
      ['RSA (SHA1)', rsa1.toString(), 'bad_sign_type'],
      ['another app', fake.notification(order.outTradeNo, { appId: '2021000999999999' }), 'wrong_app'],
      [
        'stale',
        fake.notification(order.outTradeNo, { at: new Date(now.getTime() - 27 * 3_600_000) }),
        'stale_timestamp',
      ],
      [
        'future',
        fake.notification(order.outTradeNo, { at: new Date(now.getTime() + 3_600_000) }),
        'stale_timestamp',
      ],
      ['empty', '', 'missing_signature'],
    ];
    for (const [label, body, reason] of cases) {
      const res = await deliver(body);
      expect(res.statusCode, label).toBe(401);
      expect(res.json(), label).toMatchObject({ code: 'payment.invalid_signature', details: { reason } });
    }
    expect((await orderRow(order.id)).state).toBe('pending');
    expect(await ledgerCount()).toBe(before);
    expect((await deliver(good)).body).toBe('success');
    expect((await orderRow(order.id)).state).toBe('paid');
  });

  it('flags an amount that differs from the order and credits nothing', async () => {
    const order = await newOrder();
    const before = await ledgerCount();
    fake.pay(order.outTradeNo, 1);
    expect((await deliver(fake.notification(order.outTradeNo))).body).toBe('success');
    const row = await orderRow(order.id);
    expect(row.state).toBe('amount_mismatch');
    expect(Number(row.paid_amount_fen)).toBe(1);
    expect(await ledgerCount()).toBe(before);
  });

  it('reconciles a missed notification by a signed query', async () => {
    // the mismatched order above was not credited: this order pays that month too
    const order = await newOrder(999);
    expect(order.amountFen).toBe(1234 + 999);
    expect((await finance.post(`/api/payments/orders/${order.id}/query`, {})).statusCode).toBe(200);
    expect((await orderRow(order.id)).state).toBe('pending');
    fake.pay(order.outTradeNo);
    const res = await finance.post(`/api/payments/orders/${order.id}/query`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'alipay.trade.query', signatureOk: true });
    const row = await orderRow(order.id);
    expect(row.state).toBe('paid');
    expect(Number(row.paid_amount_fen)).toBe(1234 + 999);
    expect(await providerFor(ctx.deps, 'alipay').queryOrder('UHNOSUCHORDER01')).toBeUndefined();
  });

  it('refunds synchronously with a signed request, partially then fully', async () => {
    const order = await newOrder(1001);
    fake.pay(order.outTradeNo);
    await deliver(fake.notification(order.outTradeNo));
    const part = await finance.post(`/api/payments/orders/${order.id}/refund`, {
      amountFen: 1,
      reason: '多缴退回',
    });
    expect(part.statusCode, part.body).toBe(200);
    expect(part.json()).toMatchObject({ state: 'paid', refundedFen: 1 });
    const r = fake.requests.at(-1)!;
    expect(r).toMatchObject({ method: 'alipay.trade.refund', signatureOk: true });
    expect(JSON.parse(r.params.biz_content!)).toMatchObject({
      out_trade_no: order.outTradeNo,
      refund_amount: '0.01',
    });
    const rest = await finance.post(`/api/payments/orders/${order.id}/refund`, {
      amountFen: 1000,
      reason: '全部退回',
    });
    expect(rest.json()).toMatchObject({ state: 'refunded', refundedFen: 1001 });
  });

  it('refuses a forged gateway answer (502, nothing created)', async () => {
    await rig.chargeMonth(500);
    fake.forgeAnswers = true;
    const res = await member.post('/api/my/payments/orders', {});
    fake.forgeAnswers = false;
    expect(res.statusCode).toBe(502);
    expect(res.json()).toMatchObject({ code: 'payment.provider_error' });
    // the order opened for it is closed, without a QR code (the only closed one of this member)
    const closed = await ctx.deps.db
      .selectFrom('payment_orders')
      .select(['state', 'code_url'])
      .where('member_id', '=', rig.memberId)
      .where('state', '=', 'closed')
      .execute();
    expect(closed).toEqual([{ state: 'closed', code_url: null }]);
  });
});
