/**
 * Alipay open platform (支付宝开放平台, gateway.do) as a PaymentProvider: alipay.trade.precreate (扫码
 * 支付: the QR code shows `qr_code`), alipay.trade.query and alipay.trade.refund, signed RSA2
 * (SHA256withRSA, PKCS#1 v1.5) with the application private key.
 *
 * - Request: every parameter except `sign` with a non-empty value, sorted by name, joined as
 *   `k=v&k=v` with raw (not URL-encoded) values, is signed; the form is POSTed.
 * - Answer: `{"<method with _>_response": {...}, "sign": "..."}`; the signature covers the exact JSON
 *   text of the `*_response` member as received, verified with Alipay's public key before it is read.
 * - Notification: form-encoded; the signature covers the decoded parameters except `sign` and
 *   `sign_type`, sorted and joined the same way. `app_id` (and `seller_id` when configured) must be
 *   ours and `notify_time` recent.
 * Amounts are yuan strings with two decimals on the wire and integer fen here, converted as text.
 */
import { createSign, createVerify } from 'node:crypto';
import { AppError } from '../../kernel/http/errors.js';
import type { AlipaySettings } from './payment-config.js';
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

const TIMEOUT_MS = 10_000;
/** Alipay retries a notification for about 25 hours; older or future-dated ones are refused. */
const NOTIFY_MAX_AGE_MS = 26 * 3_600_000;
const NOTIFY_MAX_SKEW_MS = 5 * 60_000;
const BEIJING_MS = 8 * 3_600_000;

/** Integer fen as a yuan string with exactly two decimals (1234 -> "12.34"), without floats. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not a fen amount: ${fen}`);
  const digits = String(fen).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** A yuan string ("12.34", "12.3", "12") as integer fen, without floats; undefined if malformed. */
export function yuanToFen(yuan: unknown): number | undefined {
  if (typeof yuan !== 'string') return undefined;
  const m = /^(0|[1-9]\d{0,13})(?:\.(\d{1,2}))?$/.exec(yuan);
  if (!m) return undefined;
  // whole and cents are exact integers (< 2^53); the sum is checked to stay exact
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : undefined;
}

/** `yyyy-MM-dd HH:mm:ss` in Beijing time (GMT+8), Alipay's timestamp format. */
export function beijingTime(d: Date): string {
  return new Date(d.getTime() + BEIJING_MS).toISOString().slice(0, 19).replace('T', ' ');
}

export function parseBeijingTime(s: unknown): Date | null {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(s)) return null;
  const d = new Date(`${s.replace(' ', 'T')}+08:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The text Alipay signs: non-empty parameters except `exclude`, sorted by name, `k=v` joined by &. */
export function signContent(params: Record<string, string>, exclude: string[]): string {
  return Object.keys(params)
    .filter((k) => !exclude.includes(k) && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

/**
 * The exact JSON text of the top-level member `key` of `text` (what Alipay signs), or undefined.
 * Scans from the member's value with string and escape awareness, so nothing is re-serialised.
 */
export function rawJsonMember(text: string, key: string): string | undefined {
  let i = text.indexOf(`"${key}"`);
  if (i < 0) return undefined;
  i = text.indexOf(':', i + key.length + 2);
  if (i < 0) return undefined;
  i += 1;
  while (/\s/.test(text[i] ?? '')) i++;
  const start = i;
  if (text[i] !== '{') return undefined;
  let depth = 0;
  let inString = false;
  for (; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return undefined;
}

const TRADE_STATES: Record<string, TradeState> = {
  WAIT_BUYER_PAY: 'NOTPAY',
  TRADE_SUCCESS: 'SUCCESS',
  TRADE_FINISHED: 'SUCCESS',
  TRADE_CLOSED: 'CLOSED',
};

type Reply = Record<string, unknown> & { code?: unknown; sub_code?: unknown };

export class AlipayProvider implements PaymentProvider {
  readonly name = 'alipay' as const;

  constructor(
    private readonly s: AlipaySettings,
    private readonly now: () => Date,
  ) {}

  /** The signed request parameters of one API call. */
  signedParams(method: string, biz: object, extra: Record<string, string> = {}): Record<string, string> {
    const params: Record<string, string> = {
      app_id: this.s.appId,
      method,
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: beijingTime(this.now()),
      version: '1.0',
      ...extra,
      biz_content: JSON.stringify(biz),
    };
    params.sign = createSign('RSA-SHA256')
      .update(signContent(params, ['sign']), 'utf8')
      .sign(this.s.privateKey, 'base64');
    return params;
  }

  private fail(reason: string, reply?: Reply): AppError {
    return new AppError('payment.provider_error', {
      provider: 'alipay',
      reason,
      platformCode: typeof reply?.sub_code === 'string' ? reply.sub_code : (reply?.code ?? null),
    });
  }

  /**
   * One signed call; the `*_response` member is returned only after its signature verified.
   * @throws AppError payment.provider_error
   */
  private async call(method: string, biz: object, extra?: Record<string, string>): Promise<Reply> {
    let text: string;
    try {
      const res = await fetch(this.s.gateway, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded;charset=utf-8',
          accept: 'application/json',
        },
        body: new URLSearchParams(this.signedParams(method, biz, extra)).toString(),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      text = await res.text();
      if (!res.ok) throw this.fail(`http_${res.status}`);
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw this.fail('unreachable');
    }
    const member = `${method.replaceAll('.', '_')}_response`;
    const raw = rawJsonMember(text, member) ?? rawJsonMember(text, 'error_response');
    let whole: { sign?: unknown };
    let reply: Reply;
    try {
      whole = JSON.parse(text);
      reply = raw ? JSON.parse(raw) : {};
    } catch {
      throw this.fail('bad_json');
    }
    if (!raw) throw this.fail('bad_response');
    const ok =
      typeof whole.sign === 'string' &&
      createVerify('RSA-SHA256')
        .update(raw, 'utf8')
        .verify(this.s.alipayPublicKey, Buffer.from(whole.sign, 'base64'));
    if (!ok) throw this.fail('response_bad_signature', reply);
    return reply;
  }

  async createOrder(input: CreateOrderInput): Promise<CreatedOrder> {
    const r = await this.call(
      'alipay.trade.precreate',
      {
        out_trade_no: input.outTradeNo,
        total_amount: fenToYuan(input.amountFen),
        subject: input.description.slice(0, 256),
        time_expire: beijingTime(input.expiresAt),
      },
      { notify_url: input.notifyUrl },
    );
    if (r.code !== '10000' || typeof r.qr_code !== 'string' || r.out_trade_no !== input.outTradeNo)
      throw this.fail('refused', r);
    // precreate has no prepay id: the order is known by its out_trade_no.
    return { prepayId: input.outTradeNo, codeUrl: r.qr_code };
  }

  async verifyNotification(raw: RawNotification, now: Date): Promise<VerifiedNotification> {
    const refuse = (reason: string) => new AppError('payment.invalid_signature', { reason });
    const params: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(raw.body)) params[k] = v;
    if (!params.sign || !params.sign_type) throw refuse('missing_signature');
    if (params.sign_type !== 'RSA2') throw refuse('bad_sign_type');
    const ok = createVerify('RSA-SHA256')
      .update(signContent(params, ['sign', 'sign_type']), 'utf8')
      .verify(this.s.alipayPublicKey, Buffer.from(params.sign, 'base64'));
    if (!ok) throw refuse('bad_signature');
    if (params.app_id !== this.s.appId) throw refuse('wrong_app');
    if (this.s.sellerId && params.seller_id !== this.s.sellerId) throw refuse('wrong_seller');
    const sent = parseBeijingTime(params.notify_time);
    if (!sent) throw refuse('bad_timestamp');
    const age = now.getTime() - sent.getTime();
    if (age > NOTIFY_MAX_AGE_MS || age < -NOTIFY_MAX_SKEW_MS) throw refuse('stale_timestamp');
    const invalid = (reason: string) => new AppError('payment.invalid_notification', { reason });
    const state = TRADE_STATES[params.trade_status ?? ''];
    const totalFen = yuanToFen(params.total_amount);
    if (!params.notify_id || !params.out_trade_no || !params.trade_no) throw invalid('bad_envelope');
    if (!state || totalFen === undefined) throw invalid('bad_resource');
    return {
      kind: 'transaction',
      notificationId: params.notify_id,
      txn: {
        outTradeNo: params.out_trade_no,
        transactionId: params.trade_no,
        tradeState: state,
        totalFen,
        successTime: parseBeijingTime(params.gmt_payment),
      },
    };
  }

  async queryOrder(outTradeNo: string): Promise<PaidTransaction | undefined> {
    const r = await this.call('alipay.trade.query', { out_trade_no: outTradeNo });
    if (r.code !== '10000') {
      if (r.sub_code === 'ACQ.TRADE_NOT_EXIST') return undefined;
      throw this.fail('refused', r);
    }
    const state = TRADE_STATES[String(r.trade_status)];
    const totalFen = yuanToFen(r.total_amount);
    if (r.out_trade_no !== outTradeNo || !state || totalFen === undefined) throw this.fail('bad_response', r);
    return {
      outTradeNo,
      transactionId: typeof r.trade_no === 'string' ? r.trade_no : '',
      tradeState: state,
      totalFen,
      successTime: parseBeijingTime(r.send_pay_date),
    };
  }

  /**
   * alipay.trade.refund is synchronous: `fund_change` Y means the money moved now. N (no change, e.g.
   * an already refunded request) is reported as PROCESSING and left for the officer to check.
   */
  async refund(input: {
    outTradeNo: string;
    outRefundNo: string;
    amountFen: number;
    totalFen: number;
    reason: string;
  }): Promise<RefundResult> {
    const r = await this.call('alipay.trade.refund', {
      out_trade_no: input.outTradeNo,
      refund_amount: fenToYuan(input.amountFen),
      out_request_no: input.outRefundNo,
      refund_reason: input.reason.slice(0, 256),
    });
    if (r.code !== '10000' || r.out_trade_no !== input.outTradeNo || typeof r.trade_no !== 'string')
      throw this.fail('refused', r);
    const sentBack = r.send_back_fee === undefined ? input.amountFen : yuanToFen(r.send_back_fee);
    if (sentBack === undefined) throw this.fail('bad_response', r);
    return {
      outRefundNo: input.outRefundNo,
      refundId: `${r.trade_no}-${input.outRefundNo}`,
      status: r.fund_change === 'Y' ? 'SUCCESS' : 'PROCESSING',
      amountFen: sentBack,
    };
  }
}
