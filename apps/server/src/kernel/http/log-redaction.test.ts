/**
 * Logs never contain passwords, tokens, codes or phone numbers (SECURITY.md "Data protection" 16.2.5):
 * a full account flow runs against an app logging at trace level with the production redaction paths,
 * and the captured log is scanned for every secret the flow used.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_REDACT_PATHS } from '../../app.js';
import { issueSetupLink } from '../../modules/identity/index.js';
import { totpCode } from '../auth/totp.js';
import { TestClient } from '../testing/client.js';
import { uniqueIp } from '../testing/net.js';
import { buildTestApp, type TestContext } from '../testing/test-app.js';

const lines: string[] = [];
const stream = new Writable({
  write(chunk, _enc, done) {
    lines.push(String(chunk));
    done();
  },
});

let ctx: TestContext;
const secrets: Record<string, string> = {};

beforeAll(async () => {
  ctx = await buildTestApp({
    logger: { logger: { level: 'trace', redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' }, stream } },
  });
});
afterAll(() => ctx.close());

const remember = (label: string, value: string | undefined) => {
  expect(value, label).toBeTruthy();
  secrets[`${label} #${Object.keys(secrets).length}`] = value!;
};

describe('log redaction', () => {
  it('a full account flow leaves no secret in a trace-level log', async () => {
    const browser = new TestClient(ctx.app, uniqueIp());
    const setupToken = new URL((await issueSetupLink(ctx.deps))!).hash.replace('#token=', '');
    const password = 'Initial-Setup-Passphrase-81';
    remember('setup token', setupToken);
    remember('password', password);
    const setup = await browser.post('/api/setup', {
      token: setupToken,
      orgName: '日志测试工会',
      orgKind: 'federation',
      username: 'log_admin',
      displayName: '日志管理员',
      email: 'log.admin@example.org',
      password,
    });
    expect(setup.statusCode, setup.body).toBe(201);
    remember('email', 'log.admin@example.org');
    remember('session token', browser.cookies.get('__Host-uh_session'));
    remember('csrf token', browser.csrf);

    const enrol = (await browser.post('/api/auth/mfa/enroll')).json();
    remember('totp secret', enrol.secret);
    ctx.clock.advance(30_000);
    const activationCode = totpCode(enrol.secret, ctx.clock.now());
    remember('totp code', activationCode);
    const activated = await browser.post('/api/auth/mfa/activate', { code: activationCode });
    expect(activated.statusCode).toBe(200);
    for (const code of activated.json().recoveryCodes as string[]) remember('recovery code', code);
    expect((await browser.post('/api/auth/logout')).statusCode).toBe(204);

    // Wrong password, then the right one with MFA (from an address that is not throttled).
    const again = new TestClient(ctx.app, uniqueIp());
    remember('wrong password', 'Wrong-Guess-Passphrase-12');
    expect(
      (await again.post('/api/auth/login', { username: 'log_admin', password: 'Wrong-Guess-Passphrase-12' }))
        .statusCode,
    ).toBe(401);
    expect((await again.post('/api/auth/login', { username: 'log_admin', password })).statusCode).toBe(200);
    remember('pre-MFA session token', again.cookies.get('__Host-uh_session'));
    ctx.clock.advance(30_000);
    const loginCode = totpCode(enrol.secret, ctx.clock.now());
    remember('totp code', loginCode);
    expect((await again.post('/api/auth/mfa/verify', { code: loginCode })).statusCode).toBe(200);
    remember('session token', again.cookies.get('__Host-uh_session'));
    remember('csrf token', again.csrf);
    expect((await again.post('/api/auth/mfa/verify', { recoveryCode: 'ffff-ffff-ffff' })).statusCode).toBe(
      401,
    );
    remember('guessed recovery code', 'ffff-ffff-ffff');

    const newPassword = 'Changed-Passphrase-For-Logs-90';
    remember('new password', newPassword);
    expect(
      (await again.post('/api/auth/password/change', { currentPassword: password, newPassword })).statusCode,
    ).toBe(204);
    expect((await again.post('/api/auth/reauth', { password: newPassword })).statusCode).toBe(204);
    const phone = '13698765432';
    remember('phone', phone);
    remember('new email', 'changed.mail@example.org');
    expect(
      (await again.patch('/api/me/contact', { phone, email: 'changed.mail@example.org' })).statusCode,
    ).toBe(204);
    const me = (await again.get('/api/me')).json();
    expect((await again.post(`/api/users/${me.user.id}/reveal`, { reason: '日志测试' })).statusCode).toBe(
      200,
    );

    // Password reset by link.
    expect((await again.post('/api/auth/password/reset-request', { username: 'log_admin' })).statusCode).toBe(
      202,
    );
    const link = String(ctx.notifier.sent.at(-1)?.params.link);
    const resetToken = new URL(link).hash.replace('#token=', '');
    remember('reset token', resetToken);
    remember('reset password', 'Reset-Passphrase-For-Logs-55');
    const reset = await again.post('/api/auth/password/reset', {
      token: resetToken,
      newPassword: 'Reset-Passphrase-For-Logs-55',
    });
    expect(reset.statusCode).toBe(204);

    // Something the server must log as an error, with a secret in the failing request.
    remember('validation secret', 'Leaky-Password-In-Bad-Request-1');
    await again.post('/api/auth/login', {
      username: 'log_admin',
      password: 'Leaky-Password-In-Bad-Request-1',
      extra: 1,
    });
    ctx.app.log.info({ body: { password: 'Pino-Level-Redaction-Check-7' } }, 'redaction probe');
    remember('probe password', 'Pino-Level-Redaction-Check-7');

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(20);
    expect(log).toContain('incoming request');
    expect(log).toContain('[redacted]');
    const leaks = Object.entries(secrets).filter(([label, value]) =>
      /^\d{6}$/.test(value) && label.startsWith('totp')
        ? new RegExp(`(?<![0-9A-Za-z.])${value}(?![0-9A-Za-z])`).test(log)
        : log.includes(value),
    );
    expect(leaks.map(([label]) => label)).toEqual([]);
    // Nor the phone number in any common spelling.
    expect(log).not.toMatch(/136[ -]?9876[ -]?5432/);
  });
});
