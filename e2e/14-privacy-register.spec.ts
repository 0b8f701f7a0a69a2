/**
 * Journey 14 (PIPL 52, 55, 17): the administrator names the union's personal-information protection
 * officer, adopts a built-in processing activity and completes it (version 2, history), and enters a
 * cross-border processor (refused without its country, accepted with it); anyone sees the officer on the
 * public contact page without signing in (linked from the sign-in page) and the member on "My data".
 * Pages are photographed in Chinese and English, on a desktop and on a 390 px phone.
 */
import { type BrowserContext, expect, test } from '@playwright/test';
import { type Account, createMemberWithLogin, createOrg, ensureAdmin, listOrgs, signIn } from './support/api';
import { setupLink } from './support/env';
import { snapKeeping } from './support/screens';
import { contextIn, signInContext, watch } from './support/session';

const RUN = Date.now().toString(36);
const snap = snapKeeping('privacy-register');
const MEMBER: Account = {
  username: `pr.member.${RUN}`,
  password: 'Willow-Anchor-4417#',
  displayName: `陈登记${RUN}`,
};
const OFFICER = {
  name: '王建国',
  title: '工会主席、个人信息保护负责人',
  phone: '0571-88886666',
  email: 'dpo@binjiang-union.example.org',
  address: '杭州市滨江区示范路 1 号工会办公室',
};
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1366, height: 900 } };
const FORMS = [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const;
const LANGS = ['zh-CN', 'en'] as const;

test.beforeAll(() => {
  test.skip(!setupLink, 'needs E2E_SETUP_LINK: run through `npm run test:e2e`');
});

test('protection officer, processing register and the public contact page', async ({ browser }) => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  const admin = await ensureAdmin();
  const api = await signIn('admin', admin);
  const root = (await listOrgs(api)).find((o) => o.parentId === null);
  if (!root) throw new Error('no root org');
  const unit = await createOrg(api, root.id, `登记测试车间 ${RUN}`, 'branch');
  await createMemberWithLogin(api, MEMBER, root.id, unit.id);

  // One officer sign-in (one TOTP step) shared by every officer context through its cookies.
  const first = await contextIn(browser, 'zh-CN', DESKTOP);
  const o = await signInContext(first, 'admin', admin);
  watch(o, problems);
  const officerCookies = (await first.storageState()).cookies;

  await test.step('name the officer', async () => {
    await o.goto('/console/privacy/register');
    await expect(o.getByTestId('register-contact')).toBeVisible();
    if (await o.getByTestId('contact-missing').isVisible())
      await snap(o, '14-register-no-officer-zh-desktop');
    await o.getByTestId('contact-edit').click();
    await o.getByTestId('contact-name').fill(OFFICER.name);
    await o.getByTestId('contact-title').fill(OFFICER.title);
    await o.getByTestId('contact-phone').fill('电话');
    await o.getByTestId('contact-email').fill(OFFICER.email);
    await o.getByTestId('contact-address').fill(OFFICER.address);
    await o.getByTestId('modal-ok').click();
    await expect(o.getByText('请填写电话号码，例如 0571-88886666 或 13800138000')).toBeVisible();
    await o.getByTestId('contact-phone').fill(OFFICER.phone);
    await snap(o, '14-contact-editor-first-zh-desktop');
    await o.getByTestId('modal-ok').click();
    await expect(o.getByTestId('contact-details')).toContainText(OFFICER.phone);
  });

  await test.step('adopt a built-in activity and complete it: version 2 with its history', async () => {
    await o.getByTestId('builtins-open').click();
    await expect(o.getByTestId('builtin-membership')).toBeVisible();
    await snap(o, '14-register-builtins-zh-desktop');
    const adopt = o.getByTestId('adopt-membership');
    if (await adopt.isVisible()) {
      await adopt.click();
      await expect(o.getByText('处理活动 · 第 1 版')).toBeVisible();
      await o.getByTestId('entry-responsible').fill('王建国（工会主席）');
      await o.getByTestId('entry-save').click();
      await expect(o.getByText('处理活动 · 第 2 版')).toBeVisible();
      await o.getByRole('tab', { name: /历史版本/ }).click();
      await expect(o.getByTestId('register-history')).toContainText('v1');
      await o.getByTestId('register-history').getByText('v2', { exact: true }).click();
      await expect(o.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
      await snap(o, '14-register-entry-history-zh-desktop');
      await o.keyboard.press('Escape');
    } else {
      await o.keyboard.press('Escape');
    }
  });

  await test.step('a cross-border processor needs its country (PIPL 38)', async () => {
    await o.getByTestId('entry-add').click();
    await o.getByTestId('entry-name').fill(`会员培训平台 ${RUN}`);
    await o.getByTestId('entry-purpose').fill('组织会员参加线上技能培训');
    await o.getByTestId('processor-add').click();
    await o.getByTestId('processor-name').fill('新加坡某培训平台');
    await o.getByTestId('processor-cross-border').click();
    await o.getByTestId('entry-save').click();
    await expect(o.getByText('出境的外部处理者必须填写所在国家或地区。')).toBeVisible();
    await expect(o.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
    await snap(o, '14-register-validation-zh-desktop');
    await o.getByTestId('processor-country').fill('SG');
    await o.getByTestId('processor-mechanism').click();
    await o.getByTitle('标准合同').click();
    await o.getByTestId('entry-save').click();
    await expect(o.getByText('处理活动 · 第 1 版')).toBeVisible();
    await o.keyboard.press('Escape');
    await expect(o.getByTestId('register-list')).toContainText(`会员培训平台 ${RUN}`);
  });
  await first.close();

  const withCookies = async (lang: (typeof LANGS)[number], opts: object): Promise<BrowserContext> => {
    const ctx = await contextIn(browser, lang, opts);
    await ctx.addCookies(officerCookies);
    return ctx;
  };

  for (const lang of LANGS) {
    const tag = lang === 'zh-CN' ? 'zh' : 'en';
    for (const [form, opts] of FORMS) {
      await test.step(`${tag} ${form}`, async () => {
        const oc = await withCookies(lang, opts);
        const p = await oc.newPage();
        watch(p, problems);
        await p.goto('/console/privacy/register');
        await expect(p.getByTestId('contact-details')).toContainText(OFFICER.name);
        await expect(p.getByTestId('register-list')).toContainText(`会员培训平台 ${RUN}`);
        await snap(p, `14-register-${tag}-${form}`);
        await p.getByTestId('contact-edit').click();
        await expect(p.getByTestId('contact-name')).toHaveValue(OFFICER.name);
        await snap(p, `14-contact-editor-${tag}-${form}`);
        await p.getByTestId('modal-cancel').click();
        await oc.close();

        const anon = await contextIn(browser, lang, opts);
        const a = await anon.newPage();
        watch(a, problems);
        await a.goto('/login');
        await a.getByTestId('privacy-contact-link').click();
        await expect(a.getByTestId('contact-details')).toContainText(OFFICER.email);
        await a.goto(`/privacy-contact/${root.id}`);
        await expect(a.getByTestId('contact-union')).toHaveText(root.name);
        await expect(a.getByTestId('contact-details')).toContainText(OFFICER.phone);
        await snap(a, `14-public-contact-${tag}-${form}`);
        await anon.close();

        const mc = await contextIn(browser, lang, opts);
        const m = await signInContext(mc, 'registerMember', MEMBER);
        watch(m, problems);
        await m.goto('/my/data');
        await expect(m.getByTestId('my-union-contact')).toContainText(OFFICER.name);
        await snap(m, `14-my-data-contact-${tag}-${form}`);
        await mc.close();
      });
    }
  }
  expect(problems).toEqual([]);
});
