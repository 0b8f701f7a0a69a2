/**
 * NotificationService: the Notifier every module calls. One send() writes
 *  - the in-app notification (and pushes `{type:'notification'}` on the user's pub/sub channel),
 *  - an outbox row per outside channel (e-mail, SMS), encrypted, honouring preferences, mutes,
 *    unsubscribe and quiet hours for non-essential templates.
 * deliverDue() (run by the `comms-deliver` job on every process, and right after send() unless
 * disabled) claims due rows with a lease, sends them, and retries with backoff; after MAX_ATTEMPTS a
 * delivery is marked failed, audited, and listed for officers of the recipient's org.
 */
import { recordAuditStandalone } from '../audit/audit.js';
import type { Database } from '../db/pool.js';
import type { Deps } from '../deps.js';
import { FileOutboxMailer, LogSmsProvider, type Mailer, SmtpMailer, type SmsProvider } from './channels.js';
import { type QueuedEach, queueEach } from './each.js';
import { fanOut, inAppBody, linkOf, NO_IN_APP } from './fanout.js';
import { fanoutRepo } from './fanout.repo.js';
import type { AfterCommit, BulkNotification, EachNotification, Notification, Notifier } from './notifier.js';
import { type DeliveryRow, notifyRepo, type PrefsRow } from './notify.repo.js';
import { afterQuietHours } from './quiet-hours.js';
import { type Locale, render, renderSms, templateOf } from './templates.js';
import { newUnsubscribeKey, unsubscribeToken } from './unsubscribe.js';

export const MAX_ATTEMPTS = 5;
/** Wait before attempt n+1 (minutes), after attempt n failed. */
const BACKOFF_MINUTES = [1, 5, 30, 120];
const LEASE_MS = 5 * 60_000;

export type NotificationServiceOptions = {
  /** Where the file outbox lives when no SMTP server is configured. */
  outboxDir?: string;
  mailer?: Mailer;
  sms?: SmsProvider;
  /** Try deliveries right after send() (default true); tests call deliverDue() themselves. */
  deliverImmediately?: boolean;
  log?: (m: string) => void;
};

export type DeliveryReport = { sent: number; retried: number; failed: number };

export class NotificationService implements Notifier {
  readonly mailer: Mailer;
  readonly sms: SmsProvider;
  private draining: Promise<DeliveryReport> | undefined;

  constructor(
    private readonly deps: () => Deps,
    private readonly opts: NotificationServiceOptions = {},
  ) {
    const config = () => deps().config;
    this.mailer =
      opts.mailer ??
      new LazyMailer(() => {
        const c = config();
        return c.smtpUrl
          ? new SmtpMailer(c.smtpUrl, c.smtpFrom)
          : new FileOutboxMailer(opts.outboxDir ?? c.dataDir);
      });
    this.sms = opts.sms ?? new LogSmsProvider(opts.outboxDir);
  }

  /** Records and queues a notification. Never throws for an unknown template (a generic text is used). */
  async send(n: Notification): Promise<void> {
    const deps = this.deps();
    const repo = notifyRepo(deps.db);
    const now = deps.clock.now();
    const tpl = templateOf(n.template);
    const user = n.userId ? await repo.userContact(n.userId) : undefined;
    const prefs = user ? await repo.ensurePrefs(user.id, newUnsubscribeKey()) : undefined;
    const locale: Locale = prefs?.locale ?? 'zh-CN';
    const params = { ...n.params };

    if (user && !NO_IN_APP.has(n.template)) {
      const text = render(n.template, locale, params);
      const link = linkOf(params);
      const row = await repo.insertNotification({
        user_id: user.id,
        template: n.template,
        category: tpl.category,
        title: text.subject,
        body: inAppBody(text.body, link),
        link,
        created_at: now,
      });
      await deps.pubsub
        .publish(`user:${user.id}`, { type: 'notification', id: row.id, title: text.subject })
        .catch(() => undefined);
    }

    const wanted = (channel: 'email' | 'sms'): boolean => {
      if (tpl.essential) return true;
      if (!prefs) return true;
      if (prefs.muted_categories.includes(tpl.category)) return false;
      // digest takers get non-urgent mail once a day/week (digest.ts), from the in-app rows
      return channel === 'email'
        ? prefs.email_enabled && !prefs.unsubscribed_at && prefs.digest === 'off'
        : prefs.sms_enabled;
    };
    const notBefore = (p: PrefsRow | undefined) =>
      tpl.essential || !p
        ? now
        : afterQuietHours(now, { start: p.quiet_start, end: p.quiet_end, timeZone: p.time_zone });

    const email = n.to ?? user?.email ?? null;
    let queued = false;
    if (email && tpl.channels.includes('email') && wanted('email')) {
      const extra: Record<string, string> = {};
      if (!tpl.essential && prefs)
        extra.unsubscribeToken = unsubscribeToken(deps.ring, prefs.unsubscribe_key);
      await repo.insertDelivery({
        user_id: user?.id ?? null,
        org_id: user?.org_id ?? null,
        channel: 'email',
        template: n.template,
        locale,
        recipient_enc: deps.cipher.encrypt('notification_deliveries.recipient', email),
        params_enc: deps.cipher.encrypt(
          'notification_deliveries.params',
          JSON.stringify({ ...params, ...extra }),
        ),
        next_attempt_at: notBefore(prefs),
        created_at: now,
      });
      queued = true;
    }
    if (n.phone && tpl.sms && wanted('sms')) {
      await repo.insertDelivery({
        user_id: user?.id ?? null,
        org_id: user?.org_id ?? null,
        channel: 'sms',
        template: n.template,
        locale,
        recipient_enc: deps.cipher.encrypt('notification_deliveries.recipient', n.phone),
        params_enc: deps.cipher.encrypt('notification_deliveries.params', JSON.stringify(params)),
        next_attempt_at: notBefore(prefs),
        created_at: now,
      });
      queued = true;
    }
    if (queued && this.opts.deliverImmediately !== false) {
      this.deliverDue().catch((err: Error) =>
        this.opts.log?.(`notify: delivery run failed (${err.message})`),
      );
    }
  }

  /** Set-based fan-out to many accounts (fanout.ts); then tries the due deliveries like send(). */
  async sendMany(userIds: string[], n: BulkNotification): Promise<number> {
    const r = await fanOut(this.deps(), userIds, n);
    if (r.emails > 0 && this.opts.deliverImmediately !== false)
      this.deliverDue().catch((err: Error) =>
        this.opts.log?.(`notify: delivery run failed (${err.message})`),
      );
    return r.inApp;
  }

  /**
   * Per-recipient params, set-based (each.ts: two statements per call), in `trx` when given. The
   * returned AfterCommit pushes `{type:'notification', id, title}` on each `user:<id>` channel (as
   * send(), one publishBatch round trip) and starts the delivery run when mail was queued.
   */
  async sendEach(items: EachNotification[], trx?: Database): Promise<AfterCommit> {
    const deps = this.deps();
    const queued = await queueEach(deps, trx ?? deps.db, items);
    const after = () => this.afterEach(deps, queued);
    if (trx) return after;
    await after();
    return async () => {};
  }

  private async afterEach(deps: Deps, q: QueuedEach): Promise<void> {
    if (q.inApp.length > 0)
      await deps.pubsub
        .publishBatch(
          q.inApp.map((n) => ({
            channel: `user:${n.userId}`,
            message: { type: 'notification', id: n.id, title: n.title },
          })),
        )
        .catch(() => undefined);
    if (q.emails > 0 && this.opts.deliverImmediately !== false)
      this.deliverDue().catch((err: Error) =>
        this.opts.log?.(`notify: delivery run failed (${err.message})`),
      );
  }

  /** Sends every due delivery (one run at a time per process; several processes share by lease). */
  deliverDue(limit = 100): Promise<DeliveryReport> {
    this.draining ??= this.runDue(limit).finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async runDue(limit: number): Promise<DeliveryReport> {
    const deps = this.deps();
    const repo = notifyRepo(deps.db);
    const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
    const now = deps.clock.now();
    const rows = await repo.claimDue(now, new Date(now.getTime() + LEASE_MS), limit);
    const shared = await this.broadcastContext(deps, rows);
    for (const row of rows) {
      try {
        await this.deliver(deps, shared(row));
        await repo.markSent(row.id, deps.clock.now());
        report.sent++;
      } catch (err) {
        const error = describeError(err);
        if (row.attempts >= MAX_ATTEMPTS) {
          await repo.markFailed(row.id, error);
          await recordAuditStandalone(deps.db, {
            actorId: null,
            ip: null,
            action: 'notification.delivery_failed',
            targetType: 'notification_delivery',
            targetId: row.id,
            orgId: row.org_id,
            details: { channel: row.channel, template: row.template, attempts: row.attempts, error },
          });
          report.failed++;
        } else {
          const wait = BACKOFF_MINUTES[Math.min(row.attempts - 1, BACKOFF_MINUTES.length - 1)]!;
          await repo.markRetry(row.id, new Date(deps.clock.now().getTime() + wait * 60_000), error);
          report.retried++;
        }
      }
    }
    return report;
  }

  /**
   * Deliveries of a broadcast carry no address or params of their own: they take the broadcast's
   * params, the member's current address and, for non-essential mail, their unsubscribe token.
   */
  private async broadcastContext(deps: Deps, rows: DeliveryRow[]) {
    const own = rows.filter((r) => r.broadcast_id && r.user_id);
    const params = new Map<string, Record<string, string | number>>();
    const people = new Map<string, { email: string | null; key: string | null }>();
    if (own.length) {
      const repo = fanoutRepo(deps.db);
      for (const b of await repo.broadcastParams([...new Set(own.map((r) => r.broadcast_id!))]))
        params.set(
          b.id,
          JSON.parse(await deps.cipher.decrypt('notification_broadcasts.params', b.params_enc)),
        );
      for (const u of await repo.recipients([...new Set(own.map((r) => r.user_id!))]))
        people.set(u.id, { email: u.email, key: u.unsubscribe_key });
    }
    return (row: DeliveryRow): ResolvedDelivery => {
      if (!row.broadcast_id || !row.user_id) return row;
      const p = params.get(row.broadcast_id);
      const who = people.get(row.user_id);
      const extra: Record<string, string> = {};
      if (who?.key && !templateOf(row.template).essential)
        extra.unsubscribeToken = unsubscribeToken(deps.ring, who.key);
      return { ...row, to: who?.email ?? null, params: p ? { ...p, ...extra } : null };
    };
  }

  private async deliver(deps: Deps, row: ResolvedDelivery): Promise<void> {
    if ('to' in row && (!row.to || !row.params)) throw new Error('recipient has no e-mail address');
    const to =
      'to' in row
        ? row.to!
        : await deps.cipher.decrypt('notification_deliveries.recipient', row.recipient_enc!);
    const params =
      'to' in row
        ? row.params!
        : (JSON.parse(await deps.cipher.decrypt('notification_deliveries.params', row.params_enc!)) as Record<
            string,
            string | number
          >);
    const locale = (row.locale === 'en' ? 'en' : 'zh-CN') as Locale;
    if (row.channel === 'sms') {
      const text = renderSms(row.template, locale, params);
      if (text) await this.sms.send({ to, text });
      return;
    }
    const { subject, body } = render(row.template, locale, params);
    const token = typeof params.unsubscribeToken === 'string' ? params.unsubscribeToken : undefined;
    const origin = deps.config.publicOrigin;
    const footer = token
      ? locale === 'en'
        ? `\n\n--\nUnsubscribe from these e-mails: ${origin}/unsubscribe#${token}`
        : `\n\n--\n退订此类邮件：${origin}/unsubscribe#${token}`
      : '';
    await this.mailer.send({
      to,
      subject,
      text: body + footer,
      ...(token ? { unsubscribeUrl: `${origin}/api/notifications/unsubscribe/${token}` } : {}),
    });
  }
}

type ResolvedDelivery =
  | DeliveryRow
  | (DeliveryRow & { to: string | null; params: Record<string, string | number> | null });

/** A short, single-line error for the outbox row (no stack, bounded length). */
function describeError(err: unknown): string {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const msg = (e?.message ?? String(err)).replace(/\s+/g, ' ').slice(0, 200);
  return [e?.responseCode, e?.code, msg].filter(Boolean).join(' ');
}

/** Builds the transport on first use, when the config is known. */
class LazyMailer implements Mailer {
  private inner: Mailer | undefined;
  constructor(private readonly make: () => Mailer) {}
  send(mail: Parameters<Mailer['send']>[0]): Promise<void> {
    this.inner ??= this.make();
    return this.inner.send(mail);
  }
}
