/**
 * Journey 13 (PIPL 57, GDPR 33): an officer account reveals a member's phone number; the unit's
 * security officer records a breach incident, fills in what the notices need, computes the affected
 * members from the audit trail (the reveal), downloads the regulator report and sends the member notices;
 * the member finds the notice in their notification centre. Pages are photographed in Chinese and
 * English, on a desktop and on a 390 px phone.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import {
  type Account,
  createMemberWithLogin,
  createOfficerWithMfa,
  createOrg,
  ensureAdmin,
  listOrgs,
  signIn,
} from './support/api';
import { setupLink } from './support/env';
import { snap as sharedSnap } from './support/screens';
import { contextIn, signInContext, watch } from './support/session';

const RUN = Date.now().toString(36);
const OWN_SCREENS = path.resolve(import.meta.dirname, '../test-results/screens-breach');
const MEMBER: Account = {
  username: `br.member.${RUN}`,
  password: 'Willow-Signal-6614#',
  displayName: `陈受影${RUN}`,
};
const SEC: Account = { username: `br.sec.${RUN}`, password: 'Granite-Ferry-4408#', displayName: '赵安全' };
const TITLE = `干部账号被盗用 ${RUN}`;
const CAUSE = '干部账号密码在外部网站泄露，被他人登录后查看会员手机号。';

async function snap(page: Page, name: string): Promise<void> {
  await sharedSnap(page, name);
  mkdirSync(OWN_SCREENS, { recursive: true });
  await page.screenshot({
    path: path.join(OWN_SCREENS, `${name}.png`),
    fullPage: true,
    animations: 'disabled',
  });
}

async function setLang(page: Page, lang: 'zh-CN' | 'en'): Promise<void> {
  await page.evaluate((l) => localStorage.setItem('uh.lang', l), lang);
  await page.reload();
}

test.beforeAll(() => {
  test.skip(!setupLink, 'needs E2E_SETUP_LINK: run through `npm run test:e2e`');
});

test('a security officer handles a personal information breach', async ({ browser }) => {
  test.setTimeout(150_000);
  const problems: string[] = [];
  const admin = await ensureAdmin();
  const api = await signIn('admin', admin);
  const root = (await listOrgs(api)).find((o) => o.parentId === null);
  if (!root) throw new Error('no root org');
  const unit = await createOrg(api, root.id, `泄露演练车间 ${RUN}`, 'branch');
  const memberId = await createMemberWithLogin(api, MEMBER, root.id, unit.id);
  // the "compromised" officer account looks at the member's phone number
  await api.call('POST', `/api/members/${memberId}/reveal`, { fields: ['phone'], reason: '核对联系方式' });
  const sec = await createOfficerWithMfa(api, 'breachOfficer', SEC, 'security_admin', unit.id);

  const ctx = await contextIn(browser, 'zh-CN', {
    viewport: { width: 1366, height: 900 },
    acceptDownloads: true,
  });
  const page = await signInContext(ctx, 'breachOfficer', sec);
  watch(page, problems);

  await test.step('record the incident', async () => {
    await page.goto('/console/privacy/breaches');
    await page.getByTestId('breach-new').click();
    await page.getByTestId('breach-title').fill(TITLE);
    await page.getByTestId('modal-ok').click();
    await expect(page.getByRole('heading', { name: TITLE })).toBeVisible();
    await expect(page.getByTestId('breach-clock')).toContainText('剩余 71 小时');
  });

  await test.step('fill in what the notices need', async () => {
    const fill = (f: string, v: string) => page.getByTestId(`breach-field-${f}`).fill(v);
    await fill('description', '有人使用干部账号查看了会员的手机号码。');
    await fill('cause', CAUSE);
    await page.getByLabel('手机号码').check();
    await page.getByLabel('身份信息（姓名、性别、出生日期、会员号）').check();
    await fill('consequences', '可能被用于电信诈骗或骚扰电话。');
    await fill('measuresTaken', '已停用该账号并强制重置全体干部密码，逐条核查了查看记录。');
    await fill('memberMeasures', '警惕自称工会、银行或客服的来电，不向陌生人透露验证码。');
    await fill('contact', '工会个人信息保护负责人 赵安全，电话 010-88886666');
    await page.getByTestId('breach-save').click();
    await expect(page.getByTestId('breach-missing')).toContainText('受影响会员');
    await expect(page.getByTestId('breach-missing')).not.toContainText('事件原因');
  });

  await test.step('compute the affected members from the audit trail', async () => {
    await page.getByRole('tab', { name: '受影响会员' }).click();
    await page.getByTestId('breach-actions').click();
    await page.keyboard.type('pii.revealed');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByTestId('breach-compute').click();
    await expect(page.getByTestId('breach-chain')).toContainText('校验通过');
    const table = page.getByTestId('breach-affected-table');
    await expect(table).toContainText(`陈***`);
    await expect(table).not.toContainText(MEMBER.displayName);
    await expect(table).toContainText('系统通知');
    await snap(page, '96-breach-affected-zh-desktop');
  });

  await test.step('download the regulator report', async () => {
    await page.getByRole('tab', { name: '通知' }).click();
    await expect(page.getByTestId('breach-missing')).toHaveCount(0);
    const downloading = page.waitForEvent('download');
    await page.getByTestId('breach-notice-download').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^breach-report-\d{8}-[0-9a-f]{8}-zh-CN\.md$/);
    const text = readFileSync(await download.path(), 'utf8');
    for (const part of [
      '# 个人信息安全事件报告',
      CAUSE,
      '受影响会员：约 1 人',
      '72 小时',
      '联系方式',
      '手机号码',
    ])
      expect(text).toContain(part);
    await expect(page.getByTestId('breach-notice-text')).toContainText('第五十七条');
    await snap(page, '97-breach-notice-zh-desktop');
  });

  await test.step('send the member notices', async () => {
    await page.getByTestId('breach-notify-members').click();
    await page.getByTestId('breach-send-ok').click();
    await expect(page.getByTestId('breach-notice-status')).toContainText('已通知 1 / 1');
    await snap(page, '98-breach-notified-zh-desktop');
    await page.getByRole('tab', { name: '记录' }).click();
    const history = page.getByRole('tabpanel', { name: '记录' });
    for (const step of ['登记事件', '修改事件信息', '计算受影响会员', '发送会员通知'])
      await expect(history.getByText(step, { exact: true })).toBeVisible();
    await snap(page, '98-breach-history-zh-desktop');
  });

  await test.step('the same pages in English, and on a phone', async () => {
    await page.goto('/console/privacy/breaches');
    await expect(page.getByText(TITLE)).toBeVisible();
    await snap(page, '95-breach-list-zh-desktop');
    await setLang(page, 'en');
    await expect(page.getByRole('heading', { name: 'Personal information breaches' })).toBeVisible();
    await snap(page, '95-breach-list-en-desktop');
    await page.getByText(TITLE).click();
    await page.getByRole('tab', { name: 'Affected members' }).click();
    await expect(page.getByTestId('breach-chain')).toContainText('integrity verified');
    await snap(page, '96-breach-affected-en-desktop');
    await page.getByRole('tab', { name: 'Notices' }).click();
    await page.getByTestId('breach-notice-preview').click();
    await expect(page.getByTestId('breach-notice-text')).toContainText('GDPR art. 33(3)(a)');
    await snap(page, '97-breach-notice-en-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('tab', { name: 'Incident' }).click();
    await snap(page, '99-breach-detail-en-phone');
    await setLang(page, 'zh-CN');
    await page.getByRole('tab', { name: '受影响会员' }).click();
    await expect(page.getByTestId('breach-affected-table')).toContainText('陈***');
    await snap(page, '99-breach-affected-zh-phone');
  });
  await ctx.close();

  const member = await signIn('breachMember', MEMBER);
  const inbox = await member.call<{ items: { title: string; body: string }[] }>('GET', '/api/notifications');
  const notice = inbox.items.find((n) => n.title.includes(TITLE));
  expect(notice?.body).toContain(CAUSE);
  expect(notice?.body).toContain('手机号码');
  expect(problems).toEqual([]);
});
