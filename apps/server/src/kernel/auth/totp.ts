/** TOTP (RFC 6238, SHA-1, 6 digits, 30 s) with replay protection through the last accepted time step. */
import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secretBase32: string, account: string, issuer = 'Unionhall'): string {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secretBase32) }).toString();
}

/** Current code; used by tests and the demo printer. */
export function totpCode(secretBase32: string, at: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secretBase32) }).generate({ timestamp: at.getTime() });
}

/**
 * Checks a code within one step of clock drift. Returns the matched time step, or null. A step at or
 * below `lastStep` is refused so a code cannot be used twice.
 */
export function checkTotp(secretBase32: string, code: string, at: Date, lastStep: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = new TOTP({ secret: Secret.fromBase32(secretBase32) });
  const delta = totp.validate({ token: code, timestamp: at.getTime(), window: 1 });
  if (delta === null) return null;
  const step = Math.floor(at.getTime() / 30_000) + delta;
  return step > lastStep ? step : null;
}

export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const raw = randomBytes(6).toString('hex');
    return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
  });
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.trim().toLowerCase()).digest('hex');
}
