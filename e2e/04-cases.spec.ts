/**
 * Journey 4 (issue 5): a member reports an injury with a photo from a phone; a handler with MFA takes
 * it, asks a question, the member answers and follows the progress, the handler resolves it and the
 * member rates it; with enough injury reports from that unit, the dashboard puts it on the early-warning
 * list. Then a union officer configures a case type of their own, with the server's problems shown.
 */
import { deflateSync } from 'node:zlib';
import { expect, type Locator, type Page, test } from '@playwright/test';
import {
  type Account,
  ApiClient,
  createMemberWithLogin,
  createOfficerWithMfa,
  createOrg,
  ensureAdmin,
  listOrgs,
  type OrgNode,
  saveAccount,
  signIn,
} from './support/api';
import { setupLink } from './support/env';
import { snap } from './support/screens';
import { signInContext } from './support/session';

const RUN = Date.now().toString(36);
const HOT_UNIT = `冲压车间 ${RUN}`;
const CONTROL_UNIT = `装配车间 ${RUN}`;
const MEMBER: Account = {
  username: `gong.li.${RUN}`,
  password: 'Lotus-Bridge-4417#',
  displayName: `龚丽${RUN}`,
};
const HANDLER: Account = {
  username: `case.handler.${RUN}`,
  password: 'Amber-Valley-9052#',
  displayName: '陈卫东',
};
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** A real 24x24 PNG (red square) built by hand: signature, IHDR, IDAT (zlib) and IEND with CRCs. */
function smallPng(): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = table[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const size = 24;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, Buffer.from([200, 16, 46]))]);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Picks an option in an antd Select (a single select's popup closes; a multiple one stays open). A click
 * that lands while the popup is still sliding in can miss its option; a single pick is then retried.
 */
async function pick(page: Page, select: Locator, optionTitle: string, multiple = false): Promise<void> {
  // a popup that is still sliding out of an earlier pick is not the one just opened
  const popup = page.locator('.ant-select-dropdown:visible:not([class*="-leave"])');
  const attempt = async (timeout?: number) => {
    if ((await popup.count()) === 0) await select.click();
    await expect(popup).toHaveCount(1, { timeout });
    await popup.getByTitle(optionTitle, { exact: true }).first().click({ timeout });
  };
  if (multiple) return attempt();
  await expect(async () => {
    await attempt(5_000);
    await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0, { timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
}

/** Collects browser errors and 5xx answers of a page, for one assertion at the end. */
function watch(page: Page, into: string[]): void {
  page.on('pageerror', (e) => into.push(`pageerror: ${e}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) into.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500) into.push(`${r.request().method()} ${new URL(r.url()).pathname} -> ${r.status()}`);
  });
}

const injury = (i: number) => ({
  typeKey: 'injury',
  title: `搬运时扭伤 #${i}`,
  fields: {
    description: '搬运模具时腰部扭伤',
    incident_date: new Date(Date.now() - i * 86_400_000).toISOString().slice(0, 10),
    location: '冲压线 3 号工位',
    body_part: 'back',
    severity: 'minor',
  },
});

test.beforeAll(() => {
  test.skip(!setupLink, 'needs E2E_SETUP_LINK: run through `npm run test:e2e`');
});

test('an injury report from a phone to a rated close, and the unit on the early-warning list', async ({
  browser,
}) => {
  test.setTimeout(420_000);
  const problems: string[] = [];
  const admin = await ensureAdmin();
  const api = await signIn('admin', admin);
  const root = (await listOrgs(api)).find((o) => o.parentId === null);
  if (!root) throw new Error('no root org');
  let hot = '';
  let memberApi: ApiClient;
  let handler: Account = HANDLER;

  await test.step('prepare two units, their members and a handler with MFA (API)', async () => {
    hot = (await createOrg(api, root.id, HOT_UNIT, 'branch')).id;
    const control = (await createOrg(api, root.id, CONTROL_UNIT, 'branch')).id;
    // head counts: the hot unit is small, the control unit larger and without reports
    for (let i = 0; i < 2; i++)
      await api.call('POST', '/api/members', { name: `冲压工${i}${RUN}`, orgId: hot });
    for (let i = 0; i < 30; i++)
      await api.call('POST', '/api/members', { name: `装配工${i}${RUN}`, orgId: control });
    await createMemberWithLogin(api, MEMBER, root.id, hot);
    saveAccount('casesMember', MEMBER);
    handler = await createOfficerWithMfa(api, 'casesHandler', HANDLER, 'case_handler', root.id);
    memberApi = new ApiClient();
    await memberApi.call('POST', '/api/auth/login', { username: MEMBER.username, password: MEMBER.password });
  });

  const memberCtx = await browser.newContext(PHONE);
  const m = await signInContext(memberCtx, 'casesMember', MEMBER);
  watch(m, problems);
  let caseId = '';
  const title = `冲压线搬运模具扭伤腰部 ${RUN}`;

  await test.step('the member reports an injury with a photo on a phone', async () => {
    await m.goto('/my/cases');
    await m.getByTestId('new-case').click();
    await expect(m).toHaveURL(/\/my\/cases\/new$/);
    await m.getByText('工伤/劳损', { exact: true }).click();
    await m.getByTestId('case-title').fill(title);
    await m.getByLabel('情况描述').fill('早班搬运模具时弯腰过猛，腰部剧痛，已到医务室处理。');
    await m.getByLabel('发生日期').fill(new Date().toISOString().slice(0, 10));
    await m.getByLabel('地点（车间/工位）').fill('冲压线 3 号工位');
    await pick(m, m.getByTestId('field-body_part'), '腰背');
    await pick(m, m.getByTestId('field-cause'), '搬运');
    await pick(m, m.getByTestId('field-severity'), '中等');
    await m.getByLabel('误工天数').fill('2');
    await m
      .getByTestId('case-file')
      .setInputFiles({ name: '伤情照片.png', mimeType: 'image/png', buffer: smallPng() });
    await snap(m, '40-phone-report-injury');
    await m.getByTestId('case-submit').click();
    await expect(m).toHaveURL(/\/my\/cases\/[0-9a-f-]{36}$/);
    caseId = m.url().split('/').pop()!;
    await expect(m.getByTestId('my-case-state')).toHaveText('已提交');
    await expect(m.getByRole('link', { name: '伤情照片.png' })).toBeVisible();
    await snap(m, '41-phone-case-submitted');
  });

  const handlerCtx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const h = await signInContext(handlerCtx, 'casesHandler', handler);
  watch(h, problems);
  const question = '请问受伤时是否有人在场？医务室的处理记录能否拍照补充？';
  const answer = '班组长王师傅在场，医务室记录已拍照，明天交给工会。';

  await test.step('the handler takes the case and asks the member a question', async () => {
    await h.goto(`/console/cases/${caseId}`);
    await expect(h.getByRole('heading', { name: title })).toBeVisible();
    await expect(h.getByTestId('attachment-link')).toHaveText('伤情照片.png');
    const photo = await h.request.get((await h.getByTestId('attachment-link').getAttribute('href')) ?? '');
    expect(photo.status()).toBe(200);
    expect((await photo.body()).subarray(1, 4).toString('ascii')).toBe('PNG');
    await h.getByTestId('action-take').click();
    await expect(h.getByTestId('case-state')).toHaveText('办理中');
    await h.getByTestId('handler-text').fill(question);
    await h.getByTestId('action-ask_member').click();
    await expect(h.getByTestId('case-state')).toHaveText('待会员回复');
    await snap(h, '42-handler-asked');
  });

  await test.step('the member sees the question and answers', async () => {
    await expect(m.getByTestId('my-case-state')).toHaveText('待会员回复', { timeout: 20_000 });
    await expect(m.getByText(question)).toBeVisible();
    await m.getByTestId('member-message').fill(answer);
    await m.getByTestId('member-send').click();
    await expect(m.getByTestId('my-case-state')).toHaveText('办理中');
    await snap(m, '43-phone-member-answered');
  });

  await test.step('the handler sees the answer and resolves the case', async () => {
    await expect(h.getByText(answer)).toBeVisible({ timeout: 20_000 });
    await expect(h.getByTestId('case-state')).toHaveText('办理中');
    await h.getByTestId('handler-text').fill('已协调车间安排轻体力岗位一周，并申报工伤认定材料。');
    await h.getByTestId('action-resolve').click();
    await expect(h.getByTestId('case-state')).toHaveText('已办理');
  });

  await test.step('the member sees the progress and rates the result', async () => {
    await expect(m.getByTestId('my-case-state')).toHaveText('已办理', { timeout: 20_000 });
    await expect(m.getByText('已协调车间安排轻体力岗位一周')).toBeVisible();
    await m.getByTestId('member-rating').locator('li').nth(3).click();
    await snap(m, '44-phone-rate');
    await m.getByTestId('member-confirm').click();
    await expect(m.getByTestId('my-case-state')).toHaveText('已办结');
    await expect(m.getByTestId('member-confirm')).toHaveCount(0);
    await snap(m, '45-phone-case-closed-zh');
    await m.getByTestId('lang-switch').click();
    await expect(m.getByTestId('my-case-state')).toHaveText('Closed');
    await expect(m.getByText('Satisfaction')).toBeVisible();
    await snap(m, '46-phone-case-closed-en');
  });

  await test.step('more injury reports from the unit put it on the early-warning list', async () => {
    // 7 more reports from the small unit (3 members), none from the unit of 30: far above expected
    for (let i = 1; i <= 7; i++) await memberApi.call('POST', '/api/my/cases', injury(i));
    await expect
      .poll(
        async () => {
          const r = await h.request.get('/api/cases/analytics/hotspots?typeKey=injury&dimension=unit');
          const body = (await r.json()) as { items?: { key: string; count: number; above: boolean }[] };
          const it = body.items?.find((x) => x.key === hot);
          return it ? `${it.count} above=${it.above}` : 'not listed';
        },
        { message: 'the unit as the hotspots API sees it', timeout: 20_000 },
      )
      .toBe('8 above=true');
    await h.goto('/console/cases/dashboard');
    const item = h.getByTestId('early-warning-item').filter({ hasText: HOT_UNIT });
    await expect(item).toBeVisible();
    await expect(item).toContainText('明显高于预期');
    await expect(item).toContainText('8 起');
    await expect(h.getByTestId('early-warning-item').filter({ hasText: CONTROL_UNIT })).toHaveCount(0);
    await snap(h, '47-dashboard-early-warning');
    await item.getByRole('link').click();
    await expect(h).toHaveURL(new RegExp(`originOrgId=${hot}`));
    await expect(h.getByTestId('case-queue').locator('tbody tr.ant-table-row')).toHaveCount(8);
    // the export holds exactly the cases of the current filters
    await h.getByTestId('case-export').hover();
    const link = h.getByTestId('case-export-csv');
    await expect(link).toBeVisible();
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toContain(`originOrgId=${hot}`);
    const file = await h.request.get(href);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toContain('text/csv');
    const csv = (await file.body()).toString('utf8');
    expect(csv).toContain(title);
    expect(csv).toContain('搬运时扭伤 #7');
    expect(csv).not.toContain(CONTROL_UNIT);
  });

  for (const c of [memberCtx, handlerCtx]) await c.close();
  expect(problems, 'browser errors and 5xx answers').toEqual([]);
});

test('a union officer configures a case type of their own', async ({ browser }) => {
  test.setTimeout(240_000);
  const problems: string[] = [];
  const admin = await ensureAdmin();
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await signInContext(ctx, 'admin', admin);
  watch(page, problems);
  const key = `night_${RUN}`.replace(/[^a-z0-9_]/g, '');
  const name = `夜班安全隐患 ${RUN}`;

  await page.goto('/console/cases/types');
  await expect(page.getByTestId('type-list')).toContainText('工伤/劳损');
  await expect(page.getByTestId('type-list')).toContainText('系统默认');
  await page.getByTestId('type-new').click();
  const dialog = page.locator('.ant-modal:visible');
  await dialog.getByTestId('new-type-zh').fill(name);
  await dialog.getByTestId('new-type-en').fill('Night shift hazard');
  await dialog.getByTestId('new-type-key').fill(key);
  await dialog.getByTestId('modal-ok').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId(`type-${key}`)).toContainText('未保存');

  await page.getByRole('tab', { name: '填报项' }).click();
  await page.getByTestId('field-add-common').hover();
  await page.getByRole('menuitem', { name: '地点（车间/工位）' }).click();
  await page.getByTestId('field-own-key').fill('shift');
  await page.getByTestId('field-add-own').click();
  await pick(page, page.getByTestId('field-kind-shift'), '选择');
  await expect(page.getByTestId('type-preview')).toContainText('地点（车间/工位）');

  await page.getByRole('tab', { name: '办理流程' }).click();
  await page.getByTestId('wf-new-state').fill('review');
  await page.getByTestId('wf-add-state').click();
  await page.getByTestId('type-save').click();
  const shown = page.getByTestId('type-problems');
  await expect(shown).toContainText('事项类型配置有误');
  await expect(shown).toContainText('状态“review”之后无法走到“已办结”');
  await expect(shown).toContainText('选择题“shift”还没有可选项');
  await snap(page, '48-case-type-problems');

  // fix both: an action from review to closed, and two choices
  await page.getByTestId('wf-add-transition').click();
  const last = (await page.getByTestId('wf-transitions').locator('tbody tr.ant-table-row').count()) - 1;
  await pick(page, page.getByTestId(`wf-from-${last}`), 'review (review)', true);
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: '填报项' }).click();
  const options = page.getByTestId('field-options-shift').locator('input');
  await options.fill('night');
  await options.press('Enter');
  await options.fill('day');
  await options.press('Enter');
  await page.keyboard.press('Escape');
  // the union names its own field and a choice in Chinese; members see those names
  await page.getByTestId('field-label-zh-shift').fill('班次');
  await page.getByTestId('option-label-zh-shift-night').fill('夜班');
  await expect(page.getByTestId('type-preview')).toContainText('班次');
  await page.getByTestId('type-save').click();
  await expect(page.getByText('已保存', { exact: true })).toBeVisible();
  await expect(shown).toHaveCount(0);
  await expect(page.getByTestId(`type-${key}`)).toContainText('本会定制');
  await snap(page, '49-case-type-saved');

  const orgs = (await (await page.request.get('/api/orgs')).json()) as { items: OrgNode[] };
  const root = orgs.items.find((o) => o.parentId === null)!;
  const types = (await (await page.request.get(`/api/cases/types/${root.id}`)).json()) as {
    items: { key: string; custom: boolean; workflow?: { transitions: { from: string[]; to: string }[] } }[];
  };
  const saved = types.items.find((x) => x.key === key);
  expect(saved?.custom).toBe(true);
  const shift = (
    saved as { fields?: { key: string; label?: unknown; optionLabels?: unknown }[] } | undefined
  )?.fields?.find((f) => f.key === 'shift');
  expect(shift?.label).toEqual({ zh: '班次', en: '班次' });
  expect(shift?.optionLabels).toEqual({ night: { zh: '夜班', en: '夜班' } });
  if (saved?.workflow)
    expect(saved.workflow.transitions.some((x) => x.from.includes('review') && x.to === 'closed')).toBe(true);

  // an assignment rule for the new type: a named handler is required, a rota is not
  await page.goto('/console/cases/assignment');
  await page.getByTestId('rules-add').click();
  const rows = page.getByTestId('rules-table').locator('tbody tr.ant-table-row');
  const n = await rows.count();
  await pick(page, page.getByTestId(`rule-type-${n - 1}`), name);
  await rows
    .nth(n - 1)
    .getByText('指定经办人')
    .click();
  await page.getByTestId('rules-save').click();
  await expect(page.getByTestId('rules-problem')).toContainText(`第 ${n} 条规则`);
  await expect(page.getByTestId('rules-problem')).toContainText('需要选一个经办人');
  await snap(page, '4a-assignment-rule-problem');
  await rows
    .nth(n - 1)
    .getByText('轮流分配')
    .click();
  await page.getByTestId('rules-save').click();
  await expect(page.getByText('已保存', { exact: true })).toBeVisible();
  await expect(page.getByTestId('rules-problem')).toHaveCount(0);
  await expect(page.getByTestId('rules-save')).toBeDisabled();
  await snap(page, '4b-assignment-rules-saved');
  await ctx.close();
  expect(problems, 'browser errors and 5xx answers').toEqual([]);
});
