/**
 * One-click unsubscribe tokens: `<key>.<signature>`, where key is the member's random unsubscribe key
 * (notification_prefs.unsubscribe_key) and the signature an HMAC under a key derived from the key ring.
 * The token carries no personal data; the signature lets forged tokens be refused without a lookup.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyRing } from '../crypto/keyring.js';

export function newUnsubscribeKey(): string {
  return randomBytes(16).toString('base64url');
}

function signature(ring: KeyRing, key: string): string {
  const k = createHmac('sha256', ring.blindIndexKey()).update('unsubscribe-v1').digest();
  return createHmac('sha256', k).update(key).digest().subarray(0, 16).toString('base64url');
}

export function unsubscribeToken(ring: KeyRing, key: string): string {
  return `${key}.${signature(ring, key)}`;
}

/** @returns the unsubscribe key of a well-signed token, else null. */
export function verifyUnsubscribeToken(ring: KeyRing, token: string): string | null {
  const m = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) return null;
  const expected = Buffer.from(signature(ring, m[1]!));
  const given = Buffer.from(m[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? m[1]! : null;
}
