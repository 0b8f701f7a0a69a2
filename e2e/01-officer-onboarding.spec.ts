/**
 * Journey 1: the first start of a union.
 * Setup wizard -> the administrator enrols MFA -> creates a branch under the grassroots union ->
 * creates a user in that branch and makes them its chair -> logs out -> the new chair signs in, is sent
 * to MFA enrolment, enrols, and sees only the branch's subtree in the organisation tree.
 */
import { expect, type Locator, type Page, test } from '@playwright/test';
import { ADMIN, type Account, ROOT_ORG, saveAccount } from './support/api';
import { setupLink } from './support/env';
import { snap } from './support/screens';
import { cleanSecret, freshTotp } from './support/totp';

const BRANCH = '第一车间分工会';
const OFFICER: Account = { username: 'li.chair', password: 'Copper-Kettle-7781?', displayName: '李秀英' };

/** The one open antd dialog (modals are rendered ahead of time and hidden). */
const openDialog = (page: Page) => page.locator('.ant-modal:visible');
/** The open antd popup of a Select or TreeSelect. */
const openPopup = (page: Page) => page.locator('.ant-select-dropdown:visible');

/** Picks `label` in an antd Select or TreeSelect identified by its test id. */
async function pick(page: Page, scope: Page | Locator, testId: string, label: string): Promise<void> {
  await scope.getByTestId(testId).click();
  const popup = openPopup(page);
  await expect(popup).toBeVisible();
  await popup.getByTitle(label, { exact: true }).first().click();
  await expect(popup).toBeHidden();
}

/** Reads the TOTP secret shown during enrolment, enters a code and confirms the recovery codes. */
async function enrolMfa(
  page: Page,
  shot: string,
  finishTestId: string,
): Promise<{ secret: string; step: number }> {
  const shown = page.getByTestId('mfa-secret');
  await expect(shown).toBeVisible();
  await expect(page.getByTestId('mfa-qr')).toBeVisible();
  const secret = cleanSecret((await shown.textContent()) ?? '');
  expect(secret.length).toBeGreaterThanOrEqual(16);
  await snap(page, `${shot}-a-secret`);
  const totp = await freshTotp(secret);
  await page.getByTestId('mfa-code').fill(totp.code);
  await page.getByTestId('mfa-activate').click();
  const codes = page.getByTestId('recovery-codes');
  await expect(codes).toBeVisible();
  await expect(codes).toContainText(/[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}/);
  await expect(page.getByTestId(finishTestId)).toBeDisabled();
  await page.getByTestId('recovery-saved').click();
  await snap(page, `${shot}-b-recovery-codes`);
  await page.getByTestId(finishTestId).click();
  return { secret, step: totp.step };
}

test('setup, MFA, a branch, its chair, and the chair sees only the branch', async ({ page }) => {
  test.skip(!setupLink, 'needs E2E_SETUP_LINK: run through `npm run test:e2e`');
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const serverErrors: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 500)
      serverErrors.push(`${r.request().method()} ${new URL(r.url()).pathname} -> ${r.status()}`);
  });

  await test.step('setup wizard', async () => {
    await page.goto(setupLink);
    await expect(page).toHaveURL(/\/setup/);
    // The token arrives from the link's fragment.
    await expect(page.getByTestId('setup-token')).not.toHaveValue('');
    await snap(page, '01-setup-token');
    await page.getByTestId('setup-next').click();

    await page.getByTestId('setup-org-name').fill(ROOT_ORG);
    await page.getByTestId('setup-org-kind-grassroots').click();
    await snap(page, '02-setup-org');
    await page.getByTestId('setup-next').click();

    await page.getByTestId('setup-username').fill(ADMIN.username);
    await page.getByTestId('setup-display-name').fill(ADMIN.displayName);
    await page.getByTestId('setup-email').fill('admin@example.org');
    await page.getByTestId('setup-password').fill(ADMIN.password);
    await snap(page, '03-setup-admin');
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/setup') && r.request().method() === 'POST'),
      page.getByTestId('setup-next').click(),
    ]);
    expect(res.status(), `POST /api/setup answered ${res.status()}: ${await res.text()}`).toBe(201);
  });

  await test.step('administrator enrols MFA', async () => {
    const { secret, step } = await enrolMfa(page, '04-admin-mfa', 'setup-next');
    saveAccount('admin', { ...ADMIN, secret, lastStep: step });
    await expect(page).toHaveURL(/\/console$/);
    await expect(page.getByTestId('shortcut-users')).toBeVisible();
    await snap(page, '05-console-dashboard');
  });

  await test.step('create a branch under the grassroots union', async () => {
    await page.getByTestId('shortcut-orgs').click();
    await expect(page).toHaveURL(/\/console\/orgs$/);
    const tree = page.getByTestId('org-tree');
    await expect(tree).toContainText(ROOT_ORG);
    await tree.getByText(ROOT_ORG, { exact: true }).click();
    await expect(page.getByTestId('org-details')).toContainText(ROOT_ORG);
    await page.getByTestId('org-create-child').click();
    const dialog = openDialog(page);
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('org-name-input').fill(BRANCH);
    await pick(page, dialog, 'org-kind-select', '分工会');
    await snap(page, '06-org-create-branch');
    await dialog.getByTestId('modal-ok').click();
    await expect(dialog).toBeHidden();
    await expect(tree).toContainText(BRANCH);
    await expect(page.getByTestId('org-details')).toContainText(BRANCH);
    await snap(page, '07-org-tree-with-branch');
  });

  await test.step('create the branch chair', async () => {
    await page.getByRole('menuitem', { name: /用户与授权/ }).click();
    await expect(page).toHaveURL(/\/console\/users$/);
    await page.getByTestId('user-create').click();
    const dialog = openDialog(page);
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('user-username').fill(OFFICER.username);
    await dialog.getByTestId('user-display-name').fill(OFFICER.displayName);
    await dialog.getByTestId('user-email').fill('li.chair@example.org');
    await pick(page, dialog, 'user-org-select', BRANCH);
    await dialog.getByTestId('user-password').fill(OFFICER.password);
    await snap(page, '08-user-create');
    await dialog.getByTestId('modal-ok').click();
    await expect(dialog).toBeHidden();

    // The new user's drawer opens; grant them the chair role on the branch.
    const drawer = page.getByRole('dialog', { name: OFFICER.displayName });
    await expect(drawer).toBeVisible();
    await expect(drawer).toContainText(OFFICER.username);
    await pick(page, drawer, 'grant-role-select', '主席');
    await pick(page, drawer, 'grant-org-select', BRANCH);
    await drawer.getByTestId('grant-add').click();
    const row = drawer.getByTestId('grant-row');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('主席');
    await expect(row).toContainText(BRANCH);
    await snap(page, '09-user-granted-chair');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('table')).toContainText(OFFICER.username);
  });

  await test.step('administrator logs out', async () => {
    await page.getByTestId('logout').click();
    await expect(page.getByTestId('login-username')).toBeVisible();
    await expect(page).toHaveURL(/\/login$/);
  });

  await test.step('the chair signs in and is made to enrol MFA', async () => {
    await page.getByTestId('login-username').fill(OFFICER.username);
    await page.getByTestId('login-password').fill(OFFICER.password);
    await snap(page, '10-officer-login');
    await page.getByTestId('login-submit').click();
    await expect(page).toHaveURL(/\/account\/mfa$/);
    // Officer pages stay closed until the second factor is set up: the console sends them back here,
    // and the API refuses officer routes.
    await page.goto('/console/orgs');
    await expect(page).toHaveURL(/\/account\/mfa$/);
    const orgs = await page.request.get('/api/orgs');
    expect(orgs.status()).toBe(403);
    expect((await orgs.json()).code).toBe('auth.mfa_enrollment_required');
    const { secret, step } = await enrolMfa(page, '11-officer-mfa', 'mfa-finish');
    saveAccount('officer', { ...OFFICER, secret, lastStep: step });
    await expect(page).toHaveURL(/\/console$/);
    await expect(page.getByTestId('shortcut-orgs')).toBeVisible();
    await expect(page.getByRole('main')).toContainText(BRANCH);
    await snap(page, '12-officer-dashboard');
  });

  await test.step('the chair sees the branch and not the union above it', async () => {
    await page.getByTestId('shortcut-orgs').click();
    await expect(page).toHaveURL(/\/console\/orgs$/);
    const tree = page.getByTestId('org-tree');
    await expect(tree).toContainText(BRANCH);
    await expect(tree).not.toContainText(ROOT_ORG);
    await expect(page.getByTestId('org-details')).toContainText(BRANCH);
    // As chair they may add units under their branch.
    await expect(page.getByTestId('org-create-child')).toBeVisible();
    await snap(page, '13-officer-org-tree');
  });

  expect(serverErrors, 'server errors (5xx)').toEqual([]);
  expect(consoleErrors, 'browser console errors').toEqual([]);
});
