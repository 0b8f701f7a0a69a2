/**
 * Journey 3 (issue 6): two members chat in real time in their org group, in two browser contexts;
 * an officer publishes an announcement and sees its read rate rise as a member reads it.
 */
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { type Account, ApiError, ensureAdmin, listOrgs, saveAccount, signIn } from './support/api';
import { baseUrl } from './support/env';
import { snap } from './support/screens';
import { freshTotp } from './support/totp';

const A: Account = { username: 'chat.zhou', password: 'Copper-Kettle-7714#', displayName: '周明' };
const B: Account = { username: 'chat.wu', password: 'Silver-Birch-3306#', displayName: '吴静' };

/** Signs an account into a browser context through the API (cookies land in the context). */
async function signInContext(context: BrowserContext, name: string, account: Account): Promise<Page> {
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

test('members chat in real time; the officer sees the read rate rise', async ({ browser }) => {
  const admin = await ensureAdmin();
  const api = await signIn('admin', admin);
  const root = (await listOrgs(api)).find((o) => o.parentId === null);
  if (!root) throw new Error('no root org');
  for (const m of [A, B]) {
    await api
      .call('POST', '/api/users', {
        username: m.username,
        displayName: m.displayName,
        orgId: root.id,
        password: m.password,
      })
      .catch((e) => {
        if (!(e instanceof ApiError && e.status === 409)) throw e;
      });
  }

  const ctxA = await browser.newContext();
  const ctxB = await browser.newContext();
  const a = await signInContext(ctxA, 'chatA', A);
  const b = await signInContext(ctxB, 'chatB', B);
  for (const p of [a, b]) {
    await p.goto('/chat');
    await p.getByTestId('chat-room').first().click();
    await expect(p).toHaveURL(/\/chat\/.+/);
  }
  const hello = `明天下午两点开职工座谈会 ${Date.now()} <script>alert(1)</script>`;
  await a.getByTestId('chat-input').fill(hello);
  await a.getByTestId('chat-send').click();
  await expect(b.getByTestId('chat-message').filter({ hasText: hello })).toBeVisible();
  await b.getByTestId('chat-input').fill('收到，准时参加');
  await b.getByTestId('chat-input').press('Enter');
  await expect(a.getByTestId('chat-message').filter({ hasText: '收到，准时参加' }).last()).toBeVisible();
  await snap(a, '03-chat-a');
  await snap(b, '03-chat-b');

  const ctxO = await browser.newContext();
  const o = await signInContext(ctxO, 'admin', admin);
  await o.goto('/console/announcements');
  await o.getByTestId('announcement-org').click();
  await o.locator('.ant-select-item-option').first().click();
  const title = `端午节慰问通知 ${Date.now()}`;
  await o.getByTestId('announcement-title').fill(title);
  await o
    .getByTestId('announcement-body-input')
    .fill('<p>端午节将至，工会为会员准备了<b>粽子</b>。</p><script>alert(1)</script>');
  await o.getByTestId('announcement-publish').click();
  const total = o.getByTestId('read-rate-total');
  await expect(total).toContainText('已读 0 /');

  await b.goto('/announcements');
  await b.getByRole('link', { name: title }).click();
  await expect(b.getByTestId('announcement-body')).toContainText('粽子');
  await expect(b.getByTestId('announcement-body').locator('script')).toHaveCount(0);
  await expect(total).toContainText('已读 1 /', { timeout: 20_000 });
  await snap(o, '03-announcement-read-rate');
  for (const c of [ctxA, ctxB, ctxO]) await c.close();
});
