/**
 * Journey 12 (PIPL 45-47): a member downloads their data and asks for deletion after confirming the
 * password; the unit's chair sees the request with its deadline and executes it with the member number
 * typed; the member can no longer sign in. Pages are photographed in Chinese and English, on a desktop
 * and on a 390 px phone.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import {
  type Account,
  ApiClient,
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
const snap = snapKeeping('privacy');
const MEMBER: Account = {
  username: `pv.member.${RUN}`,
  password: 'Maple-Harbor-5521#',
  displayName: `林删除${RUN}`,
};
const CHAIR: Account = { username: `pv.chair.${RUN}`, password: 'Cedar-Beacon-7730#', displayName: '周主席' };
const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  acceptDownloads: true,
};
const DESKTOP = { viewport: { width: 1366, height: 900 }, acceptDownloads: true };

test.beforeAll(() => {
  test.skip(!setupLink, 'needs E2E_SETUP_LINK: run through `npm run test:e2e`');
});

test('my data export, deletion request and its execution by the chair', async ({ browser }) => {
  test.setTimeout(300_000);
  const problems: string[] = [];
  const admin = await ensureAdmin();
  const api = await signIn('admin', admin);
  const root = (await listOrgs(api)).find((o) => o.parentId === null);
  if (!root) throw new Error('no root org');
  const unit = await createOrg(api, root.id, `隐私测试车间 ${RUN}`, 'branch');
  await createMemberWithLogin(api, MEMBER, root.id, unit.id);
  const chair = await createOfficerWithMfa(api, 'privacyChair', CHAIR, 'chair', unit.id);

  for (const lang of ['zh-CN', 'en'] as const) {
    const tag = lang === 'zh-CN' ? 'zh' : 'en';
    for (const [form, opts] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      const ctx = await contextIn(browser, lang, opts);
      const m = await signInContext(ctx, 'privacyMember', MEMBER);
      watch(m, problems);
      await m.goto('/my/data');
      await expect(m.getByTestId('privacy-export')).toBeVisible();
      if (lang === 'zh-CN' && form === 'phone') {
        await test.step('download my data (a fresh sign-in counts as a password confirmation)', async () => {
          const downloading = m.waitForEvent('download');
          await m.getByTestId('privacy-export').click();
          const file = await (await downloading).path();
          const data = JSON.parse(readFileSync(file, 'utf8'));
          expect(data.format).toBe('unionhall.personal-data-export/1');
          expect(JSON.stringify(data)).toContain(MEMBER.displayName);
        });
      }
      await snap(m, `91-privacy-my-data-${tag}-${form}`);
      if (lang === 'en' && form === 'desktop') {
        await test.step('ask for deletion', async () => {
          await m.getByLabel('Reason').fill('I left the company');
          await m.getByTestId('privacy-request').click();
          await m.getByRole('button', { name: 'OK', exact: true }).click();
          await expect(m.getByTestId('privacy-my-request')).toBeVisible();
          await snap(m, `92-privacy-requested-${tag}-${form}`);
        });
      }
      await ctx.close();
    }
  }

  for (const lang of ['zh-CN', 'en'] as const) {
    const tag = lang === 'zh-CN' ? 'zh' : 'en';
    for (const [form, opts] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      const ctx = await contextIn(browser, lang, opts);
      const c = await signInContext(ctx, 'privacyChair', chair);
      watch(c, problems);
      await c.goto('/console/privacy/deletion-requests');
      await expect(c.getByText(MEMBER.displayName)).toBeVisible();
      await snap(c, `93-privacy-console-${tag}-${form}`);
      const list = await (await c.request.get('/api/privacy/deletion-requests?status=open')).json();
      const req = list.items.find((r: { memberName: string }) => r.memberName === MEMBER.displayName);
      await c.getByTestId(`execute-${req.id}`).click();
      await c.getByTestId('privacy-confirm').fill(req.memberNo);
      await snap(c, `94-privacy-execute-${tag}-${form}`);
      if (lang === 'en' && form === 'desktop') {
        await test.step('execute the deletion', async () => {
          await c.getByRole('button', { name: 'Execute deletion' }).last().click();
          await expect(c.getByText('No deletion requests')).toBeVisible();
          await snap(c, `95-privacy-executed-${tag}-${form}`);
        });
      }
      await ctx.close();
    }
  }

  const gone = new ApiClient();
  await expect(
    gone.call('POST', '/api/auth/login', { username: MEMBER.username, password: MEMBER.password }),
  ).rejects.toThrow();
  expect(problems).toEqual([]);
});
