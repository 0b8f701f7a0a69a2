/** Periodic clean-up of authentication state that has expired (run as a scheduled job). */
import type { Database } from '../db/pool.js';
import type { SessionPolicy } from './sessions.js';

export async function purgeExpiredAuthState(
  db: Database,
  now: Date,
  policy: SessionPolicy,
): Promise<{ sessions: number; throttles: number; tokens: number }> {
  const idleCutoff = new Date(now.getTime() - policy.idleMs);
  const s = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleCutoff)]))
    .executeTakeFirst();
  const t = await db
    .deleteFrom('auth_throttle')
    .where('window_start', '<', new Date(now.getTime() - 24 * 3_600_000))
    .executeTakeFirst();
  const o = await db
    .deleteFrom('one_time_tokens')
    .where('expires_at', '<', new Date(now.getTime() - 24 * 3_600_000))
    .executeTakeFirst();
  return {
    sessions: Number(s.numDeletedRows),
    throttles: Number(t.numDeletedRows),
    tokens: Number(o.numDeletedRows),
  };
}

/**
 * Retention backstop (privacy retention job): deletes sessions whose absolute expiry, or idle expiry
 * (`last_seen_at` + `idleMs`), lies before `cutoff`. The 15-minute housekeeping above normally removes
 * them at expiry already; this makes the retention period hold even when it has not run.
 * @returns how many rows were deleted
 */
export async function purgeSessionsExpiredBefore(
  db: Database,
  cutoff: Date,
  idleMs: number,
): Promise<number> {
  const r = await db
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([eb('expires_at', '<', cutoff), eb('last_seen_at', '<', new Date(cutoff.getTime() - idleMs))]),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * Retention (privacy retention job): deletes one-time tokens (account setup, password reset) that
 * expired, or were used, before `cutoff`.
 * @returns how many rows were deleted
 */
export async function purgeTokensSpentBefore(db: Database, cutoff: Date): Promise<number> {
  const r = await db
    .deleteFrom('one_time_tokens')
    .where((eb) => eb.or([eb('expires_at', '<', cutoff), eb('used_at', '<', cutoff)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
