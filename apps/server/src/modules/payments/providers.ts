/** The enabled payment providers (config.paymentProviders); only the sandbox ships in this version. */
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import type { PaymentProvider } from './provider.js';
import { SandboxProvider } from './sandbox.js';

/** @throws AppError not_found when the provider is not enabled. */
export function providerFor(deps: Deps, name: string): PaymentProvider {
  if (!deps.config.paymentProviders.includes(name)) throw new AppError('not_found');
  if (name === 'sandbox') return new SandboxProvider(deps);
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

export function notifyUrl(deps: Deps, provider: string): string {
  return `${deps.config.publicOrigin}/api/payments/notify/${provider}`;
}
