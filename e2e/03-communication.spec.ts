/**
 * Journey 3 (issue 6): two members chat in real time in their org group, in two browser contexts;
 * an officer publishes an announcement and sees its read rate rise as a member reads it.
 */
import { expect, test } from '@playwright/test';
import { type Account, ensureAdmin, listOrgs, signIn } from './support/api';
import { snap } from './support/screens';
import { ensureUser, signInContext } from './support/session';

const A: Account = { username: 'chat.zhou', password: 'Copper-Kettle-7714#', displayName: '周明' };
const B: Account = { username: 'chat.wu', password: 'Silver-Birch-3306#', displayName: '吴静' };

test('members chat in real time; the officer sees the read rate rise', async ({ browser }) => {
  const admin = await ensureAdmin();
  const api = await signIn('admin', admin);
  const root = (await listOrgs(api)).find((o) => o.parentId === null);
  if (!root) throw new Error('no root org');
  for (const m of [A, B]) await ensureUser(api, m, root.id);

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
