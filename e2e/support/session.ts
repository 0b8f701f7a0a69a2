/**
 * Browser sessions for the journeys: accounts signed into a Playwright context through the API (the
 * session cookie lands in the context), contexts in a chosen language, a watcher that collects page
 * errors and 5xx answers, and an idempotent account creation.
 */
import { type Browser, type BrowserContext, expect, type Page } from '@playwright/test';
import { type Account, type ApiClient, ApiError, saveAccount } from './api';
import { baseUrl } from './env';
import { freshTotp } from './totp';

export type Lang = 'zh-CN' | 'en';

/**
 * Signs `account` into `context` through the API, passing the second factor when it has one (the
 * used TOTP step is saved under `name`), and opens a page in it.
 */
export async function signInContext(context: BrowserContext, name: string, account: Account): Promise<Page> {
  const headers = { origin: baseUrl };
  const login = await context.request.post('/api/auth/login', {
    data: { username: account.username, password: account.password },
    headers,
  });
  expect(login.ok(), await login.text()).toBe(true);
  const body = (await login.json()) as { status: string; csrfToken?: string };
  if (body.status === 'mfa_required') {
    const totp = await freshTotp(account.secret ?? '', account.lastStep ?? 0);
    const mfa = await context.request.post('/api/auth/mfa/verify', {
      data: { code: totp.code },
      headers: { ...headers, 'x-csrf-token': body.csrfToken ?? '' },
    });
    expect(mfa.ok(), await mfa.text()).toBe(true);
    account.lastStep = totp.step;
    saveAccount(name, account);
  }
  return context.newPage();
}

/** A new browser context whose UI language is `lang` (zh-CN is the default). */
export async function contextIn(browser: Browser, lang: Lang, opts: object = {}): Promise<BrowserContext> {
  const ctx = await browser.newContext(opts);
  if (lang === 'en') await ctx.addInitScript(() => localStorage.setItem('uh.lang', 'en'));
  return ctx;
}

/** A page in a new context (in `lang`, default zh-CN) with `account` signed in. */
export async function signedInPage(
  browser: Browser,
  name: string,
  account: Account,
  opts: { viewport: { width: number; height: number }; lang?: Lang },
): Promise<Page> {
  const context = await contextIn(browser, opts.lang ?? 'zh-CN', { viewport: opts.viewport });
  return signInContext(context, name, account);
}

/** Collects uncaught page errors and 5xx answers of `page` into `into` (expected empty at the end). */
export function watch(page: Page, into: string[]): void {
  page.on('pageerror', (e) => into.push(`pageerror: ${e}`));
  page.on('response', (r) => {
    if (r.status() >= 500) into.push(`${r.request().method()} ${new URL(r.url()).pathname} -> ${r.status()}`);
  });
}

/** Creates the account in `orgId` unless it exists already (a journey run twice on one install). */
export async function ensureUser(admin: ApiClient, account: Account, orgId: string): Promise<void> {
  await admin
    .call('POST', '/api/users', {
      username: account.username,
      displayName: account.displayName,
      orgId,
      password: account.password,
    })
    .catch((e) => {
      if (!(e instanceof ApiError && e.status === 409)) throw e;
    });
}
