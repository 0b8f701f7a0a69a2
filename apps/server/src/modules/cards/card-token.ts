/**
 * The e-member card's QR token: base64url(JSON {v, c: card id, j: token id, e: expiry seconds}) "."
 * base64url(HMAC-SHA256). HMAC rather than a signature because only this server issues and checks
 * tokens; the key is derived (HKDF) from the key ring's keyed-index key, so it is never stored.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

export type CardClaims = { v: 1; c: string; j: string; e: number };

export function tokenKey(ringKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', ringKey, 'unionhall', 'unionhall:card-token:v1', 32));
}

export function issueToken(key: Buffer, cardId: string, expiresAt: Date): string {
  const claims: CardClaims = {
    v: 1,
    c: cardId,
    j: randomBytes(9).toString('base64url'),
    e: Math.floor(expiresAt.getTime() / 1000),
  };
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}

/** The claims of an authentic token (expired or not); undefined when malformed or tampered with. */
export function readToken(key: Buffer, token: string): CardClaims | undefined {
  const m = /^([A-Za-z0-9_-]{10,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return undefined;
  const expected = createHmac('sha256', key).update(m[1]!).digest();
  const given = Buffer.from(m[2]!, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const c = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as CardClaims;
    if (c.v !== 1 || typeof c.c !== 'string' || typeof c.j !== 'string' || !Number.isInteger(c.e))
      return undefined;
    return c;
  } catch {
    return undefined;
  }
}
