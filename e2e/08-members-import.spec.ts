/**
 * Journey 8 (issue 3, member import): a union chair (with MFA) uploads an XLSX roster with the Chinese
 * template headers on the import page, reads the dry-run preview and row report, imports the valid
 * rows, and finds the new members in the member list (by name and by exact phone number).
 */
import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import {
  type Account,
  type ApiClient,
  createOfficerWithMfa,
  createOrg,
  ensureAdmin,
  listOrgs,
  signIn,
} from './support/api';
import { setupLink } from './support/env';
import { snap } from './support/screens';
import { signInContext } from './support/session';

const RUN = Date.now().toString(36);
const UNIT = `导入测试车间 ${RUN}`;
const CHAIR: Account = {
  username: `imp.chair.${RUN}`,
  password: 'Willow-Anchor-5512#',
  displayName: '孙主席',
};

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A valid resident ID unique to this run: the birth date and sequence come from the run's clock. */
function residentId(k: number): string {
  const t = Date.now();
  const birth = new Date(Date.UTC(1960, 0, 1) + ((Math.floor(t / 1000) + k * 977) % 15_000) * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  const s = `320106${birth}${String((Math.floor(t / 7) + k) % 1000).padStart(3, '0')}`;
  const sum = [...s].reduce((a, d, i) => a + Number(d) * WEIGHTS[i]!, 0);
  return s + '10X98765432'[sum % 11];
}
const suffix = RUN.slice(-4);
const PEOPLE = [
  { name: `陈晓燕${suffix}`, id: residentId(1), phone: `137${String(Date.now()).slice(-8)}` },
  { name: `林志强${suffix}`, id: residentId(2), phone: `136${String(Date.now() + 1).slice(-8)}` },
];

async function rosterXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('会员');
  ws.addRow(['姓名 *', '性别', '证件类型', '证件号码 *', '手机号码', '工作单位', '部门', '学历', '入会日期']);
  for (const p of PEOPLE)
    ws.addRow([p.name, '', '居民身份证', p.id, p.phone, '滨江机械厂', '装配车间', '本科', '2024-03-01']);
  // one bad row: the check character is wrong
  const bad = PEOPLE[0]!.id.slice(0, 17) + (PEOPLE[0]!.id[17] === '1' ? '2' : '1');
  ws.addRow([`错误行${suffix}`, '', '居民身份证', bad, '', '', '', '', '']);
  ws.getColumn(4).numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test.beforeAll(() => {
  test.skip(!setupLink, 'needs E2E_SETUP_LINK: run through `npm run test:e2e`');
});

test('member import: XLSX upload, dry-run preview, import, members in the list', async ({ browser }) => {
  test.setTimeout(300_000);
  const problems: string[] = [];
  const admin = await ensureAdmin();
  const api: ApiClient = await signIn('admin', admin);
  const root = (await listOrgs(api)).find((o) => o.parentId === null);
  if (!root) throw new Error('no root org');
  const unit = await createOrg(api, root.id, UNIT, 'branch');
  const chair = await createOfficerWithMfa(api, 'importChair', CHAIR, 'chair', root.id);

  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await signInContext(context, 'importChair', chair);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e}`));
  page.on('response', (r) => {
    if (r.status() >= 500)
      problems.push(`${r.request().method()} ${new URL(r.url()).pathname} -> ${r.status()}`);
  });

  await test.step('upload the XLSX and read the dry-run preview', async () => {
    await page.goto('/console/members');
    await page.getByTestId('members-import').click();
    await expect(page).toHaveURL(/\/console\/members\/import$/);
    await page.getByTestId('import-org').click();
    const popup = page.locator('.ant-select-dropdown:visible');
    await expect(popup).toBeVisible();
    await popup.getByTitle(UNIT, { exact: true }).first().click();
    await expect(popup).toBeHidden();
    await page.locator('input[type=file]').setInputFiles({
      name: '会员名册.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await rosterXlsx(),
    });
    await page.getByTestId('import-check').click();
    const counts = page.getByTestId('import-counts');
    await expect(counts).toContainText('XLSX');
    await expect(counts).toContainText(/3/);
    for (const p of PEOPLE) await expect(page.getByRole('cell', { name: p.name })).toBeVisible();
    // masked in the preview: never the full ID number or phone
    await expect(page.getByText(PEOPLE[0]!.id)).toHaveCount(0);
    await expect(page.getByText(PEOPLE[0]!.phone)).toHaveCount(0);
    await expect(page.getByTestId('import-errors')).toContainText('4');
    await snap(page, '80-members-import-dry-run');
  });

  await test.step('import the valid rows', async () => {
    await expect(page.getByTestId('import-start')).toBeDisabled();
    await page.getByTestId('import-consent').click();
    await page.getByTestId('import-start').click();
    await expect(page.locator('.ant-result-success')).toBeVisible({ timeout: 60_000 });
    await expect(page.locator('.ant-result-success')).toContainText('2');
    await snap(page, '81-members-import-done');
  });

  await test.step('the new members are in the list', async () => {
    await page.locator('.ant-result-success').getByRole('button').first().click();
    await expect(page).toHaveURL(/\/console\/members$/);
    const search = page
      .getByTestId('member-search')
      .locator('input')
      .or(page.locator('input[data-testid=member-search]'));
    await search.first().fill(PEOPLE[1]!.name);
    await search.first().press('Enter');
    await expect(page.getByRole('cell', { name: PEOPLE[1]!.name })).toBeVisible();
    await search.first().fill(PEOPLE[0]!.phone);
    await search.first().press('Enter');
    await expect(page.getByRole('cell', { name: PEOPLE[0]!.name })).toBeVisible();
    await snap(page, '82-members-import-in-list');
  });

  // the import created exactly the two members, in the chosen unit
  const listed = await api.call<{ items: { name: string; orgId?: string }[] }>(
    'GET',
    `/api/members?orgId=${unit.id}&pageSize=50`,
  );
  expect(listed.items.map((m) => m.name).sort()).toEqual(PEOPLE.map((p) => p.name).sort());
  expect(problems).toEqual([]);
  await context.close();
});
