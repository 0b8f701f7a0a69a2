/**
 * The notification channel every module sends through: `deps.notifier.send({userId, to, template,
 * params})`. The real implementation is NotificationService (service.ts: in-app centre, e-mail, SMS,
 * preferences, retries); the classes here are the file outbox and the in-memory collector for tests.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../db/pool.js';

export type Notification = {
  /** The recipient account: gets the in-app notification and their preferences apply. */
  userId: string | null;
  /** E-mail address; defaults to the account's address when userId is given. */
  to?: string | null;
  /** Mobile number for templates with an SMS text (the caller decrypts it). */
  phone?: string | null;
  template: string;
  params: Record<string, string | number>;
};

/** One notification for many accounts (an announcement's audience): no per-call address or phone. */
export type BulkNotification = { template: string; params: Record<string, string | number> };

/** One account's notification with its own params (a batch of these: `sendEach`). */
export type EachNotification = {
  userId: string;
  template: string;
  params: Record<string, string | number>;
};

/**
 * Runs once the caller's transaction has committed: pushes the in-app events and starts the delivery
 * run. Never throws (a lost push is caught up from the database by the client).
 */
export type AfterCommit = () => Promise<void>;

export interface Notifier {
  send(n: Notification): Promise<void>;
  /**
   * Sends one notification to many accounts at once (set-based in NotificationService: a few
   * statements per batch, whatever its size). Same preferences, quiet hours and languages as send().
   * @returns how many in-app notifications were created
   */
  sendMany(userIds: string[], n: BulkNotification): Promise<number>;
  /**
   * Queues one notification per item, each with its own params (accounts only: no address or phone
   * per item), set-based in NotificationService: a constant number of statements per call. Same
   * rows as send() for each item. With `trx` the rows are written in the caller's transaction (both
   * or neither with the caller's own writes) and the caller must run the returned AfterCommit after
   * the commit; without it they are written at once and the returned function does nothing.
   */
  sendEach(items: EachNotification[], trx?: Database): Promise<AfterCommit>;
}

const noop: AfterCommit = async () => {};

export class FileOutboxNotifier implements Notifier {
  constructor(private readonly dir: string) {}
  async send(n: Notification): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await appendFile(
      path.join(this.dir, 'outbox.log'),
      `${JSON.stringify({ at: new Date().toISOString(), ...n })}\n`,
      {
        mode: 0o600,
      },
    );
  }
  async sendMany(userIds: string[], n: BulkNotification): Promise<number> {
    for (const userId of userIds) await this.send({ userId, ...n });
    return userIds.length;
  }
  /** Written after the commit (a rolled-back transaction leaves no line). */
  async sendEach(items: EachNotification[], trx?: Database): Promise<AfterCommit> {
    const write = async () => {
      for (const n of items) await this.send(n);
    };
    if (trx) return () => write().catch(() => undefined);
    await write();
    return noop;
  }
}

/** Collects notifications in memory (tests). */
export class MemoryNotifier implements Notifier {
  readonly sent: Notification[] = [];
  async send(n: Notification): Promise<void> {
    this.sent.push(n);
  }
  async sendMany(userIds: string[], n: BulkNotification): Promise<number> {
    for (const userId of userIds) this.sent.push({ userId, ...n });
    return userIds.length;
  }
  /** Recorded after the commit, so a rolled-back transaction leaves nothing in `sent`. */
  async sendEach(items: EachNotification[], trx?: Database): Promise<AfterCommit> {
    const record = async () => {
      for (const n of items) this.sent.push({ ...n });
    };
    if (trx) return record;
    await record();
    return noop;
  }
}
