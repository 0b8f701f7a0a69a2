/**
 * The notification channel every module sends through. Until the communication module adds e-mail,
 * SMS and the in-app centre, the default channel appends to `<dataDir>/outbox.log` (never to the
 * application log, which must not carry tokens or personal data).
 */
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

export type Notification = {
  userId: string | null;
  to?: string | null;
  template: string;
  params: Record<string, string | number>;
};

export interface Notifier {
  send(n: Notification): Promise<void>;
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
}

/** Collects notifications in memory (tests). */
export class MemoryNotifier implements Notifier {
  readonly sent: Notification[] = [];
  async send(n: Notification): Promise<void> {
    this.sent.push(n);
  }
}
