/**
 * Server-side sessions: 256-bit random tokens, stored only as SHA-256 hashes, with idle and absolute
 * timeouts. The CSRF token is derived from the session token, so it needs no storage.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Database, type Prepared, runPrepared } from '../db/pool.js';
import type { CachedSession } from './auth-cache.js';

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

/** Is a session still usable at `now` (absolute and idle timeouts)? */
export function sessionLive(
  s: { expiresAt: Date; lastSeenAt: Date },
  now: Date,
  policy: SessionPolicy,
): boolean {
  return s.expiresAt > now && s.lastSeenAt.getTime() + policy.idleMs > now.getTime();
}

const LOAD_SESSION: Prepared = {
  name: 'auth_load_session',
  text: `SELECT s.id_hash, s.user_id, s.mfa_passed, s.reauth_at, s.last_seen_at, s.expires_at,
      u.username, u.display_name, u.org_id, u.status, u.mfa_enabled,
      EXISTS (SELECT 1 FROM grants g WHERE g.user_id = u.id) AS is_officer
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id_hash = $1`,
};

type SessionRow = {
  id_hash: string;
  user_id: string;
  mfa_passed: boolean;
  reauth_at: Date | null;
  last_seen_at: Date;
  expires_at: Date;
  username: string;
  display_name: string;
  org_id: string;
  status: CachedSession['status'];
  mfa_enabled: boolean;
  is_officer: boolean;
};

/**
 * One round trip: the session with its account and whether the account holds any grant. Every
 * request whose session is not in the process cache runs it, so it is a prepared statement.
 */
export async function loadSessionWithUser(db: Database, idHash: string): Promise<CachedSession | null> {
  const [row] = await runPrepared<SessionRow>(db, LOAD_SESSION, [idHash]);
  if (!row) return null;
  return {
    idHash: row.id_hash,
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    orgId: row.org_id,
    status: row.status,
    mfaEnabled: row.mfa_enabled,
    isOfficer: row.is_officer,
    mfaPassed: row.mfa_passed,
    reauthAt: row.reauth_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  };
}

/** Moves the idle clock forward (called at most once a minute per session). */
export async function touchSession(db: Database, idHash: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
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
