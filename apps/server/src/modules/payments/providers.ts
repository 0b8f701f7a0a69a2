/**
 * The enabled payment providers (config.paymentProviders): the sandbox (development and tests), WeChat
 * Pay API v3 (wechatpay.ts) and Alipay (alipay.ts), the latter two with the settings validated at start
 * (payment-config.ts).
 */
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { AlipayProvider } from './alipay.js';
import type { PaymentProvider } from './provider.js';
import { SandboxProvider } from './sandbox.js';
import { WechatPayProvider } from './wechatpay.js';

/** @throws AppError not_found when the provider is not enabled. */
export function providerFor(deps: Deps, name: string): PaymentProvider {
  if (!deps.config.paymentProviders.includes(name)) throw new AppError('not_found');
  const { wechat, alipay } = deps.config.payments;
  if (name === 'sandbox') return new SandboxProvider(deps);
  if (name === 'wechat' && wechat)
    return new WechatPayProvider(wechat, () => deps.clock.now(), notifyUrl(deps, name));
  if (name === 'alipay' && alipay) return new AlipayProvider(alipay, () => deps.clock.now());
  throw new AppError('not_found');
}

/** The sandbox, only when enabled (development and tests). @throws AppError not_found */
export function sandboxProvider(deps: Deps): SandboxProvider {
  const p = providerFor(deps, 'sandbox');
  return p as SandboxProvider;
}

/** The provider new orders go to. @throws AppError payment.unavailable when none is enabled. */
export function defaultProvider(deps: Deps): PaymentProvider {
  const name = deps.config.paymentProviders[0];
  if (!name) throw new AppError('payment.unavailable');
  return providerFor(deps, name);
}

/** Where `provider` POSTs its notifications: the configured URL, else this server's notify route. */
export function notifyUrl(deps: Deps, provider: string): string {
  const configured =
    provider === 'wechat'
      ? deps.config.payments.wechat?.notifyUrl
      : provider === 'alipay'
        ? deps.config.payments.alipay?.notifyUrl
        : undefined;
  return configured ?? `${deps.config.publicOrigin}/api/payments/notify/${provider}`;
}
