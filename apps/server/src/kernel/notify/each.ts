/**
 * Set-based notifications whose params differ per recipient (a tracking code per voter), written
 * in the caller's transaction. For each item the same rows as send() for an account: preferences
 * ensured, the in-app row rendered in the recipient's language (unless NO_IN_APP), and an e-mail
 * outbox row with its own encrypted address and params (plus the unsubscribe token for
 * non-essential mail), honouring e-mail off, unsubscribe, muted categories, digest and quiet hours
 * exactly as send() does. Two statements per call whatever its size (ensureRecipients,
 * insertEach; a third only when a concurrent transaction created a preference row meanwhile).
 * The pushes (`user:<id>`, as send()) are left to the caller for after the commit.
 */
import type { Database } from '../db/pool.js';
import type { Deps } from '../deps.js';
import { inAppBody, linkOf, NO_IN_APP } from './fanout.js';
import { type EachRows, fanoutRepo, type RecipientPrefs } from './fanout.repo.js';
import type { EachNotification } from './notifier.js';
import { afterQuietHours } from './quiet-hours.js';
import { type Locale, render, templateOf } from './templates.js';
import { newUnsubscribeKey, unsubscribeToken } from './unsubscribe.js';

export type QueuedEach = {
  /** The in-app rows written, for the `user:<id>` pushes after the commit. */
  inApp: Array<{ id: string; userId: string; title: string }>;
  /** E-mail outbox rows written. */
  emails: number;
};

/** Queues `items` through `db` (pass the caller's transaction). Unknown accounts get nothing. */
export async function queueEach(
  deps: Pick<Deps, 'clock' | 'cipher' | 'ring'>,
  db: Database,
  items: EachNotification[],
): Promise<QueuedEach> {
  if (items.length === 0) return { inApp: [], emails: 0 };
  const repo = fanoutRepo(db);
  const now = deps.clock.now();
  const ids = [...new Set(items.map((i) => i.userId))].sort();
  const found = await repo.ensureRecipients(
    ids,
    ids.map(() => newUnsubscribeKey()),
  );
  const missing = found.filter((r) => r.locale === null).map((r) => r.id);
  const late = new Map(missing.length ? (await repo.prefsOf(missing)).map((p) => [p.user_id, p]) : []);
  const people = new Map<string, RecipientPrefs>();
  for (const r of found) {
    const p = r.locale === null ? late.get(r.id) : r;
    if (p) people.set(r.id, { ...p, id: r.id, email: r.email, org_id: r.org_id } as RecipientPrefs);
  }

  const rows: EachRows = {
    inApp: { userId: [], template: [], category: [], title: [], body: [], link: [] },
    email: { userId: [], orgId: [], template: [], locale: [], recipient: [], params: [], notBefore: [] },
    at: now,
  };
  for (const n of items) {
    const who = people.get(n.userId);
    if (!who) continue;
    const tpl = templateOf(n.template);
    const locale: Locale = who.locale;
    const params = { ...n.params };
    if (!NO_IN_APP.has(n.template)) {
      const text = render(n.template, locale, params);
      const link = linkOf(params);
      rows.inApp.userId.push(who.id);
      rows.inApp.template.push(n.template);
      rows.inApp.category.push(tpl.category);
      rows.inApp.title.push(text.subject);
      rows.inApp.body.push(inAppBody(text.body, link));
      rows.inApp.link.push(link);
    }
    const wanted =
      tpl.essential ||
      (!who.muted_categories.includes(tpl.category) &&
        who.email_enabled &&
        !who.unsubscribed_at &&
        who.digest === 'off');
    if (!who.email || !tpl.channels.includes('email') || !wanted) continue;
    const extra: Record<string, string> = {};
    if (!tpl.essential) extra.unsubscribeToken = unsubscribeToken(deps.ring, who.unsubscribe_key);
    rows.email.userId.push(who.id);
    rows.email.orgId.push(who.org_id);
    rows.email.template.push(n.template);
    rows.email.locale.push(locale);
    rows.email.recipient.push(deps.cipher.encrypt('notification_deliveries.recipient', who.email));
    rows.email.params.push(
      deps.cipher.encrypt('notification_deliveries.params', JSON.stringify({ ...params, ...extra })),
    );
    rows.email.notBefore.push(
      tpl.essential
        ? now
        : afterQuietHours(now, { start: who.quiet_start, end: who.quiet_end, timeZone: who.time_zone }),
    );
  }
  if (rows.inApp.userId.length === 0 && rows.email.userId.length === 0) return { inApp: [], emails: 0 };
  const written = await repo.insertEach(rows);
  return {
    inApp: written.map((r) => ({ id: r.id, userId: r.user_id, title: r.title })),
    emails: rows.email.userId.length,
  };
}
