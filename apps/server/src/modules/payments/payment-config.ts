/**
 * Settings of the real payment platforms, read from the environment by config.ts at start and checked
 * together with the rest of the configuration (every problem listed at once):
 *
 * WeChat Pay API v3 (`wechat`, alias `wechatpay`): WECHATPAY_MCHID, WECHATPAY_APPID,
 * WECHATPAY_MERCHANT_SERIAL (serial of the merchant API certificate), WECHATPAY_PRIVATE_KEY_FILE
 * (apiclient_key.pem), WECHATPAY_APIV3_KEY or WECHATPAY_APIV3_KEY_FILE (the 32-character APIv3 key),
 * and the platform's verification key: WECHATPAY_PUBLIC_KEY_FILE with WECHATPAY_PUBLIC_KEY_ID
 * (PUB_KEY_ID_..., "微信支付公钥") and/or WECHATPAY_PLATFORM_CERT_FILES (comma list of platform
 * certificate PEMs, serial taken from each). Optional: WECHATPAY_BASE_URL, WECHATPAY_NOTIFY_URL.
 *
 * Alipay (`alipay`): ALIPAY_APP_ID, ALIPAY_PRIVATE_KEY_FILE (application private key, PEM or the bare
 * base64 the Alipay key tool writes), ALIPAY_PUBLIC_KEY_FILE (Alipay's public key, same forms).
 * Optional: ALIPAY_GATEWAY, ALIPAY_NOTIFY_URL, ALIPAY_SELLER_ID.
 */
import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const PROVIDER_NAMES = ['sandbox', 'wechat', 'alipay'] as const;
const ALIASES: Record<string, string> = { wechatpay: 'wechat' };

export type WechatPaySettings = {
  mchid: string;
  appid: string;
  merchantSerial: string;
  privateKey: KeyObject;
  apiV3Key: Buffer;
  /** Platform verification keys by Wechatpay-Serial (public key id or certificate serial). */
  platformKeys: Map<string, KeyObject>;
  baseUrl: string;
  notifyUrl: string | undefined;
};

export type AlipaySettings = {
  appId: string;
  privateKey: KeyObject;
  alipayPublicKey: KeyObject;
  gateway: string;
  notifyUrl: string | undefined;
  sellerId: string | undefined;
};

export type PaymentSettings = { wechat?: WechatPaySettings; alipay?: AlipaySettings };

type Env = Record<string, string | undefined>;

/** PAYMENT_PROVIDERS as canonical names (`wechatpay` is accepted for `wechat`). */
export function providerNames(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .map((s) => ALIASES[s] ?? s);
}

function readText(env: Env, name: string, problems: string[]): string | undefined {
  const file = env[name];
  if (!file) {
    problems.push(`${name} is required`);
    return undefined;
  }
  try {
    return readFileSync(file, 'utf8');
  } catch {
    problems.push(`${name} cannot be read: ${file}`);
    return undefined;
  }
}

/** A PEM, or the bare base64 DER that the Alipay key tool writes (PKCS#8/PKCS#1, SPKI). */
function loadKey(text: string, kind: 'private' | 'public'): KeyObject {
  const t = text.trim();
  if (t.startsWith('-----BEGIN')) return kind === 'private' ? createPrivateKey(t) : createPublicKey(t);
  const der = Buffer.from(t.replace(/\s+/g, ''), 'base64');
  if (kind === 'public') return createPublicKey({ key: der, format: 'der', type: 'spki' });
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
  }
}

function rsaKey(env: Env, name: string, kind: 'private' | 'public', problems: string[]) {
  const text = readText(env, name, problems);
  if (text === undefined) return undefined;
  try {
    const key = loadKey(text, kind);
    if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
      problems.push(`${name} must be an RSA key of at least 2048 bits`);
      return undefined;
    }
    return key;
  } catch {
    problems.push(`${name} is not a readable RSA ${kind} key (PEM or base64 DER)`);
    return undefined;
  }
}

function required(env: Env, name: string, problems: string[], pattern?: RegExp): string {
  const v = env[name]?.trim() ?? '';
  if (!v) problems.push(`${name} is required`);
  else if (pattern && !pattern.test(v)) problems.push(`${name} has an invalid format (got "${v}")`);
  return v;
}

function httpsUrl(env: Env, name: string, def: string | undefined, production: boolean, problems: string[]) {
  const v = env[name]?.trim() || def;
  if (v === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    problems.push(`${name} must be an absolute URL (got "${v}")`);
    return v;
  }
  if (production && url.protocol !== 'https:') problems.push(`${name} must use https:// in production`);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push(`${name} must be http(s)`);
  return v.replace(/\/$/, '');
}

function wechatSettings(env: Env, production: boolean, problems: string[]): WechatPaySettings | undefined {
  const before = problems.length;
  const mchid = required(env, 'WECHATPAY_MCHID', problems, /^\d{8,12}$/);
  const appid = required(env, 'WECHATPAY_APPID', problems, /^[A-Za-z0-9_]{6,32}$/);
  const merchantSerial = required(env, 'WECHATPAY_MERCHANT_SERIAL', problems, /^[0-9A-Fa-f]{8,64}$/);
  const privateKey = rsaKey(env, 'WECHATPAY_PRIVATE_KEY_FILE', 'private', problems);
  let apiV3Raw = env.WECHATPAY_APIV3_KEY;
  if (!apiV3Raw && env.WECHATPAY_APIV3_KEY_FILE) {
    try {
      apiV3Raw = readFileSync(env.WECHATPAY_APIV3_KEY_FILE, 'utf8').trim();
    } catch {
      problems.push(`WECHATPAY_APIV3_KEY_FILE cannot be read: ${env.WECHATPAY_APIV3_KEY_FILE}`);
    }
  }
  const apiV3Key = Buffer.from(apiV3Raw ?? '', 'utf8');
  if (!apiV3Raw) problems.push('WECHATPAY_APIV3_KEY or WECHATPAY_APIV3_KEY_FILE is required');
  else if (apiV3Key.length !== 32)
    problems.push(`WECHATPAY_APIV3_KEY must be the 32-character APIv3 key (got ${apiV3Key.length} bytes)`);

  const platformKeys = new Map<string, KeyObject>();
  if (env.WECHATPAY_PUBLIC_KEY_FILE || env.WECHATPAY_PUBLIC_KEY_ID) {
    const id = required(env, 'WECHATPAY_PUBLIC_KEY_ID', problems, /^PUB_KEY_ID_[0-9A-Za-z]+$/);
    const key = rsaKey(env, 'WECHATPAY_PUBLIC_KEY_FILE', 'public', problems);
    if (id && key) platformKeys.set(id, key);
  }
  for (const file of (env.WECHATPAY_PLATFORM_CERT_FILES ?? '').split(',').map((s) => s.trim())) {
    if (!file) continue;
    try {
      const cert = new X509Certificate(readFileSync(file));
      platformKeys.set(cert.serialNumber.toUpperCase(), cert.publicKey);
    } catch {
      problems.push(`WECHATPAY_PLATFORM_CERT_FILES: ${file} is not a readable X.509 certificate`);
    }
  }
  if (
    !env.WECHATPAY_PUBLIC_KEY_FILE &&
    !env.WECHATPAY_PUBLIC_KEY_ID &&
    !env.WECHATPAY_PLATFORM_CERT_FILES?.trim()
  )
    problems.push(
      'WeChat Pay needs the platform verification key: WECHATPAY_PUBLIC_KEY_FILE with WECHATPAY_PUBLIC_KEY_ID, or WECHATPAY_PLATFORM_CERT_FILES',
    );
  const baseUrl = httpsUrl(env, 'WECHATPAY_BASE_URL', 'https://api.mch.weixin.qq.com', production, problems);
  const notifyUrl = httpsUrl(env, 'WECHATPAY_NOTIFY_URL', undefined, production, problems);
  if (problems.length > before || !privateKey) return undefined;
  return {
    mchid,
    appid,
    merchantSerial: merchantSerial.toUpperCase(),
    privateKey,
    apiV3Key,
    platformKeys,
    baseUrl: baseUrl!,
    notifyUrl,
  };
}

function alipaySettings(env: Env, production: boolean, problems: string[]): AlipaySettings | undefined {
  const before = problems.length;
  const appId = required(env, 'ALIPAY_APP_ID', problems, /^\d{10,32}$/);
  const privateKey = rsaKey(env, 'ALIPAY_PRIVATE_KEY_FILE', 'private', problems);
  const alipayPublicKey = rsaKey(env, 'ALIPAY_PUBLIC_KEY_FILE', 'public', problems);
  const gateway = httpsUrl(
    env,
    'ALIPAY_GATEWAY',
    'https://openapi.alipay.com/gateway.do',
    production,
    problems,
  );
  const notifyUrl = httpsUrl(env, 'ALIPAY_NOTIFY_URL', undefined, production, problems);
  const sellerId = env.ALIPAY_SELLER_ID?.trim() || undefined;
  if (sellerId && !/^\d{16}$/.test(sellerId))
    problems.push('ALIPAY_SELLER_ID must be the 16-digit 2088... id');
  if (problems.length > before || !privateKey || !alipayPublicKey) return undefined;
  return { appId, privateKey, alipayPublicKey, gateway: gateway!, notifyUrl, sellerId };
}

/** Validates the enabled providers and loads the settings of the real ones (problems are appended). */
export function loadPaymentSettings(
  env: Env,
  providers: string[],
  production: boolean,
  problems: string[],
): PaymentSettings {
  const out: PaymentSettings = {};
  for (const p of providers)
    if (!(PROVIDER_NAMES as readonly string[]).includes(p))
      problems.push(
        `PAYMENT_PROVIDERS: unknown provider "${p}" (available: sandbox, wechat (wechatpay), alipay)`,
      );
  if (new Set(providers).size !== providers.length) problems.push('PAYMENT_PROVIDERS lists a provider twice');
  if (production && providers.includes('sandbox'))
    problems.push('production mode refuses the sandbox payment provider (PAYMENT_PROVIDERS)');
  if (providers.includes('wechat')) out.wechat = wechatSettings(env, production, problems);
  if (providers.includes('alipay')) out.alipay = alipaySettings(env, production, problems);
  return out;
}
