/**
 * Server-side sessions: 256-bit random tokens, stored only as SHA-256 hashes, with idle and absolute
 * timeouts. The CSRF token is derived from the session token, so it needs no storage.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/pool.js';

export const SESSION_COOKIE = '__Host-uh_session';
export const CSRF_COOKIE = '__Host-uh_csrf';
export const DEVICE_COOKIE = '__Host-uh_device';
export const REAUTH_WINDOW_MS = 5 * 60_000;

export type SessionPolicy = { idleMs: number; absoluteMs: number };

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');
}

export function csrfMatches(sessionToken: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Creates a session and returns its token (the only time the token exists in clear). */
export async function createSession(
  db: Database,
  input: {
    userId: string;
    mfaPassed: boolean;
    ip: string;
    userAgent: string | undefined;
    now: Date;
    policy: SessionPolicy;
  },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({
      id_hash: hashToken(token),
      user_id: input.userId,
      created_at: input.now,
      last_seen_at: input.now,
      expires_at: new Date(input.now.getTime() + input.policy.absoluteMs),
      mfa_passed: input.mfaPassed,
      reauth_at: input.now,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return token;
}

export type SessionRow = {
  idHash: string;
  userId: string;
  mfaPassed: boolean;
  reauthAt: Date | null;
  createdAt: Date;
};

/**
 * Looks a token up; expired (idle or absolute) sessions are deleted and treated as absent. The idle
 * clock is refreshed at most once a minute to keep reads cheap.
 */
export async function findSession(
  db: Database,
  token: string,
  now: Date,
  policy: SessionPolicy,
): Promise<SessionRow | null> {
  const idHash = hashToken(token);
  const row = await db
    .selectFrom('sessions')
    .select(['id_hash', 'user_id', 'mfa_passed', 'reauth_at', 'created_at', 'last_seen_at', 'expires_at'])
    .where('id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row) return null;
  if (row.expires_at <= now || row.last_seen_at.getTime() + policy.idleMs <= now.getTime()) {
    await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    return null;
  }
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
  }
  return {
    idHash,
    userId: row.user_id,
    mfaPassed: row.mfa_passed,
    reauthAt: row.reauth_at,
    createdAt: row.created_at,
  };
}

export async function revokeSession(db: Database, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Revokes every session of a user, optionally keeping one (the caller's own after a password change). */
export async function revokeUserSessions(db: Database, userId: string, keepIdHash?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepIdHash) q = q.where('id_hash', '<>', keepIdHash);
  await q.execute();
}

export async function markReauthenticated(db: Database, idHash: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ reauth_at: now }).where('id_hash', '=', idHash).execute();
}

export async function markMfaPassed(db: Database, idHash: string): Promise<void> {
  await db.updateTable('sessions').set({ mfa_passed: true }).where('id_hash', '=', idHash).execute();
}
