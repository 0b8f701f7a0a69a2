/**
 * The sandbox payment platform (沙箱): a local stand-in that behaves like WeChat Pay API v3 for
 * development and tests. It keeps its own record of orders, signs its asynchronous notifications with
 * its own RSA-2048 key (RSA-SHA256, as v3 does, so the verifying code is the one a real WeChat adapter
 * uses) and encrypts their resource with an APIv3 key under AES-256-GCM. Its keys are created on first
 * use and stored encrypted under the data key. Refused in production (config.ts).
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  randomInt,
} from 'node:crypto';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import type {
  CreatedOrder,
  CreateOrderInput,
  PaidTransaction,
  PaymentProvider,
  RawNotification,
  RefundResult,
  TradeState,
  VerifiedNotification,
} from './provider.js';
import { sandboxRepo } from './sandbox.repo.js';
import { notificationBody, openNotification, signNotification } from './wechatpay-v3.js';

type Keys = { serial: string; privateKey: KeyObject; publicKeys: Map<string, KeyObject>; apiV3Key: Buffer };

const keyCache = new WeakMap<object, Promise<Keys>>();

async function loadKeys(deps: Deps): Promise<Keys> {
  const repo = sandboxRepo(deps.db);
  let row = await repo.keys();
  if (!row) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await repo.insertKeys({
      serial: randomBytes(20).toString('hex').toUpperCase(),
      private_key_enc: deps.cipher.encrypt(
        'payment_sandbox_keys.private_key',
        privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      ),
      public_key_pem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
      api_v3_key_enc: deps.cipher.encrypt(
        'payment_sandbox_keys.api_v3_key',
        randomBytes(32).toString('base64'),
      ),
    });
    row = (await repo.keys())!;
  }
  const pem = await deps.cipher.decrypt('payment_sandbox_keys.private_key', row.private_key_enc);
  const apiV3 = await deps.cipher.decrypt('payment_sandbox_keys.api_v3_key', row.api_v3_key_enc);
  return {
    serial: row.serial,
    privateKey: createPrivateKey(pem),
    publicKeys: new Map([[row.serial, createPublicKey(row.public_key_pem)]]),
    apiV3Key: Buffer.from(apiV3, 'base64'),
  };
}

export type SandboxNotification = { notifyUrl: string; headers: Record<string, string>; body: string };

export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox' as const;
  constructor(private readonly deps: Deps) {}

  keys(): Promise<Keys> {
    let k = keyCache.get(this.deps.db);
    if (!k) {
      k = loadKeys(this.deps);
      k.catch(() => keyCache.delete(this.deps.db));
      keyCache.set(this.deps.db, k);
    }
    return k;
  }

  async createOrder(input: CreateOrderInput): Promise<CreatedOrder> {
    const prepayId = `wx${randomBytes(14).toString('hex')}`;
    await sandboxRepo(this.deps.db).insertTxn({
      out_trade_no: input.outTradeNo,
      prepay_id: prepayId,
      amount_fen: input.amountFen,
      description: input.description,
      notify_url: input.notifyUrl,
      created_at: this.deps.clock.now(),
    });
    return { prepayId, codeUrl: `${this.deps.config.publicOrigin}/sandbox-pay/${prepayId}` };
  }

  async verifyNotification(raw: RawNotification, now: Date): Promise<VerifiedNotification> {
    const k = await this.keys();
    return openNotification(raw, k.publicKeys, k.apiV3Key, now);
  }

  async queryOrder(outTradeNo: string): Promise<PaidTransaction | undefined> {
    const t = await sandboxRepo(this.deps.db).byOutTradeNo(outTradeNo);
    if (!t) return undefined;
    return {
      outTradeNo: t.out_trade_no,
      transactionId: t.transaction_id ?? '',
      tradeState: t.trade_state as TradeState,
      totalFen: Number(t.payer_total_fen ?? t.amount_fen),
      successTime: t.success_time,
    };
  }

  async refund(input: {
    outTradeNo: string;
    outRefundNo: string;
    amountFen: number;
    totalFen: number;
  }): Promise<RefundResult> {
    const repo = sandboxRepo(this.deps.db);
    const t = await repo.byOutTradeNo(input.outTradeNo);
    if (!t?.transaction_id) throw new AppError('payment.invalid_state', { reason: 'not_paid_at_provider' });
    const existing = t.refunds.find((r) => r.outRefundNo === input.outRefundNo);
    if (existing) return { ...existing, status: 'SUCCESS' };
    const refunded = t.refunds.reduce((s, r) => s + r.amountFen, 0);
    if (refunded + input.amountFen > Number(t.payer_total_fen ?? t.amount_fen))
      throw new AppError('payment.invalid_amount', { reason: 'refund_exceeds_payment' });
    const r = {
      outRefundNo: input.outRefundNo,
      refundId: `50${Date.now()}${randomInt(100_000, 999_999)}`,
      amountFen: input.amountFen,
      at: this.deps.clock.now().toISOString(),
    };
    await repo.setRefunds(input.outTradeNo, [...t.refunds, r]);
    return { outRefundNo: r.outRefundNo, refundId: r.refundId, amountFen: r.amountFen, status: 'SUCCESS' };
  }

  /** Sandbox only: the public view of an order for the sandbox pay page. */
  async describe(prepayId: string) {
    const t = await sandboxRepo(this.deps.db).byPrepayId(prepayId);
    if (!t) throw new AppError('not_found');
    return {
      prepayId,
      outTradeNo: t.out_trade_no,
      amountFen: Number(t.amount_fen),
      description: t.description,
      tradeState: t.trade_state,
      codeUrl: `${this.deps.config.publicOrigin}/sandbox-pay/${prepayId}`,
    };
  }

  /**
   * Sandbox only: the payer pays (optionally a different total, to exercise the mismatch check). Returns
   * the signed notification the platform sends; the caller POSTs it to `notifyUrl`.
   */
  async pay(prepayId: string, totalFen?: number): Promise<SandboxNotification> {
    const repo = sandboxRepo(this.deps.db);
    const t = await repo.byPrepayId(prepayId);
    if (!t) throw new AppError('not_found');
    if (t.trade_state !== 'NOTPAY')
      throw new AppError('payment.invalid_state', { tradeState: t.trade_state });
    const now = this.deps.clock.now();
    const paid = await repo.markPaid(prepayId, {
      transaction_id: `42${now.getTime()}${randomInt(1_000_000_000, 9_999_999_999)}`,
      payer_total_fen: totalFen ?? Number(t.amount_fen),
      success_time: now,
    });
    if (!paid) throw new AppError('payment.invalid_state', { tradeState: 'SUCCESS' });
    return this.transactionNotification(paid.out_trade_no);
  }

  /** Sandbox only: (re)builds the signed TRANSACTION.SUCCESS notification of a paid order. */
  async transactionNotification(outTradeNo: string): Promise<SandboxNotification> {
    const t = await sandboxRepo(this.deps.db).byOutTradeNo(outTradeNo);
    if (!t?.transaction_id) throw new AppError('not_found');
    const total = Number(t.payer_total_fen ?? t.amount_fen);
    return this.signed(t.notify_url, 'TRANSACTION.SUCCESS', {
      mchid: 'sandbox-mch',
      appid: 'sandbox-app',
      out_trade_no: t.out_trade_no,
      transaction_id: t.transaction_id,
      trade_type: 'NATIVE',
      trade_state: 'SUCCESS',
      trade_state_desc: '支付成功',
      bank_type: 'OTHERS',
      success_time: t.success_time?.toISOString(),
      payer: { openid: 'sandbox-openid' },
      amount: { total, payer_total: total, currency: 'CNY', payer_currency: 'CNY' },
    });
  }

  /** Sandbox only: the signed REFUND.SUCCESS notification of a refund. */
  async refundNotification(outTradeNo: string, outRefundNo: string): Promise<SandboxNotification> {
    const t = await sandboxRepo(this.deps.db).byOutTradeNo(outTradeNo);
    const r = t?.refunds.find((x) => x.outRefundNo === outRefundNo);
    if (!t || !r) throw new AppError('not_found');
    const total = Number(t.payer_total_fen ?? t.amount_fen);
    return this.signed(t.notify_url, 'REFUND.SUCCESS', {
      mchid: 'sandbox-mch',
      out_trade_no: t.out_trade_no,
      transaction_id: t.transaction_id,
      out_refund_no: r.outRefundNo,
      refund_id: r.refundId,
      refund_status: 'SUCCESS',
      success_time: r.at,
      amount: { total, refund: r.amountFen, payer_total: total, payer_refund: r.amountFen },
    });
  }

  private async signed(notifyUrl: string, eventType: string, resource: object): Promise<SandboxNotification> {
    const k = await this.keys();
    const now = this.deps.clock.now();
    const body = notificationBody(k.apiV3Key, eventType, resource, now);
    return { notifyUrl, headers: signNotification(k.privateKey, k.serial, body, now), body };
  }
}
