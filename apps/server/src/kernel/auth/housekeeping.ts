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
