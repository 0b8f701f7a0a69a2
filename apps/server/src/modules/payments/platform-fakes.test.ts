/**
 * Test-only stand-ins for the third parties: loopback HTTP servers that behave like the WeChat Pay v3
 * API and the Alipay gateway. They check every request's signature with the merchant's public key
 * (refusing as the platforms do), keep their own orders, and answer signed with their own platform
 * key; they also build the signed notifications the platforms would send. Keys are fresh RSA-2048
 * pairs written as PEM files, so the adapters are configured exactly as in production.
 */
import { createSign, createVerify, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { beijingTime, fenToYuan, rawJsonMember, signContent, yuanToFen } from './alipay.js';
import { requestMessage } from './wechatpay.js';
import { notificationBody, signNotification } from './wechatpay-v3.js';

const pem = (k: KeyObject) =>
  k.export(
    k.type === 'private' ? { type: 'pkcs8', format: 'pem' } : { type: 'spki', format: 'pem' },
  ) as string;

export function rsaPair() {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

function writeKeys(files: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'uh-pay-'));
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    out[name] = path.join(dir, name);
    writeFileSync(out[name], text, { mode: 0o600 });
  }
  return out;
}

async function listen(handler: (req: IncomingMessage, body: string) => Promise<Answer>): Promise<Server> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const a = await handler(req, Buffer.concat(chunks).toString('utf8'));
    res.writeHead(a.status, a.headers).end(a.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

type Answer = { status: number; headers: Record<string, string>; body: string };
const origin = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

// ---------------------------------------------------------------- WeChat Pay API v3

export type FakeOrder = { amountFen: number; state: string; transactionId?: string; notifyUrl: string };

export class FakeWechatPay {
  readonly mchid = '1900009191';
  readonly appid = 'wxd678efh567hg6787';
  readonly merchantSerial = randomBytes(20).toString('hex').toUpperCase();
  readonly platformKeyId = `PUB_KEY_ID_01${randomBytes(12).toString('hex').toUpperCase()}`;
  readonly apiV3Key = Buffer.from(randomBytes(16).toString('hex'), 'utf8');
  readonly merchant = rsaPair();
  readonly platform = rsaPair();
  readonly orders = new Map<string, FakeOrder>();
  readonly requests: { method: string; url: string; body: string; signatureOk: boolean }[] = [];
  /** Answer with a signature of another key (a forged platform answer). */
  forgeAnswers = false;
  refundStatus: 'SUCCESS' | 'PROCESSING' = 'SUCCESS';
  server!: Server;

  constructor(private readonly now: () => Date) {}

  async start(): Promise<this> {
    this.server = await listen((req, body) => this.handle(req, body));
    return this;
  }

  /** The adapter's settings, pointed at this fake (started). */
  env(): Record<string, string> {
    return { ...this.envFiles(), WECHATPAY_BASE_URL: origin(this.server) };
  }

  envFiles(): Record<string, string> {
    const files = writeKeys({
      'apiclient_key.pem': pem(this.merchant.privateKey),
      'pub_key.pem': pem(this.platform.publicKey),
    });
    return {
      WECHATPAY_MCHID: this.mchid,
      WECHATPAY_APPID: this.appid,
      WECHATPAY_MERCHANT_SERIAL: this.merchantSerial,
      WECHATPAY_PRIVATE_KEY_FILE: files['apiclient_key.pem']!,
      WECHATPAY_APIV3_KEY: this.apiV3Key.toString('utf8'),
      WECHATPAY_PUBLIC_KEY_ID: this.platformKeyId,
      WECHATPAY_PUBLIC_KEY_FILE: files['pub_key.pem']!,
    };
  }

  close() {
    return new Promise<void>((r) => this.server.close(() => r()));
  }

  private checkAuthorization(req: IncomingMessage, body: string): boolean {
    const auth = String(req.headers.authorization ?? '');
    if (!auth.startsWith('WECHATPAY2-SHA256-RSA2048 ')) return false;
    const f = Object.fromEntries([...auth.slice(26).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    if (f.mchid !== this.mchid || f.serial_no !== this.merchantSerial || !f.signature) return false;
    const msg = requestMessage(req.method!, req.url!, f.timestamp ?? '', f.nonce_str ?? '', body);
    return createVerify('RSA-SHA256')
      .update(msg)
      .verify(this.merchant.publicKey, Buffer.from(f.signature, 'base64'));
  }

  /** A signed platform answer. */
  answer(status: number, json: object | null): Answer {
    const body = json === null ? '' : JSON.stringify(json);
    const key = this.forgeAnswers ? rsaPair().privateKey : this.platform.privateKey;
    return { status, headers: signNotification(key, this.platformKeyId, body, this.now()), body };
  }

  private async handle(req: IncomingMessage, body: string): Promise<Answer> {
    const signatureOk = this.checkAuthorization(req, body);
    this.requests.push({ method: req.method!, url: req.url!, body, signatureOk });
    if (!signatureOk) return this.answer(401, { code: 'SIGN_ERROR', message: '签名错误' });
    const url = new URL(req.url!, 'http://x');
    if (req.method === 'POST' && url.pathname === '/v3/pay/transactions/native') {
      const b = JSON.parse(body);
      if (b.mchid !== this.mchid || b.appid !== this.appid || !Number.isSafeInteger(b.amount?.total))
        return this.answer(400, { code: 'PARAM_ERROR', message: '参数错误' });
      this.orders.set(b.out_trade_no, {
        amountFen: b.amount.total,
        state: 'NOTPAY',
        notifyUrl: b.notify_url,
      });
      return this.answer(200, { code_url: `weixin://wxpay/bizpayurl?pr=${randomBytes(5).toString('hex')}` });
    }
    const q = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && q) {
      const o = this.orders.get(decodeURIComponent(q[1]!));
      if (!o || url.searchParams.get('mchid') !== this.mchid)
        return this.answer(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
      return this.answer(200, this.transaction(decodeURIComponent(q[1]!)));
    }
    if (req.method === 'POST' && url.pathname === '/v3/refund/domestic/refunds') {
      const b = JSON.parse(body);
      const o = this.orders.get(b.out_trade_no);
      if (!o?.transactionId) return this.answer(404, { code: 'RESOURCE_NOT_EXISTS', message: '订单不存在' });
      return this.answer(200, {
        refund_id: `50${randomBytes(8).toString('hex')}`,
        out_refund_no: b.out_refund_no,
        transaction_id: o.transactionId,
        out_trade_no: b.out_trade_no,
        channel: 'ORIGINAL',
        status: this.refundStatus,
        amount: { total: b.amount.total, refund: b.amount.refund, currency: 'CNY' },
      });
    }
    return this.answer(404, { code: 'NOT_FOUND', message: '无此接口' });
  }

  /** The payer pays (optionally another total); returns the platform's view of the order. */
  pay(outTradeNo: string, totalFen?: number) {
    const o = this.orders.get(outTradeNo)!;
    o.state = 'SUCCESS';
    o.transactionId = `4200${randomBytes(10).toString('hex')}`;
    if (totalFen !== undefined) o.amountFen = totalFen;
    return this.transaction(outTradeNo);
  }

  transaction(outTradeNo: string) {
    const o = this.orders.get(outTradeNo)!;
    return {
      appid: this.appid,
      mchid: this.mchid,
      out_trade_no: outTradeNo,
      ...(o.transactionId ? { transaction_id: o.transactionId } : {}),
      trade_type: 'NATIVE',
      trade_state: o.state,
      trade_state_desc: o.state === 'SUCCESS' ? '支付成功' : '未支付',
      ...(o.state === 'SUCCESS' ? { success_time: '2026-01-05T10:00:00+08:00' } : {}),
      amount: { total: o.amountFen, payer_total: o.amountFen, currency: 'CNY', payer_currency: 'CNY' },
    };
  }

  /** The signed TRANSACTION.SUCCESS notification (opts: another signing key, time, or APIv3 key). */
  notification(
    resource: object,
    opts: { key?: KeyObject; at?: Date; apiV3Key?: Buffer; eventType?: string } = {},
  ): { headers: Record<string, string>; body: string } {
    const at = opts.at ?? this.now();
    const body = notificationBody(
      opts.apiV3Key ?? this.apiV3Key,
      opts.eventType ?? 'TRANSACTION.SUCCESS',
      resource,
      at,
    );
    return {
      headers: signNotification(opts.key ?? this.platform.privateKey, this.platformKeyId, body, at),
      body,
    };
  }
}

// ---------------------------------------------------------------- Alipay

export class FakeAlipay {
  readonly appId = '2021000123456789';
  readonly sellerId = '2088102177846880';
  readonly merchant = rsaPair();
  readonly platform = rsaPair();
  readonly orders = new Map<string, FakeOrder & { refundedFen: number }>();
  readonly requests: { method: string; params: Record<string, string>; signatureOk: boolean }[] = [];
  forgeAnswers = false;
  server!: Server;

  constructor(private readonly now: () => Date) {}

  async start(): Promise<this> {
    this.server = await listen((req, body) => this.handle(req, body));
    return this;
  }

  /** The adapter's settings, pointed at this fake (started). */
  env(): Record<string, string> {
    return { ...this.envFiles(), ALIPAY_GATEWAY: `${origin(this.server)}/gateway.do` };
  }

  envFiles(): Record<string, string> {
    // The Alipay key tool writes bare base64 keys: the application key is given that way here.
    const bare = (this.merchant.privateKey.export({ type: 'pkcs8', format: 'der' }) as Buffer).toString(
      'base64',
    );
    const files = writeKeys({
      'app_private_key.txt': bare,
      'alipay_public_key.pem': pem(this.platform.publicKey),
    });
    return {
      ALIPAY_APP_ID: this.appId,
      ALIPAY_SELLER_ID: this.sellerId,
      ALIPAY_PRIVATE_KEY_FILE: files['app_private_key.txt']!,
      ALIPAY_PUBLIC_KEY_FILE: files['alipay_public_key.pem']!,
    };
  }

  close() {
    return new Promise<void>((r) => this.server.close(() => r()));
  }

  /** A signed gateway answer: the `*_response` member's text is what the signature covers. */
  answer(method: string, response: object): Answer {
    const inner = JSON.stringify(response);
    const key = this.forgeAnswers ? rsaPair().privateKey : this.platform.privateKey;
    const sign = createSign('RSA-SHA256').update(inner, 'utf8').sign(key, 'base64');
    const body = `{"${method.replaceAll('.', '_')}_response":${inner},"sign":"${sign}"}`;
    return { status: 200, headers: { 'content-type': 'text/html;charset=utf-8' }, body };
  }

  private async handle(req: IncomingMessage, body: string): Promise<Answer> {
    const params = Object.fromEntries(new URLSearchParams(body));
    const signatureOk =
      req.method === 'POST' &&
      params.sign_type === 'RSA2' &&
      typeof params.sign === 'string' &&
      createVerify('RSA-SHA256')
        .update(signContent(params, ['sign']), 'utf8')
        .verify(this.merchant.publicKey, Buffer.from(params.sign, 'base64'));
    const method = params.method ?? '';
    this.requests.push({ method, params, signatureOk });
    const err = (sub: string) => ({ code: '40004', msg: 'Business Failed', sub_code: sub, sub_msg: sub });
    if (!signatureOk || params.app_id !== this.appId)
      return this.answer(method, {
        code: '40002',
        msg: 'Invalid Arguments',
        sub_code: 'isv.invalid-signature',
      });
    const biz = JSON.parse(params.biz_content ?? '{}');
    const o = this.orders.get(biz.out_trade_no);
    if (method === 'alipay.trade.precreate') {
      const fen = yuanToFen(biz.total_amount);
      if (fen === undefined) return this.answer(method, err('ACQ.INVALID_PARAMETER'));
      this.orders.set(biz.out_trade_no, {
        amountFen: fen,
        state: 'WAIT_BUYER_PAY',
        notifyUrl: params.notify_url ?? '',
        refundedFen: 0,
      });
      return this.answer(method, {
        code: '10000',
        msg: 'Success',
        out_trade_no: biz.out_trade_no,
        qr_code: `https://qr.alipay.com/bax${randomBytes(8).toString('hex')}`,
      });
    }
    if (method === 'alipay.trade.query') {
      if (!o) return this.answer(method, err('ACQ.TRADE_NOT_EXIST'));
      return this.answer(method, {
        code: '10000',
        msg: 'Success',
        out_trade_no: biz.out_trade_no,
        ...(o.transactionId ? { trade_no: o.transactionId, send_pay_date: '2026-01-05 10:00:00' } : {}),
        trade_status: o.state,
        total_amount: fenToYuan(o.amountFen),
      });
    }
    if (method === 'alipay.trade.refund') {
      const fen = yuanToFen(biz.refund_amount);
      if (!o?.transactionId || fen === undefined) return this.answer(method, err('ACQ.TRADE_NOT_EXIST'));
      o.refundedFen += fen;
      return this.answer(method, {
        code: '10000',
        msg: 'Success',
        trade_no: o.transactionId,
        out_trade_no: biz.out_trade_no,
        buyer_logon_id: '159****5620',
        fund_change: 'Y',
        refund_fee: fenToYuan(o.refundedFen),
        send_back_fee: fenToYuan(fen),
      });
    }
    return this.answer(method, { code: '40004', msg: 'Business Failed', sub_code: 'isv.invalid-method' });
  }

  pay(outTradeNo: string, totalFen?: number) {
    const o = this.orders.get(outTradeNo)!;
    o.state = 'TRADE_SUCCESS';
    o.transactionId = `2026${randomBytes(10).toString('hex')}`;
    if (totalFen !== undefined) o.amountFen = totalFen;
  }

  /** The form-encoded, signed asynchronous notification of a paid order. */
  notification(outTradeNo: string, opts: { key?: KeyObject; at?: Date; appId?: string } = {}): string {
    const o = this.orders.get(outTradeNo)!;
    const at = opts.at ?? this.now();
    const params: Record<string, string> = {
      notify_time: beijingTime(at),
      notify_type: 'trade_status_sync',
      notify_id: `ac05099524730693a8b330c5ecf72da${randomBytes(4).toString('hex')}`,
      app_id: opts.appId ?? this.appId,
      charset: 'utf-8',
      version: '1.0',
      sign_type: 'RSA2',
      trade_no: o.transactionId ?? '',
      out_trade_no: outTradeNo,
      seller_id: this.sellerId,
      trade_status: o.state,
      total_amount: fenToYuan(o.amountFen),
      receipt_amount: fenToYuan(o.amountFen),
      subject: '工会会费 2026-01',
      gmt_create: beijingTime(at),
      gmt_payment: beijingTime(at),
    };
    params.sign = createSign('RSA-SHA256')
      .update(signContent(params, ['sign', 'sign_type']), 'utf8')
      .sign(opts.key ?? this.platform.privateKey, 'base64');
    return new URLSearchParams(params).toString();
  }
}

describe('platform fakes', () => {
  it('extract the signed member text of an Alipay answer exactly', () => {
    const text = '{"x_response":{"a":"}{\\"","b":[1,{"c":2}]},"sign":"s"}';
    expect(rawJsonMember(text, 'x_response')).toBe('{"a":"}{\\"","b":[1,{"c":2}]}');
  });
});
