/**
 * Notification digests. Members who chose a daily or weekly digest (notification_prefs.digest) get no
 * mail per non-urgent notification (send() and the fan-out skip it); instead the `comms-digest`
 * schedule queues one `notification_digest` mail listing their unread non-urgent notifications since
 * the last digest. A daily digest goes out once per local calendar day, a weekly one once per local
 * ISO week, both from DIGEST_HOUR local time on (a missed run catches up on the next one). The mail
 * goes through the normal outbox: encrypted, retried, quiet hours and one-click unsubscribe kept.
 */
import type { Deps } from '../deps.js';
import { notifyRepo } from './notify.repo.js';
import { afterQuietHours } from './quiet-hours.js';
import { type Locale, templateOf } from './templates.js';
import { unsubscribeToken } from './unsubscribe.js';

export const DIGEST_HOUR = 8;
/** Items listed in one digest; the count covers all of them. */
const MAX_ITEMS = 20;
const DAY = 86_400_000;

/** Local calendar parts of `at` in `timeZone` (falls back to Asia/Shanghai for unknown names). */
function localParts(at: Date, timeZone: string) {
  let f: Intl.DateTimeFormat;
  try {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
  } catch {
    return localParts(at, 'Asia/Shanghai');
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  const y = Number(p.year);
  const m = Number(p.month);
  const d = Number(p.day);
  const dayNumber = Math.floor(Date.UTC(y, m - 1, d) / DAY);
  // ISO week: Monday-based, counted in days since the epoch (a Thursday): (dayNumber + 3) / 7
  return { hour: Number(p.hour), day: dayNumber, week: Math.floor((dayNumber + 3) / 7) };
}

/** Whether a digest of kind `digest` is due at `now` for a member last sent one at `lastSent`. */
export function digestDue(
  now: Date,
  p: { digest: 'off' | 'daily' | 'weekly'; lastSent: Date | null; timeZone: string },
): boolean {
  if (p.digest === 'off') return false;
  const here = localParts(now, p.timeZone);
  if (here.hour < DIGEST_HOUR) return false;
  if (!p.lastSent) return true;
  const then = localParts(p.lastSent, p.timeZone);
  return p.digest === 'daily' ? here.day > then.day : here.week > then.week;
}

/** Queues every due digest (job `comms-digest`). @returns how many digest mails were queued. */
export async function queueDigests(deps: Deps): Promise<number> {
  const repo = notifyRepo(deps.db);
  const now = deps.clock.now();
  let queued = 0;
  for (const m of await repo.digestCandidates()) {
    const digest = m.digest as 'daily' | 'weekly';
    if (!digestDue(now, { digest, lastSent: m.digest_sent_at, timeZone: m.time_zone })) continue;
    const since = m.digest_sent_at ?? new Date(now.getTime() - (digest === 'daily' ? DAY : 7 * DAY));
    const items = (await repo.unreadSince(m.id, since, 500)).filter((n) => {
      const t = templateOf(n.template);
      return !t.essential && !m.muted_categories.includes(n.category) && n.category !== 'digest';
    });
    const locale: Locale = m.locale === 'en' ? 'en' : 'zh-CN';
    await deps.db.transaction().execute(async (trx) => {
      const r = notifyRepo(trx);
      if (items.length > 0 && m.email) {
        const lines = items.slice(0, MAX_ITEMS).map((n) => `• ${n.title}`);
        if (items.length > MAX_ITEMS)
          lines.push(
            locale === 'en'
              ? `… and ${items.length - MAX_ITEMS} more`
              : `……另有 ${items.length - MAX_ITEMS} 条`,
          );
        const params = {
          period: locale === 'en' ? digest : digest === 'daily' ? '每日' : '每周',
          count: items.length,
          items: lines.join('\n'),
          link: `${deps.config.publicOrigin}/notifications`,
          unsubscribeToken: unsubscribeToken(deps.ring, m.unsubscribe_key),
        };
        await r.insertDelivery({
          user_id: m.id,
          org_id: m.org_id,
          channel: 'email',
          template: 'notification_digest',
          locale,
          recipient_enc: deps.cipher.encrypt('notification_deliveries.recipient', m.email),
          params_enc: deps.cipher.encrypt('notification_deliveries.params', JSON.stringify(params)),
          next_attempt_at: afterQuietHours(now, {
            start: m.quiet_start,
            end: m.quiet_end,
            timeZone: m.time_zone,
          }),
          created_at: now,
        });
        queued++;
      }
      await r.markDigestSent(m.id, now);
    });
  }
  return queued;
}
