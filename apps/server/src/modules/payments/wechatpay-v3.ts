/**
 * WeChat Pay API v3 notification crypto, shared by the sandbox and a real WeChat adapter:
 * - the platform signs `${Wechatpay-Timestamp}\n${Wechatpay-Nonce}\n${body}\n` with RSA-SHA256
 *   (PKCS#1 v1.5) under the certificate named by Wechatpay-Serial; the signature is base64;
 * - the body's `resource` is AES-256-GCM ciphertext under the merchant's 32-byte APIv3 key, with a
 *   12-character nonce and `associated_data` as AAD (ciphertext = base64(ct || 16-byte tag)).
 * Nothing in a notification is trusted before verifySignedRequest() and decryptResource() succeed.
 */
import {
  createCipheriv,
  createDecipheriv,
  createSign,
  createVerify,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { AppError } from '../../kernel/http/errors.js';
import type {
  PaidTransaction,
  RawNotification,
  RefundResult,
  TradeState,
  VerifiedNotification,
} from './provider.js';

export const TIMESTAMP_WINDOW_SECONDS = 300;

export type EncryptedResource = {
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data: string;
  nonce: string;
  original_type: string;
};

export function signatureMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

const nonceString = () => randomBytes(16).toString('hex').toUpperCase();

/** The platform side: headers of a signed notification. */
export function signNotification(
  privateKey: KeyObject,
  serial: string,
  body: string,
  now: Date,
): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const nonce = nonceString();
  const signature = createSign('RSA-SHA256')
    .update(signatureMessage(timestamp, nonce, body))
    .sign(privateKey);
  return {
    'content-type': 'application/json',
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
    'wechatpay-serial': serial,
    'wechatpay-signature': signature.toString('base64'),
    'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
  };
}

function header(raw: RawNotification, name: string): string | undefined {
  const v = raw.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Checks serial, timestamp window and signature.
 * @throws AppError payment.invalid_signature with `details.reason`.
 */
export function verifySignedRequest(
  raw: RawNotification,
  platformKeys: Map<string, KeyObject>,
  now: Date,
): void {
  const refuse = (reason: string) => new AppError('payment.invalid_signature', { reason });
  const timestamp = header(raw, 'wechatpay-timestamp');
  const nonce = header(raw, 'wechatpay-nonce');
  const signature = header(raw, 'wechatpay-signature');
  const serial = header(raw, 'wechatpay-serial');
  if (!timestamp || !nonce || !signature || !serial) throw refuse('missing_headers');
  const key = platformKeys.get(serial);
  if (!key) throw refuse('unknown_serial');
  if (!/^\d{1,12}$/.test(timestamp)) throw refuse('bad_timestamp');
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > TIMESTAMP_WINDOW_SECONDS)
    throw refuse('stale_timestamp');
  const ok = createVerify('RSA-SHA256')
    .update(signatureMessage(timestamp, nonce, raw.body))
    .verify(key, Buffer.from(signature, 'base64'));
  if (!ok) throw refuse('bad_signature');
}

export function encryptResource(
  apiV3Key: Buffer,
  plaintext: string,
  originalType: string,
): EncryptedResource {
  const nonce = randomBytes(6).toString('hex');
  const associatedData = originalType;
  const c = createCipheriv('aes-256-gcm', apiV3Key, Buffer.from(nonce));
  c.setAAD(Buffer.from(associatedData));
  const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final(), c.getAuthTag()]);
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: ct.toString('base64'),
    associated_data: associatedData,
    nonce,
    original_type: originalType,
  };
}

/** @throws AppError payment.invalid_notification when the resource does not decrypt. */
export function decryptResource(apiV3Key: Buffer, r: EncryptedResource): string {
  try {
    if (r.algorithm !== 'AEAD_AES_256_GCM') throw new Error('algorithm');
    const data = Buffer.from(r.ciphertext, 'base64');
    const d = createDecipheriv('aes-256-gcm', apiV3Key, Buffer.from(r.nonce));
    d.setAAD(Buffer.from(r.associated_data ?? ''));
    d.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([d.update(data.subarray(0, data.length - 16)), d.final()]).toString('utf8');
  } catch {
    throw new AppError('payment.invalid_notification', { reason: 'decrypt_failed' });
  }
}

const TRADE_STATES = new Set<TradeState>(['NOTPAY', 'SUCCESS', 'REFUND', 'CLOSED']);
const isFen = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

/** A decrypted v3 transaction resource (or order-query answer) in our terms. */
export function parseTransaction(json: unknown): PaidTransaction {
  const t = json as {
    out_trade_no?: unknown;
    transaction_id?: unknown;
    trade_state?: unknown;
    success_time?: unknown;
    amount?: { total?: unknown };
  };
  if (
    typeof t?.out_trade_no !== 'string' ||
    typeof t.transaction_id !== 'string' ||
    !TRADE_STATES.has(t.trade_state as TradeState) ||
    !isFen(t.amount?.total)
  )
    throw new AppError('payment.invalid_notification', { reason: 'bad_resource' });
  const when = typeof t.success_time === 'string' ? new Date(t.success_time) : null;
  return {
    outTradeNo: t.out_trade_no,
    transactionId: t.transaction_id,
    tradeState: t.trade_state as TradeState,
    totalFen: t.amount!.total as number,
    successTime: when && !Number.isNaN(when.getTime()) ? when : null,
  };
}

function parseRefund(json: unknown): RefundResult & { outTradeNo: string } {
  const r = json as {
    out_trade_no?: unknown;
    out_refund_no?: unknown;
    refund_id?: unknown;
    refund_status?: unknown;
    amount?: { refund?: unknown };
  };
  const statuses = ['SUCCESS', 'PROCESSING', 'ABNORMAL', 'CLOSED'];
  if (
    typeof r?.out_trade_no !== 'string' ||
    typeof r.out_refund_no !== 'string' ||
    typeof r.refund_id !== 'string' ||
    !statuses.includes(r.refund_status as string) ||
    !isFen(r.amount?.refund)
  )
    throw new AppError('payment.invalid_notification', { reason: 'bad_resource' });
  return {
    outTradeNo: r.out_trade_no,
    outRefundNo: r.out_refund_no,
    refundId: r.refund_id,
    status: r.refund_status as RefundResult['status'],
    amountFen: r.amount!.refund as number,
  };
}

/** Verifies, decrypts and parses a v3 notification (TRANSACTION.* or REFUND.*). */
export function openNotification(
  raw: RawNotification,
  platformKeys: Map<string, KeyObject>,
  apiV3Key: Buffer,
  now: Date,
): VerifiedNotification {
  verifySignedRequest(raw, platformKeys, now);
  let body: { id?: unknown; event_type?: unknown; resource?: EncryptedResource };
  try {
    body = JSON.parse(raw.body);
  } catch {
    throw new AppError('payment.invalid_notification', { reason: 'bad_json' });
  }
  if (
    typeof body?.id !== 'string' ||
    typeof body.event_type !== 'string' ||
    typeof body.resource !== 'object'
  )
    throw new AppError('payment.invalid_notification', { reason: 'bad_envelope' });
  let plain: unknown;
  try {
    plain = JSON.parse(decryptResource(apiV3Key, body.resource));
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('payment.invalid_notification', { reason: 'bad_resource' });
  }
  if (body.event_type.startsWith('TRANSACTION.'))
    return { kind: 'transaction', notificationId: body.id, txn: parseTransaction(plain) };
  if (body.event_type.startsWith('REFUND.'))
    return { kind: 'refund', notificationId: body.id, refund: parseRefund(plain) };
  throw new AppError('payment.invalid_notification', { reason: 'unknown_event' });
}

/** The platform side: a complete notification body for `eventType` with the encrypted resource. */
export function notificationBody(apiV3Key: Buffer, eventType: string, resource: object, now: Date): string {
  const originalType = eventType.startsWith('REFUND.') ? 'refund' : 'transaction';
  return JSON.stringify({
    id: `EV-${randomBytes(12).toString('hex')}`,
    create_time: now.toISOString(),
    resource_type: 'encrypt-resource',
    event_type: eventType,
    summary: eventType === 'TRANSACTION.SUCCESS' ? '支付成功' : '退款成功',
    resource: encryptResource(apiV3Key, JSON.stringify(resource), originalType),
  });
}
