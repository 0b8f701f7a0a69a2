// The pages and states the screenshot script captures. `act` drives the page into the state.
const testId = (page, id) => page.getByTestId(id);

async function setupToAdmin(page) {
  await testId(page, 'setup-next').click();
  await testId(page, 'setup-org-name').fill('滨海市总工会');
  await testId(page, 'setup-org-kind-federation').click();
  await testId(page, 'setup-next').click();
}

/** Throws with a readable message when a check fails (reported as a problem by the script). */
function check(ok, what) {
  if (!ok) throw new Error(`check failed: ${what}`);
}

async function setupToMfa(page) {
  await setupToAdmin(page);
  await testId(page, 'setup-username').fill('admin');
  await testId(page, 'setup-display-name').fill('林海燕');
  await testId(page, 'setup-email').fill('lin@example.org');
  await testId(page, 'setup-password').fill('harbour lights at dawn');
  await testId(page, 'setup-next').click();
  await testId(page, 'mfa-qr').waitFor();
  // e2e/01 reads the secret from this element's text and keeps only base32 characters.
  const shown = (await testId(page, 'mfa-secret').textContent()) ?? '';
  const secret = shown.replace(/[^A-Za-z2-7]/g, '').toUpperCase();
  check(secret === 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', `mfa-secret text "${shown}"`);
}

/** The same picker helper as e2e/01: click the Select by test id, then the option by title. */
async function pick(page, scope, id, label) {
  await scope.getByTestId(id).click();
  const popup = page.locator('.ant-select-dropdown:visible');
  await popup.waitFor();
  await popup.getByTitle(label, { exact: true }).first().click();
  await popup.waitFor({ state: 'hidden' });
}

async function login(page, username, password = 'correct horse battery') {
  await testId(page, 'login-username').fill(username);
  await testId(page, 'login-password').fill(password);
  await testId(page, 'login-submit').click();
}

export const shots = [
  { name: 'setup-1-token', scenario: 'setup', path: '/setup#token=Xk2pQ9vR7sLm4TzA' },
  { name: 'setup-1-token-empty', scenario: 'setup', path: '/' },
  {
    name: 'setup-2-org',
    scenario: 'setup',
    path: '/setup#token=Xk2pQ9vR7sLm4TzA',
    act: (p) => testId(p, 'setup-next').click(),
  },
  {
    name: 'setup-3-admin',
    scenario: 'setup',
    path: '/setup#token=Xk2pQ9vR7sLm4TzA',
    act: async (p) => {
      await setupToAdmin(p);
      await testId(p, 'setup-password').fill('滨海市总工会123');
    },
  },
  { name: 'setup-4-mfa', scenario: 'setup', path: '/setup#token=Xk2pQ9vR7sLm4TzA', act: setupToMfa },
  {
    name: 'setup-5-recovery',
    scenario: 'setup',
    path: '/setup#token=Xk2pQ9vR7sLm4TzA',
    act: async (p) => {
      await setupToMfa(p);
      await testId(p, 'mfa-code').fill('123456');
      await testId(p, 'mfa-activate').click();
      await testId(p, 'recovery-codes').waitFor();
      check(await testId(p, 'setup-next').isDisabled(), 'finish disabled before recovery-saved');
      await testId(p, 'recovery-saved').click();
      check(await testId(p, 'setup-next').isEnabled(), 'finish enabled after recovery-saved');
    },
  },
  { name: 'login', scenario: 'anon', path: '/console/users' },
  { name: 'login-error', scenario: 'anon', path: '/login', act: (p) => login(p, 'someone', 'wrong') },
  { name: 'login-ratelimit', scenario: 'anon', path: '/login', act: (p) => login(p, 'locked') },
  {
    name: 'login-mfa',
    scenario: 'anon',
    path: '/login',
    act: async (p) => {
      await login(p, 'officer');
      await testId(p, 'login-mfa-code').fill('000000');
      await testId(p, 'login-mfa-submit').click();
    },
  },
  { name: 'forgot-password', scenario: 'anon', path: '/forgot-password' },
  {
    name: 'lang-toggle',
    scenario: 'anon',
    path: '/login',
    expectLang: (lang) => (lang === 'en' ? 'zh-CN' : 'en'),
    act: (p) => testId(p, 'lang-switch').click(),
  },
  { name: 'member-home', scenario: 'member', path: '/' },
  { name: 'account', scenario: 'member', path: '/account' },
  { name: 'account-mfa-required', scenario: 'officer-nomfa', path: '/console' },
  { name: 'account-mfa-already-on', scenario: 'officer', path: '/account/mfa' },
  { name: 'login-mfa-pending-session', scenario: 'mfa-pending', path: '/console/orgs' },
  { name: 'console-dashboard', scenario: 'officer', path: '/console' },
  {
    name: 'console-menu-drawer',
    scenario: 'officer',
    path: '/console',
    fullPage: false,
    act: async (p, { phone }) => {
      if (phone) await p.getByRole('button', { name: /菜单|Menu/ }).click();
    },
  },
  { name: 'console-orgs', scenario: 'officer', path: '/console/orgs' },
  {
    name: 'console-orgs-create',
    scenario: 'officer',
    path: '/console/orgs',
    fullPage: false,
    act: async (p) => {
      await testId(p, 'org-tree').getByText('滨海港务集团工会', { exact: true }).click();
      await testId(p, 'org-create-child').click();
      const dialog = p.locator('.ant-modal:visible');
      await dialog.getByTestId('org-name-input').fill('冷链物流分工会');
      await pick(
        p,
        dialog,
        'org-kind-select',
        p.url() && (await p.evaluate(() => document.documentElement.lang)) === 'en'
          ? 'Branch union'
          : '分工会',
      );
    },
  },
  { name: 'console-users', scenario: 'officer', path: '/console/users' },
  {
    name: 'console-users-drawer',
    scenario: 'officer',
    path: '/console/users',
    fullPage: false,
    act: async (p) => {
      await p.getByText('王建国').click();
      await testId(p, 'grant-add').waitFor();
      // e2e/01 finds the drawer by its accessible name.
      await p.getByRole('dialog', { name: '王建国' }).waitFor();
      await testId(p, 'user-reveal').click();
      await p.locator('.ant-modal:visible').getByTestId('user-reveal-reason').fill('核实联系方式');
      await p.locator('.ant-modal:visible').getByTestId('modal-ok').click();
      await p.getByText('13812345678').waitFor();
      const drawer = p.getByRole('dialog', { name: '王建国' });
      await pick(
        p,
        drawer,
        'grant-role-select',
        (await p.evaluate(() => document.documentElement.lang)) === 'en' ? 'Chair' : '主席',
      );
      await pick(p, drawer, 'grant-org-select', '机修车间分工会');
    },
  },
  {
    name: 'console-users-create',
    scenario: 'officer',
    path: '/console/users',
    fullPage: false,
    act: async (p) => {
      await testId(p, 'user-create').click();
      const dialog = p.locator('.ant-modal:visible');
      await dialog.getByTestId('user-username').fill('li.chair');
      await dialog.getByTestId('user-display-name').fill('李秀英');
      await pick(p, dialog, 'user-org-select', '集装箱码头分工会');
      await dialog.getByTestId('user-password').fill('li.chair-2025');
    },
  },
  { name: 'console-audit', scenario: 'officer', path: '/console/audit' },
  {
    name: 'console-audit-verify',
    scenario: 'audit-bad',
    path: '/console/audit',
    fullPage: false,
    act: async (p) => {
      await testId(p, 'audit-verify').click();
      await testId(p, 'audit-verify-bad').waitFor();
    },
  },
  { name: 'not-found', scenario: 'anon', path: '/no-such-page' },
];
