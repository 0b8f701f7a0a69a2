/**
 * Only the sandbox is enabled by default (development, test); production refuses it and may select
 * WeChat Pay (`wechat` / `wechatpay`) or Alipay, whose settings are validated at start.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { FakeAlipay, FakeWechatPay } from './platform-fakes.test.js';
import { WechatPayProvider } from './wechatpay.js';
import { notificationBody, signNotification } from './wechatpay-v3.js';

const prod = {
  NODE_ENV: 'production',
  UNIONHALL_MASTER_KEY: '11'.repeat(32),
  PUBLIC_ORIGIN: 'https://union.example.org',
};

describe('payment provider configuration', () => {
  it('enables the sandbox by default outside production, and nothing in production', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).paymentProviders).toEqual(['sandbox']);
    expect(loadConfig({ NODE_ENV: 'test' }).paymentProviders).toEqual(['sandbox']);
    expect(loadConfig(prod).paymentProviders).toEqual([]);
  });

  it('refuses the sandbox and unknown providers in production', () => {
    expect(() => loadConfig({ ...prod, PAYMENT_PROVIDERS: 'sandbox' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...prod, PAYMENT_PROVIDERS: 'sandbox' })).toThrow(/refuses the sandbox/);
    expect(() => loadConfig({ NODE_ENV: 'development', PAYMENT_PROVIDERS: 'paypal' })).toThrow(
      /unknown provider/,
    );
  });

  it('lists every missing WeChat Pay and Alipay setting at once', () => {
    let problems: string[] = [];
    try {
      loadConfig({ ...prod, PAYMENT_PROVIDERS: 'wechatpay,alipay' });
    } catch (e) {
      problems = (e as ConfigError).problems;
    }
    for (const name of [
      'WECHATPAY_MCHID',
      'WECHATPAY_APPID',
      'WECHATPAY_MERCHANT_SERIAL',
      'WECHATPAY_PRIVATE_KEY_FILE',
      'WECHATPAY_APIV3_KEY',
      'ALIPAY_APP_ID',
      'ALIPAY_PRIVATE_KEY_FILE',
      'ALIPAY_PUBLIC_KEY_FILE',
    ])
      expect(problems.join('\n')).toContain(name);
  });

  it('accepts real providers in production, with https endpoints and readable keys', () => {
    const wx = new FakeWechatPay(() => new Date());
    const ali = new FakeAlipay(() => new Date());
    const env: Record<string, string> = {
      ...prod,
      ...wechatEnv(wx),
      ...alipayEnv(ali),
      PAYMENT_PROVIDERS: 'wechatpay,alipay',
    };
    const c = loadConfig(env);
    expect(c.paymentProviders).toEqual(['wechat', 'alipay']);
    expect(c.payments.wechat).toMatchObject({ mchid: wx.mchid, baseUrl: 'https://api.mch.weixin.qq.com' });
    expect(c.payments.wechat!.platformKeys.has(wx.platformKeyId)).toBe(true);
    expect(c.payments.alipay).toMatchObject({
      appId: ali.appId,
      gateway: 'https://openapi.alipay.com/gateway.do',
    });
    // still no sandbox next to them, no plain http endpoint, no short APIv3 key, no unreadable key
    expect(() => loadConfig({ ...env, PAYMENT_PROVIDERS: 'wechat,sandbox' })).toThrow(/refuses the sandbox/);
    expect(() => loadConfig({ ...env, WECHATPAY_BASE_URL: 'http://127.0.0.1:1' })).toThrow(
      /WECHATPAY_BASE_URL must use https/,
    );
    expect(() => loadConfig({ ...env, WECHATPAY_APIV3_KEY: 'short' })).toThrow(/32-character APIv3 key/);
    expect(() => loadConfig({ ...env, ALIPAY_PUBLIC_KEY_FILE: '/nonexistent/key.pem' })).toThrow(
      /ALIPAY_PUBLIC_KEY_FILE cannot be read/,
    );
    expect(() => loadConfig({ ...env, WECHATPAY_PUBLIC_KEY_FILE: env.ALIPAY_PRIVATE_KEY_FILE })).toThrow(
      /WECHATPAY_PUBLIC_KEY_FILE is not a readable RSA public key/,
    );
  });
});

describe('WeChat Pay platform certificates', () => {
  it('takes the verification key and serial from a platform certificate (certificate mode)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'uh-wxcert-'));
    const serial = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
    // biome-ignore format: one openssl call
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${dir}/k.pem`, '-out', `${dir}/c.pem`, '-subj', '/CN=Tenpay.com Root CA', '-days', '1', '-set_serial', `0x${serial}`], { stdio: 'ignore' });
    const wx = new FakeWechatPay(() => new Date());
    const { WECHATPAY_PUBLIC_KEY_ID: _id, WECHATPAY_PUBLIC_KEY_FILE: _file, ...files } = wx.envFiles();
    const c = loadConfig({
      NODE_ENV: 'test',
      PAYMENT_PROVIDERS: 'wechat',
      ...files,
      WECHATPAY_PLATFORM_CERT_FILES: `${dir}/c.pem`,
    });
    expect([...c.payments.wechat!.platformKeys.keys()]).toEqual([serial]);
    const provider = new WechatPayProvider(c.payments.wechat!, () => new Date(), 'https://x.example/n');
    const now = new Date();
    const resource = {
      out_trade_no: 'UH20260101ABCDEF',
      transaction_id: '4200000001',
      trade_state: 'SUCCESS',
      amount: { total: 100 },
    };
    const body = notificationBody(wx.apiV3Key, 'TRANSACTION.SUCCESS', resource, now);
    const key = createPrivateKey(readFileSync(`${dir}/k.pem`));
    const n = await provider.verifyNotification(
      { headers: signNotification(key, serial, body, now), body },
      now,
    );
    expect(n).toMatchObject({ kind: 'transaction', txn: { totalFen: 100, tradeState: 'SUCCESS' } });
    expect(() =>
      loadConfig({
        NODE_ENV: 'test',
        PAYMENT_PROVIDERS: 'wechat',
        ...files,
        WECHATPAY_PLATFORM_CERT_FILES: `${dir}/k.pem`,
      }),
    ).toThrow(/not a readable X.509 certificate/);
    expect(() => loadConfig({ NODE_ENV: 'test', PAYMENT_PROVIDERS: 'wechat', ...files })).toThrow(
      /needs the platform verification key/,
    );
  });
});

/** The fakes' keys and ids, with the official endpoints (nothing is called here). */
const wechatEnv = (wx: FakeWechatPay) => wx.envFiles();
const alipayEnv = (ali: FakeAlipay) => ali.envFiles();
