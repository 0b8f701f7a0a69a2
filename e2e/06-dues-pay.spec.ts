/**
 * Journey 6 (issue 3, online payment and e-member card): a member on a phone pays the dues they owe
 * through the sandbox payment platform (QR page -> sandbox pay page -> signed notification), downloads
 * the PDF receipt, shows the e-member card, and a stranger checks the card's QR on the public page; the
 * finance officer sees the payment and the unit's collection rate go from 0% to 100%. Pages are
 * photographed in Chinese and English.
 */
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import {
  type Account,
  type ApiClient,
  createMemberWithLogin,
  createOfficerWithMfa,
  createOrg,
  ensureAdmin,
  listOrgs,
  signIn,
} from './support/api';
import { setupLink } from './support/env';
import { snapKeeping } from './support/screens';
import { contextIn, signInContext, watch } from './support/session';

const RUN = Date.now().toString(36);
const snap = snapKeeping('payments');
const MEMBER: Account = {
  username: `pay.member.${RUN}`,
  password: 'Willow-Comet-4417#',
  displayName: `陈缴费${RUN}`,
};
const FINANCE: Account = {
  username: `pay.finance.${RUN}`,
  password: 'Birch-Lantern-8263#',
  displayName: '吴财务',
};
// acceptDownloads: the receipt PDF is downloaded.
const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  acceptDownloads: true,
};
const DESKTOP = { viewport: { width: 1366, height: 900 }, acceptDownloads: true };
const now = new Date();
const period = (back: number) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);

test.beforeAll(() => {
  test.skip(!setupLink, 'needs E2E_SETUP_LINK: run through `npm run test:e2e`');
});

test('online dues payment through the sandbox, receipt, e-member card and its public check', async ({
  browser,
}) => {
  test.setTimeout(420_000);
  const problems: string[] = [];
  const admin = await ensureAdmin();
  const api: ApiClient = await signIn('admin', admin);
  const root = (await listOrgs(api)).find((o) => o.parentId === null);
  if (!root) throw new Error('no root org');
  const unit = await createOrg(api, root.id, `缴费测试车间 ${RUN}`, 'branch');
  const memberId = await createMemberWithLogin(api, MEMBER, root.id, unit.id);
  const finance = await createOfficerWithMfa(api, 'payFinance', FINANCE, 'finance_officer', root.id);

  await test.step('a rule, a wage and two months of dues (API)', async () => {
    const from = `${period(1)}-01`;
    const rules = await api.call<{ items: { effectiveFrom: string }[] }>(
      'GET',
      `/api/dues/rules?orgId=${root.id}`,
    );
    if (!rules.items.some((r) => r.effectiveFrom <= from)) {
      await api.call('POST', '/api/dues/rules', {
        unionId: root.id,
        effectiveFrom: from,
        ratePercent: '0.5',
        roundingUnit: 10,
        roundingMode: 'half_up',
        minimumFen: 500,
        retainedPercent: 0,
      });
    }
    await api.call('POST', `/api/dues/members/${memberId}/wages`, { effectiveFrom: from, wageFen: 600000 });
    for (const p of [period(1), period(0)])
      await api.call('POST', '/api/dues/schedule', { unionId: root.id, period: p });
  });

  // The unit holds only this member, who owes both months and pays them in full: the officer's
  // collection rate for the unit goes from exactly 0% to exactly 100% in each month.
  const rateCell = (page: Page, p: string) => page.getByTestId(`dues-rate-${unit.id}-${p}`);
  await test.step('the collection rate before the payment', async () => {
    const fctx = await contextIn(browser, 'zh-CN', DESKTOP);
    const f = await signInContext(fctx, 'payFinance', finance);
    watch(f, problems);
    await f.goto(`/console/dues/dashboard?orgId=${unit.id}`);
    for (const p of [period(1), period(0)]) await expect(rateCell(f, p)).toHaveText('0%');
    await expect(f.getByTestId('dues-rate')).toHaveText('0%');
    await snap(f, '59-pay-rate-before-zh');
    await fctx.close();
  });

  let orderId = '';
  for (const lang of ['zh-CN', 'en'] as const) {
    const tag = lang === 'zh-CN' ? 'zh' : 'en';
    const ctx = await contextIn(browser, lang, PHONE);
    const m = await signInContext(ctx, 'payMember', MEMBER);
    watch(m, problems);
    if (lang === 'zh-CN') {
      await test.step('pay on a phone through the sandbox', async () => {
        await m.goto('/my/dues');
        await expect(m.getByTestId('pay-dues')).toBeVisible();
        await snap(m, `60-pay-my-dues-${tag}`);
        await m.getByTestId('pay-dues').click();
        await expect(m.getByTestId('qr')).toBeVisible();
        await expect(m.getByTestId('order-state')).toBeVisible();
        orderId = new URL(m.url()).pathname.split('/').pop() ?? '';
        await snap(m, `61-pay-order-${tag}`);
        await m.getByTestId('open-sandbox').click();
        await expect(m.getByTestId('sandbox-banner')).toBeVisible();
        await snap(m, `62-pay-sandbox-${tag}`);
        await m.getByTestId('sandbox-pay').click();
        await expect(m.getByText('沙箱已支付')).toBeVisible();
        await m.goto(`/my/dues/pay/${orderId}`);
        await expect(m.getByTestId('download-receipt')).toBeVisible();
        await snap(m, `63-pay-paid-${tag}`);
        const [download] = await Promise.all([
          m.waitForEvent('download'),
          m.getByTestId('download-receipt').click(),
        ]);
        expect(download.suggestedFilename()).toMatch(/\.pdf$/);
        const file = await download.path();
        expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
        await m.goto('/my/dues');
        await expect(m.getByTestId('pay-dues')).toHaveCount(0);
      });
    } else {
      await m.goto(`/my/dues/pay/${orderId}`);
      await expect(m.getByTestId('download-receipt')).toBeVisible();
      await snap(m, `63-pay-paid-${tag}`);
    }
    await test.step(`e-member card and its public check (${lang})`, async () => {
      await m.goto('/my/card');
      await expect(m.getByTestId('member-card')).toBeVisible();
      await expect(m.getByTestId('qr')).toBeVisible();
      await snap(m, `64-card-${tag}`);
      const card = await (await m.request.get('/api/my/card')).json();
      const stranger = await contextIn(browser, lang, PHONE);
      const s = await stranger.newPage();
      watch(s, problems);
      await s.goto(`/verify-card#${card.token}`);
      await expect(s.getByTestId('verify-result')).toHaveAttribute('data-status', 'valid');
      await expect(s.getByText(MEMBER.displayName)).toHaveCount(0);
      await snap(s, `65-card-verify-${tag}`);
      await stranger.close();
    });
    await ctx.close();

    const fctx = await contextIn(browser, lang, DESKTOP);
    const f = await signInContext(fctx, 'payFinance', finance);
    watch(f, problems);
    await test.step(`the finance officer sees the payment (${lang})`, async () => {
      await f.goto('/console/payments');
      await expect(f.getByText(MEMBER.displayName).first()).toBeVisible();
      await expect(f.getByTestId('state-paid').first()).toBeVisible();
      await snap(f, `66-pay-console-${tag}`);
    });
    await test.step(`the collection rate after the payment (${lang})`, async () => {
      await f.goto(`/console/dues/dashboard?orgId=${unit.id}`);
      for (const p of [period(1), period(0)]) await expect(rateCell(f, p)).toHaveText('100%');
      await expect(f.getByTestId('dues-rate')).toHaveText('100%');
      await snap(f, `67-pay-rate-after-${tag}`);
    });
    await fctx.close();
  }
  expect(problems).toEqual([]);
});
