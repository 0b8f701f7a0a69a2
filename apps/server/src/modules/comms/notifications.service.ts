/**
 * The notification centre (the caller's own notifications and preferences), the public one-click
 * unsubscribe, and the officers' view of failed deliveries in their scope. The sending side lives in
 * kernel/notify (NotificationService), which every module reaches through deps.notifier.
 */
import { sql } from 'kysely';
import { inScope, requireAccess, requirePermissionSomewhere } from '../../kernel/auth/access.js';
import type { Actor } from '../../kernel/auth/actor.js';
import { recordAudit, recordAuditStandalone } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { notifyRepo } from '../../kernel/notify/notify.repo.js';
import { isValidTimeZone } from '../../kernel/notify/quiet-hours.js';
import { newUnsubscribeKey, verifyUnsubscribeToken } from '../../kernel/notify/unsubscribe.js';
import type { PrefsBody } from './notifications.schemas.js';

export async function listMyNotifications(
  deps: Deps,
  actor: Actor,
  opts: { before?: string | undefined; limit?: number | undefined; unread?: boolean | undefined },
) {
  const repo = notifyRepo(deps.db);
  let before: { at: Date; id: string } | undefined;
  if (opts.before) {
    const b = await repo.notificationOf(actor.userId, opts.before);
    if (!b) throw new AppError('not_found');
    before = { at: b.created_at, id: b.id };
  }
  const rows = await repo.listNotifications(actor.userId, {
    limit: Math.min(opts.limit ?? 20, 100),
    unreadOnly: opts.unread === true,
    ...(before ? { before } : {}),
  });
  return {
    items: rows.map((r) => ({
      id: r.id,
      template: r.template,
      category: r.category,
      title: r.title,
      body: r.body,
      link: r.link,
      createdAt: r.created_at.toISOString(),
      readAt: r.read_at ? r.read_at.toISOString() : null,
    })),
    unread: await repo.unreadCount(actor.userId),
  };
}

export function unreadCount(deps: Deps, actor: Pick<Actor, 'userId'>): Promise<number> {
  return notifyRepo(deps.db).unreadCount(actor.userId);
}

/** Marks the caller's notifications read (ids that are not the caller's are silently skipped). */
export async function markMyNotificationsRead(deps: Deps, actor: Actor, ids: string[] | 'all') {
  await notifyRepo(deps.db).markRead(actor.userId, ids, deps.clock.now());
  const unread = await notifyRepo(deps.db).unreadCount(actor.userId);
  await deps.pubsub
    .publish(`user:${actor.userId}`, { type: 'unread_changed', unread })
    .catch(() => undefined);
  return { unread };
}

const DEFAULT_PREFS = {
  locale: 'zh-CN' as const,
  email_enabled: true,
  sms_enabled: false,
  muted_categories: [] as string[],
  quiet_start: null,
  quiet_end: null,
  time_zone: 'Asia/Shanghai',
  unsubscribed_at: null,
  digest: 'off' as const,
};

function presentPrefs(
  p: Pick<
    NonNullable<Awaited<ReturnType<ReturnType<typeof notifyRepo>['prefsOf']>>>,
    keyof typeof DEFAULT_PREFS
  >,
) {
  return {
    locale: p.locale,
    emailEnabled: p.email_enabled,
    smsEnabled: p.sms_enabled,
    mutedCategories: p.muted_categories,
    quietStart: p.quiet_start,
    quietEnd: p.quiet_end,
    timeZone: p.time_zone,
    unsubscribed: p.unsubscribed_at !== null,
    digest: p.digest,
  };
}

/** The caller's preferences (defaults until first saved or first notified; a read never writes). */
export async function getMyPrefs(deps: Deps, actor: Actor) {
  return presentPrefs((await notifyRepo(deps.db).prefsOf(actor.userId)) ?? DEFAULT_PREFS);
}

/** @throws AppError validation_failed for an unknown time zone or half a quiet window. */
export async function updateMyPrefs(deps: Deps, actor: Actor, body: PrefsBody) {
  if (body.timeZone !== undefined && !isValidTimeZone(body.timeZone))
    throw new AppError('validation_failed', { field: 'timeZone' });
  if ((body.quietStart === null) !== (body.quietEnd === null) && body.quietStart !== undefined)
    throw new AppError('validation_failed', { field: 'quietEnd' });
  const repo = notifyRepo(deps.db);
  const current = await repo.ensurePrefs(actor.userId, newUnsubscribeKey());
  await repo.updatePrefs(actor.userId, {
    ...(body.digest !== undefined ? { digest: body.digest } : {}),
    // a digest newly chosen starts now: the first one comes the next local day/week
    ...(body.digest !== undefined && body.digest !== 'off' && current.digest === 'off'
      ? { digest_sent_at: deps.clock.now() }
      : {}),
    ...(body.locale !== undefined ? { locale: body.locale } : {}),
    ...(body.emailEnabled !== undefined ? { email_enabled: body.emailEnabled } : {}),
    ...(body.smsEnabled !== undefined ? { sms_enabled: body.smsEnabled } : {}),
    ...(body.mutedCategories !== undefined ? { muted_categories: [...new Set(body.mutedCategories)] } : {}),
    ...(body.quietStart !== undefined
      ? { quiet_start: body.quietStart, quiet_end: body.quietEnd ?? null }
      : {}),
    ...(body.timeZone !== undefined ? { time_zone: body.timeZone } : {}),
    // turning e-mail back on also lifts an earlier one-click unsubscribe
    ...(body.emailEnabled === true ? { unsubscribed_at: null } : {}),
    updated_at: deps.clock.now(),
  });
  return getMyPrefs(deps, actor);
}

/**
 * One-click unsubscribe from non-essential mail (no sign-in: the signed token is the authority).
 * Idempotent; answers the same for unknown and repeated tokens so tokens cannot be probed.
 * @throws AppError auth.invalid_token for a malformed or forged token.
 */
export async function unsubscribeByToken(deps: Deps, token: string, ip: string): Promise<void> {
  const key = verifyUnsubscribeToken(deps.ring, token);
  if (!key) throw new AppError('auth.invalid_token');
  const repo = notifyRepo(deps.db);
  const p = await repo.prefsByUnsubscribeKey(key);
  if (!p || p.unsubscribed_at) return;
  await repo.updatePrefs(p.user_id, { unsubscribed_at: deps.clock.now(), updated_at: deps.clock.now() });
  await recordAuditStandalone(deps.db, {
    actorId: p.user_id,
    ip,
    action: 'notification.unsubscribed',
    targetType: 'user',
    targetId: p.user_id,
  });
}

/** Deliveries to members inside the officer's comms.publish scope (failed ones by default). */
export async function listDeliveries(
  deps: Deps,
  actor: Actor,
  status: 'pending' | 'sent' | 'failed' = 'failed',
) {
  await requirePermissionSomewhere(deps.db, actor, 'comms.publish');
  const rows = await notifyRepo(deps.db).listDeliveries(
    inScope(deps.db, actor, 'comms.publish', sql.ref('d.org_id')),
    {
      status,
      limit: 200,
    },
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      userName: r.display_name,
      orgId: r.org_id,
      channel: r.channel,
      template: r.template,
      status: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: r.created_at.toISOString(),
      nextAttemptAt: r.next_attempt_at.toISOString(),
    })),
  };
}

/**
 * Puts a failed delivery back in the queue.
 * @throws AppError not_found outside the officer's scope, conflict when it is not failed.
 */
export async function retryDelivery(deps: Deps, actor: Actor, id: string): Promise<void> {
  const repo = notifyRepo(deps.db);
  const d = await repo.deliveryOrg(id);
  if (!d?.org_id) throw new AppError('not_found');
  await requireAccess(deps.db, actor, 'comms.publish', d.org_id);
  if (d.status !== 'failed') throw new AppError('conflict');
  await deps.db.transaction().execute(async (trx) => {
    await notifyRepo(trx).requeue(id, deps.clock.now());
    await recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'notification.delivery_retried',
      targetType: 'notification_delivery',
      targetId: id,
      orgId: d.org_id,
    });
  });
}
