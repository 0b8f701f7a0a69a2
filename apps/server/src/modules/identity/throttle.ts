/**
 * Login throttling shared by every server process (counters in PostgreSQL). Limits apply per address,
 * per account and address, and per account; the per-account limit is waived for a browser that holds
 * a device cookie from an earlier successful login of that account, so an attacker hammering an
 * account from many addresses cannot lock its real owner out.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../../kernel/db/pool.js';
import { AppError } from '../../kernel/http/errors.js';
import { identityRepo } from './identity.repo.js';

export const WINDOW_MS = 15 * 60_000;
export const LIMITS = { ip: 50, accountIp: 5, account: 20, mfa: 5 } as const;

export type ThrottleKeys = { ip: string; accountIp: string; account: string };

export function throttleKeys(username: string, ip: string): ThrottleKeys {
  const u = username.toLowerCase();
  return { ip: `ip:${ip}`, accountIp: `acct-ip:${u}:${ip}`, account: `acct:${u}` };
}

async function check(db: Database, key: string, limit: number, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - WINDOW_MS);
  const { failures, since } = await identityRepo(db).throttleFailures(key, windowStart);
  if (failures >= limit && since) {
    const retryAfterSeconds = Math.max(1, Math.ceil((since.getTime() + WINDOW_MS - now.getTime()) / 1000));
    throw new AppError('auth.rate_limited', { retryAfterSeconds });
  }
}

/** @throws AppError auth.rate_limited with retryAfterSeconds. */
export async function assertLoginAllowed(
  db: Database,
  keys: ThrottleKeys,
  now: Date,
  trustedDevice: boolean,
) {
  await check(db, keys.ip, LIMITS.ip, now);
  await check(db, keys.accountIp, LIMITS.accountIp, now);
  if (!trustedDevice) await check(db, keys.account, LIMITS.account, now);
}

export async function recordLoginFailure(db: Database, keys: ThrottleKeys, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - WINDOW_MS);
  const repo = identityRepo(db);
  for (const key of [keys.ip, keys.accountIp, keys.account])
    await repo.recordThrottleFailure(key, now, windowStart);
}

export async function clearLoginFailures(db: Database, keys: ThrottleKeys): Promise<void> {
  await identityRepo(db).clearThrottle(keys.accountIp);
}

/** MFA code attempts per user. */
export async function assertMfaAttemptAllowed(db: Database, userId: string, now: Date) {
  await check(db, `mfa:${userId}`, LIMITS.mfa, now);
}
export async function recordMfaFailure(db: Database, userId: string, now: Date) {
  await identityRepo(db).recordThrottleFailure(`mfa:${userId}`, now, new Date(now.getTime() - WINDOW_MS));
}

/** Device cookie value: nonce.HMAC(key, userId.nonce). */
export function issueDeviceToken(key: Buffer, userId: string): string {
  const nonce = randomBytes(12).toString('base64url');
  return `${nonce}.${createHmac('sha256', key).update(`device:${userId}.${nonce}`).digest('base64url')}`;
}

export function deviceTokenValid(key: Buffer, userId: string, token: string | undefined): boolean {
  if (!token) return false;
  const [nonce, mac] = token.split('.');
  if (!nonce || !mac) return false;
  const expected = Buffer.from(
    createHmac('sha256', key).update(`device:${userId}.${nonce}`).digest('base64url'),
  );
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
