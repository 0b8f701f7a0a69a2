/** Outside delivery channels: e-mail over SMTP (nodemailer) and an SMS provider interface. */
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';

export type Mail = {
  to: string;
  subject: string;
  text: string;
  /** One-click unsubscribe URL (RFC 8058) for non-essential mail. */
  unsubscribeUrl?: string;
};

export interface Mailer {
  /** @throws Error when the server refuses or cannot be reached (the delivery job retries). */
  send(mail: Mail): Promise<void>;
}

export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;
  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(url);
  }

  async send(mail: Mail): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      textEncoding: 'base64',
      ...(mail.unsubscribeUrl
        ? {
            list: { unsubscribe: { url: mail.unsubscribeUrl, comment: 'Unsubscribe' } },
            headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
          }
        : {}),
    });
  }
}

/** Without SMTP_URL: mail is appended to `<dataDir>/outbox.log` (never to the application log). */
export class FileOutboxMailer implements Mailer {
  constructor(private readonly dir: string) {}
  async send(mail: Mail): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await appendFile(
      path.join(this.dir, 'outbox.log'),
      `${JSON.stringify({ at: new Date().toISOString(), channel: 'email', ...mail })}\n`,
      { mode: 0o600 },
    );
  }
}

export type Sms = { to: string; text: string };

/** A carrier-specific gateway (Aliyun, Tencent Cloud, ...) implements this. */
export interface SmsProvider {
  /** @throws Error when the gateway refuses (the delivery job retries). */
  send(sms: Sms): Promise<void>;
}

/** Records messages instead of sending them (development, tests, and hosts without a gateway). */
export class LogSmsProvider implements SmsProvider {
  readonly sent: Sms[] = [];
  constructor(private readonly dir?: string) {}
  async send(sms: Sms): Promise<void> {
    this.sent.push(sms);
    if (this.sent.length > 1000) this.sent.shift();
    if (!this.dir) return;
    await mkdir(this.dir, { recursive: true });
    await appendFile(
      path.join(this.dir, 'outbox.log'),
      `${JSON.stringify({ at: new Date().toISOString(), channel: 'sms', ...sms })}\n`,
      { mode: 0o600 },
    );
  }
}
