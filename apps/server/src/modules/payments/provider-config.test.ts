/** Only the sandbox is enabled by default (development, test); production refuses it. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';

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
});
