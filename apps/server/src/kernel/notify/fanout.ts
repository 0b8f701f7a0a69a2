/**
 * Set-based fan-out: one notification to a batch of accounts in a handful of statements, whatever the
 * batch size. Templates are rendered once per language and chosen per member in SQL; quiet-hours
 * release times are computed once per distinct window (JS, the same rule as send()) and joined in;
 * the e-mail rows of a broadcast share one encrypted params row and read each member's address when
 * they are delivered. Socket pushes go out as batched envelopes (publishToUsers).
 */
import type { Deps } from '../deps.js';
import { publishToUsers } from '../pubsub/index.js';
import { fanoutRepo, type QuietRelease } from './fanout.repo.js';
import type { BulkNotification } from './notifier.js';
import { afterQuietHours } from './quiet-hours.js';
import { render, templateOf } from './templates.js';
import { newUnsubscribeKey } from './unsubscribe.js';

/** Templates whose params carry secrets (links with tokens) never go to the in-app centre. */
export const NO_IN_APP = new Set(['password_reset', 'member_account_invite']);

/** The in-app body: the link is shown as a link by the centre, not repeated in the text. */
export function inAppBody(body: string, link: string | null): string {
  return link ? body.replace(link, '').trim() : body;
}

export function linkOf(params: Record<string, string | number>): string | null {
  return typeof params.link === 'string' && params.link.startsWith('/') ? params.link : null;
}

export type FanOutResult = { inApp: number; emails: number };

/** @returns how many in-app rows and e-mail deliveries were queued for `userIds`. */
export async function fanOut(deps: Deps, userIds: string[], n: BulkNotification): Promise<FanOutResult> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return { inApp: 0, emails: 0 };
  const tpl = templateOf(n.template);
  const now = deps.clock.now();
  const params = { ...n.params };
  const link = linkOf(params);

  await fanoutRepo(deps.db).ensurePrefs(
    ids,
    ids.map(() => newUnsubscribeKey()),
  );
  const quiet: QuietRelease[] = [];
  if (!tpl.essential)
    for (const w of await fanoutRepo(deps.db).quietWindows(ids)) {
      const at = afterQuietHours(now, { start: w.quiet_start, end: w.quiet_end, timeZone: w.time_zone });
      if (at.getTime() !== now.getTime())
        quiet.push({ start: w.quiet_start!, end: w.quiet_end!, timeZone: w.time_zone, at });
    }

  const result = await deps.db.transaction().execute(async (trx) => {
    const repo = fanoutRepo(trx);
    let got: string[] = [];
    if (!NO_IN_APP.has(n.template)) {
      const zh = render(n.template, 'zh-CN', params);
      const en = render(n.template, 'en', params);
      got = await repo.insertNotifications(ids, {
        template: n.template,
        category: tpl.category,
        title: { zh: zh.subject, en: en.subject },
        body: { zh: inAppBody(zh.body, link), en: inAppBody(en.body, link) },
        link,
        at: now,
      });
    }
    let emails = 0;
    if (tpl.channels.includes('email')) {
      const { id } = await repo.insertBroadcast({
        template: n.template,
        params_enc: deps.cipher.encrypt('notification_broadcasts.params', JSON.stringify(params)),
        created_at: now,
      });
      emails = await repo.insertEmailDeliveries(ids, {
        broadcastId: id,
        template: n.template,
        category: tpl.category,
        essential: tpl.essential,
        at: now,
        quiet,
      });
    }
    return { got, emails };
  });
  await publishToUsers(deps.pubsub, result.got, { type: 'notification' }).catch(() => undefined);
  return { inApp: result.got.length, emails: result.emails };
}
