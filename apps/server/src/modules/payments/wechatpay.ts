/**
 * WeChat Pay API v3 (微信支付 APIv3), Native payment (扫码支付: the QR code shows `code_url`), as a
 * PaymentProvider. Every request carries `Authorization: WECHATPAY2-SHA256-RSA2048 mchid=...,
 * nonce_str=...,timestamp=...,serial_no=...,signature=...`, the merchant's RSA-SHA256 signature over
 * `METHOD\nURL\ntimestamp\nnonce\nbody\n` (URL = path and query). Every 2xx answer is verified with the
 * platform key named by Wechatpay-Serial (signature over `timestamp\nnonce\nbody\n`, timestamp within
 * ±300 s) before it is read; notifications are verified the same way and their resource decrypted with
 * the APIv3 key (wechatpay-v3.ts, shared with the sandbox).
 */
import { createSign, randomBytes } from 'node:crypto';
import { AppError } from '../../kernel/http/errors.js';
import type { WechatPaySettings } from './payment-config.js';
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
import { openNotification, parseTransaction, verifySignedRequest } from './wechatpay-v3.js';

const TIMEOUT_MS = 10_000;
const REFUND_STATUSES = new Set(['SUCCESS', 'PROCESSING', 'ABNORMAL', 'CLOSED']);

/** The merchant's request signature message (APIv3 "签名生成"). */
export function requestMessage(method: string, url: string, timestamp: string, nonce: string, body: string) {
  return `${method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** RFC 3339 in Beijing time, as WeChat Pay shows it (`2026-01-02T10:00:00+08:00`). */
export function rfc3339Beijing(d: Date): string {
  return `${new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

type Answer = { status: number; json: Record<string, unknown> };

export class WechatPayProvider implements PaymentProvider {
  readonly name = 'wechat' as const;

  constructor(
    private readonly s: WechatPaySettings,
    private readonly now: () => Date,
    /** Where the platform POSTs its notifications (providers.ts notifyUrl). */
    private readonly notifyUrl: string,
  ) {}

  /** The Authorization header of one request. */
  authorization(method: string, url: string, body: string, now: Date): string {
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const nonce = randomBytes(16).toString('hex').toUpperCase();
    const signature = createSign('RSA-SHA256')
      .update(requestMessage(method, url, timestamp, nonce, body))
      .sign(this.s.privateKey, 'base64');
    return (
      `WECHATPAY2-SHA256-RSA2048 mchid="${this.s.mchid}",nonce_str="${nonce}",` +
      `timestamp="${timestamp}",serial_no="${this.s.merchantSerial}",signature="${signature}"`
    );
  }

  /**
   * One signed call; a 2xx answer is returned only after its signature verified.
   * @throws AppError payment.provider_error (unreachable, unsigned or forged answer)
   */
  private async call(method: 'GET' | 'POST', url: string, payload?: object): Promise<Answer> {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    let res: Response;
    try {
      res = await fetch(`${this.s.baseUrl}${url}`, {
        method,
        headers: {
          accept: 'application/json',
          'user-agent': 'unionhall-payments',
          authorization: this.authorization(method, url, body, this.now()),
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: payload === undefined ? undefined : body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch {
      throw new AppError('payment.provider_error', { provider: 'wechat', reason: 'unreachable' });
    }
    const text = await res.text();
    const headers = Object.fromEntries(res.headers);
    if (res.ok) {
      try {
        verifySignedRequest({ headers, body: text }, this.s.platformKeys, this.now());
      } catch (e) {
        const reason = e instanceof AppError ? e.details?.reason : 'bad_signature';
        throw new AppError('payment.provider_error', { provider: 'wechat', reason: `response_${reason}` });
      }
    }
    let json: Record<string, unknown> = {};
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      throw new AppError('payment.provider_error', { provider: 'wechat', reason: 'bad_json' });
    }
    return { status: res.status, json };
  }

  private fail(a: Answer): AppError {
    return new AppError('payment.provider_error', {
      provider: 'wechat',
      status: a.status,
      platformCode: typeof a.json.code === 'string' ? a.json.code : null,
    });
  }

  async createOrder(input: CreateOrderInput): Promise<CreatedOrder> {
    const a = await this.call('POST', '/v3/pay/transactions/native', {
      appid: this.s.appid,
      mchid: this.s.mchid,
      description: input.description.slice(0, 127),
      out_trade_no: input.outTradeNo,
      time_expire: rfc3339Beijing(input.expiresAt),
      notify_url: input.notifyUrl,
      amount: { total: input.amountFen, currency: 'CNY' },
    });
    const codeUrl = a.json.code_url;
    if (a.status !== 200 || typeof codeUrl !== 'string' || !codeUrl) throw this.fail(a);
    // Native orders have no prepay id; the `pr` token of the code URL names the prepayment.
    let pr: string | null = null;
    try {
      pr = new URL(codeUrl).searchParams.get('pr');
    } catch {
      pr = null;
    }
    return { prepayId: pr ?? input.outTradeNo, codeUrl };
  }

  async verifyNotification(raw: RawNotification, now: Date): Promise<VerifiedNotification> {
    return openNotification(raw, this.s.platformKeys, this.s.apiV3Key, now);
  }

  async queryOrder(outTradeNo: string): Promise<PaidTransaction | undefined> {
    const url = `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(this.s.mchid)}`;
    const a = await this.call('GET', url);
    if (a.status === 404 && a.json.code === 'ORDER_NOT_EXIST') return undefined;
    if (a.status !== 200) throw this.fail(a);
    if (a.json.out_trade_no !== outTradeNo || a.json.mchid !== this.s.mchid) throw this.fail(a);
    if (a.json.trade_state === 'SUCCESS' || a.json.trade_state === 'REFUND') return parseTransaction(a.json);
    // Not paid (yet): USERPAYING counts as unpaid, PAYERROR and REVOKED as closed.
    const state: TradeState = ['CLOSED', 'PAYERROR', 'REVOKED'].includes(String(a.json.trade_state))
      ? 'CLOSED'
      : 'NOTPAY';
    const amount = a.json.amount as { total?: unknown } | undefined;
    return {
      outTradeNo,
      transactionId: typeof a.json.transaction_id === 'string' ? a.json.transaction_id : '',
      tradeState: state,
      totalFen: Number.isSafeInteger(amount?.total) ? (amount!.total as number) : 0,
      successTime: null,
    };
  }

  async refund(input: {
    outTradeNo: string;
    outRefundNo: string;
    amountFen: number;
    totalFen: number;
    reason: string;
  }): Promise<RefundResult> {
    const a = await this.call('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: input.outTradeNo,
      out_refund_no: input.outRefundNo,
      reason: input.reason.slice(0, 80),
      notify_url: this.notifyUrl,
      amount: { refund: input.amountFen, total: input.totalFen, currency: 'CNY' },
    });
    const j = a.json as {
      refund_id?: unknown;
      out_refund_no?: unknown;
      status?: unknown;
      amount?: { refund?: unknown };
    };
    if (
      a.status !== 200 ||
      typeof j.refund_id !== 'string' ||
      j.out_refund_no !== input.outRefundNo ||
      !REFUND_STATUSES.has(String(j.status)) ||
      !Number.isSafeInteger(j.amount?.refund)
    )
      throw this.fail(a);
    return {
      outRefundNo: input.outRefundNo,
      refundId: j.refund_id,
      status: j.status as RefundResult['status'],
      amountFen: j.amount!.refund as number,
    };
  }
}
