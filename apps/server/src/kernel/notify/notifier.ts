/**
 * The notification channel every module sends through: `deps.notifier.send({userId, to, template,
 * params})`. The real implementation is NotificationService (service.ts: in-app centre, e-mail, SMS,
 * preferences, retries); the classes here are the file outbox and the in-memory collector for tests.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

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

export interface Notifier {
  send(n: Notification): Promise<void>;
  /**
   * Sends one notification to many accounts at once (set-based in NotificationService: a few
   * statements per batch, whatever its size). Same preferences, quiet hours and languages as send().
   * @returns how many in-app notifications were created
   */
  sendMany(userIds: string[], n: BulkNotification): Promise<number>;
}

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
}
