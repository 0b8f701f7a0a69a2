/**
 * Journey 2: the login page speaks Chinese by default and English after the switch; on a phone-sized
 * screen the member home fits without sideways scrolling.
 */
import { expect, type Page, test } from '@playwright/test';
import { type Account, ensureAdmin, listOrgs, saveAccount, signIn } from './support/api';
import { setupLink } from './support/env';
import { snap } from './support/screens';

const MEMBER: Account = { username: 'zhao.member', password: 'Maple-Window-5582#', displayName: '赵晓梅' };

/** How far the page sticks out sideways (0 when it fits the viewport). */
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const doc = document.documentElement;
    return Math.max(doc.scrollWidth, document.body.scrollWidth) - doc.clientWidth;
  });
}

/** Elements wider than the viewport or reaching past its right edge, for a readable failure. */
async function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 1) {
        const id = el.getAttribute('data-testid') ?? (el.className?.toString() || '').slice(0, 60);
        out.push(`${el.tagName.toLowerCase()}[${id}] right=${Math.round(r.right)}`);
      }
    }
    return out.slice(0, 10);
  });
}

test.beforeAll(async () => {
  test.skip(!setupLink, 'needs E2E_SETUP_LINK: run through `npm run test:e2e`');
  // The login page needs a set-up install (otherwise every path leads to /setup).
  await ensureAdmin();
});

test('the login page is Chinese by default and English after the switch', async ({ page }) => {
  await page.goto('/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByText('工会会员与工会干部统一登录')).toBeVisible();
  await expect(page.getByLabel('用户名')).toBeVisible();
  await expect(page.getByLabel('密码')).toBeVisible();
  await expect(page.getByTestId('login-submit')).toHaveText(/登\s*录/);
  await expect(page.getByTestId('lang-switch')).toHaveText('English');
  await snap(page, '20-login-zh');

  await page.getByTestId('lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByText('One sign-in for members and officers')).toBeVisible();
  await expect(page.getByLabel('Username')).toBeVisible();
  await expect(page.getByLabel('Password')).toBeVisible();
  await expect(page.getByTestId('login-submit')).toHaveText('Sign in');
  await expect(page.getByText('Forgot password?')).toBeVisible();
  await expect(page.getByText('工会会员与工会干部统一登录')).toHaveCount(0);
  await snap(page, '21-login-en');

  // The choice survives a reload.
  await page.reload();
  await expect(page.getByTestId('login-submit')).toHaveText('Sign in');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });

  test('the member home fits a 390 px screen', async ({ page }) => {
    // Prepare a plain member (no role) through the API as the administrator.
    const admin = await ensureAdmin();
    const api = await signIn('admin', admin);
    const root = (await listOrgs(api)).find((o) => o.parentId === null);
    expect(root, 'the root organisation').toBeTruthy();
    await api.call('POST', '/api/users', {
      username: MEMBER.username,
      displayName: MEMBER.displayName,
      email: 'zhao.member@example.org',
      orgId: root!.id,
      password: MEMBER.password,
    });
    saveAccount('member', MEMBER);

    await page.goto('/login');
    await expect(page.getByTestId('login-username')).toBeVisible();
    expect(await horizontalOverflow(page), 'login page overflow (px)').toBeLessThanOrEqual(0);
    await snap(page, '22-phone-login');
    await page.getByTestId('login-username').fill(MEMBER.username);
    await page.getByTestId('login-password').fill(MEMBER.password);
    await page.getByTestId('login-submit').click();

    await expect(page).toHaveURL(/\/$/);
    const greeting = page.getByTestId('member-greeting');
    await expect(greeting).toBeVisible();
    await expect(greeting).toContainText(MEMBER.displayName);
    await expect(page.getByText(root!.name)).toBeVisible();
    await expect(page.getByTestId('logout')).toBeVisible();
    const overflow = await horizontalOverflow(page);
    expect(
      overflow,
      `member home overflow (px): ${(await overflowingElements(page)).join(', ')}`,
    ).toBeLessThanOrEqual(0);
    await snap(page, '23-phone-member-home-zh');

    await page.getByTestId('lang-switch').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const overflowEn = await horizontalOverflow(page);
    expect(
      overflowEn,
      `member home overflow in English (px): ${(await overflowingElements(page)).join(', ')}`,
    ).toBeLessThanOrEqual(0);
    await snap(page, '24-phone-member-home-en');
  });
});
