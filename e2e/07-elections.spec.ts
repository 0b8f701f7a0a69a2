/**
 * Journey 7 (issue 4): a verifiable union election end to end, in Chromium under the app's CSP.
 * An officer defines the election in the console (three contests, a nomination, custom rules with no
 * notice period so voting can open a minute or two later) and announces it; three trustees generate
 * their keys and exchange encrypted shares in three browser contexts; the members vote on phone-sized
 * pages (ballots encrypted and proved in the Web Worker), one audits a ballot first; everyone finds
 * their tracking code on the board; once every voter on the roll has voted the officer closes voting
 * early (the server allows that only then), two of the three trustees decrypt, and the downloaded
 * record passes `unionhall-verify` while a copy with one ballot altered fails it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { importTrusteeBackup, type TrusteeBackup } from '@unionhall/election-crypto';
import { type Account, type ApiClient, ensureAdmin, listOrgs, signIn } from './support/api';
import { snap } from './support/screens';
import { signInContext } from './support/session';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'test-results/elections');
const stamp = Date.now().toString(36);
const PASSPHRASE = 'correct-horse-battery-staple';
const PHONE = { width: 390, height: 844 };
const started = Date.now();
/** Elapsed time per step, so a slow journey shows where the time went. */
const step = (name: string) => console.log(`[07] ${((Date.now() - started) / 1000).toFixed(0)} s ${name}`);

/** Chromium's local time in the journeys (playwright.config timezoneId Asia/Shanghai, UTC+8). */
const shanghai = (d: Date) =>
  new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

async function newContext(browser: Browser, opts: { phone?: boolean; en?: boolean } = {}) {
  const ctx = await browser.newContext(opts.phone ? { viewport: PHONE, isMobile: true, hasTouch: true } : {});
  if (opts.en) await ctx.addInitScript(() => localStorage.setItem('uh.lang', 'en'));
  return ctx;
}

/** The set-password link the server mailed to a new member account (file outbox of the e2e server). */
async function setPasswordToken(username: string): Promise<string> {
  const outbox = path.join(path.dirname(process.env.E2E_STATE_DIR ?? ''), 'data', 'outbox.log');
  for (let i = 0; i < 120; i++) {
    if (existsSync(outbox)) {
      const line = readFileSync(outbox, 'utf8')
        .split('\n')
        .find((l) => l.includes(username) && l.includes('reset-password#token='));
      const token = line?.match(/reset-password#token=([A-Za-z0-9_\-.~%]+)/)?.[1];
      if (token) return token;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no set-password mail for ${username} in ${outbox}`);
}

/** A member of `orgId` with a portal account and a password (through the members module). */
async function createVoter(api: ApiClient, orgId: string, i: number, name: string): Promise<Account> {
  const username = `voter${i}.${stamp}`;
  const m = await api.call<{ id: string }>('POST', '/api/members', {
    name,
    orgId,
    email: `${username}@example.org`,
  });
  await api.call('POST', `/api/members/${m.id}/account`, { username });
  const token = await setPasswordToken(username);
  const password = `Maple-Harbour-${i}${stamp}!`;
  await api.call('POST', '/api/auth/password/reset', { token, newPassword: password });
  return { username, password, displayName: name };
}

/** Fills an antd DatePicker (with time) by typing and confirming. */
async function fillDate(page: Page, testId: string, value: string) {
  const el = page.getByTestId(testId);
  const input = (await el.evaluate((n) => n.tagName)) === 'INPUT' ? el : el.locator('input');
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await expect(page.locator('.ant-picker-dropdown:visible')).toHaveCount(0);
  await expect(input).toHaveValue(value);
}

async function addTags(scope: ReturnType<Page['getByTestId']>, names: string[]) {
  const input = scope.getByTestId('contest-candidates').locator('input');
  for (const n of names) {
    await input.fill(n);
    await input.press('Enter');
  }
  for (const n of names) await expect(scope.getByText(n, { exact: true })).toBeVisible();
}

test('an election from definition to a verified record', async ({ browser }) => {
  test.setTimeout(25 * 60_000);
  mkdirSync(outDir, { recursive: true });
  const pageErrors: string[] = [];
  const watch = (p: Page) => {
    p.on('pageerror', (e) => pageErrors.push(String(e)));
    p.on('response', (r) => {
      if (r.status() >= 500) pageErrors.push(`${r.request().method()} ${r.url()} -> ${r.status()}`);
    });
  };

  // ---- data: a unit of our own (its members are the roll), trustees, voters ----
  const admin = await ensureAdmin();
  const api = await signIn('admin', admin);
  const top = (await listOrgs(api)).find((o) => o.parentId === null);
  if (!top) throw new Error('no root org');
  const unitName = `第七车间分工会 ${stamp}`;
  const unit = await api.call<{ id: string }>('POST', '/api/orgs', {
    parentId: top.id,
    name: unitName,
    kind: 'branch',
  });
  const trustees: Account[] = [];
  for (const [i, n] of ['陈监票', '林监票', '赵监票'].entries()) {
    const t: Account = {
      username: `trustee${i + 1}.${stamp}`,
      password: `Quiet-Orchard-${i}${stamp}!`,
      displayName: n,
    };
    await api.call('POST', '/api/users', { ...t, orgId: unit.id });
    trustees.push(t);
  }
  const voters: Account[] = [];
  // The whole roll votes, so the officer can close voting as soon as the last ballot is in.
  for (const [i, n] of ['刘芳', '孙伟', '马丽'].entries())
    voters.push(await createVoter(api, unit.id, i + 1, n));
  step('accounts and members created');

  // ---- the officer defines, nominates and announces ----
  const ctxO = await newContext(browser);
  const o = await signInContext(ctxO, 'admin', admin);
  watch(o);
  await o.goto('/console/elections');
  await expect(o.getByRole('menuitem', { name: '选举' })).toBeVisible();
  await o.getByTestId('create-election').click();
  const dialog = o.locator('.ant-modal:visible');
  await dialog.getByTestId('election-org').click();
  await o.keyboard.type(unitName);
  await o.locator('.ant-select-dropdown:visible').getByTitle(unitName, { exact: true }).click();
  const title = `第七车间分工会第三届委员会选举 ${stamp}`;
  await dialog.getByTestId('election-title').fill(title);
  await dialog.getByTestId('election-profile').click();
  await o.locator('.ant-select-dropdown:visible').getByText('自定义规则').click();
  await dialog.getByTestId('election-notice').fill('0');
  for (const t of trustees) {
    await dialog.getByTestId('election-trustees').click();
    await o.keyboard.type(t.username);
    await o.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: t.username }).click();
  }
  await o.keyboard.press('Escape');
  const contests = dialog.getByTestId('contest-form');
  await contests.nth(0).getByTestId('contest-title').fill('工会主席');
  await addTags(contests.nth(0), ['张建华', '李红梅']);
  await dialog.getByTestId('add-contest').click();
  await contests.nth(1).getByTestId('contest-kind').click();
  await o.locator('.ant-select-dropdown:visible').getByText('多名额').click();
  await contests.nth(1).getByTestId('contest-title').fill('委员会委员');
  await contests.nth(1).getByTestId('contest-min').fill('1');
  await addTags(contests.nth(1), ['王磊', '周敏', '吴刚', '郑洁']);
  await dialog.getByTestId('add-contest').click();
  await contests.nth(2).getByTestId('contest-kind').click();
  await o.locator('.ant-select-dropdown:visible').getByText('赞成/反对表决').click();
  await contests.nth(2).getByTestId('contest-title').fill('是否同意修改工会经费使用办法');
  // The voting window opens at the next whole minute at least 60 s away (announcing needs opening
  // >= now with no notice period; the key ceremony fills the wait) and is long: voting ends early
  // once everyone has voted. It is set again right before the final OK, so it is as near as it can be.
  const windowFrom = (lead: number) => {
    const from = new Date(Math.ceil((Date.now() + lead) / 60_000) * 60_000);
    return { from, to: new Date(from.getTime() + 60 * 60_000) };
  };
  let { from: opens, to: closes } = windowFrom(120_000);
  await fillDate(o, 'election-opens', shanghai(opens));
  await fillDate(o, 'election-closes', shanghai(closes));
  // A threshold above the number of trustees is refused by the server, and said so in Chinese.
  await dialog.getByTestId('election-threshold').fill('4');
  await dialog.getByTestId('modal-ok').click();
  await expect(dialog.getByRole('alert')).toContainText('选举设置无效');
  await snap(o, '07-console-create');
  await dialog.getByTestId('election-threshold').fill('2');
  ({ from: opens, to: closes } = windowFrom(60_000));
  await fillDate(o, 'election-opens', shanghai(opens));
  await fillDate(o, 'election-closes', shanghai(closes));
  await dialog.getByTestId('modal-ok').click();
  await expect(dialog).toBeHidden();
  step('election created');
  const card = o.getByTestId('election').filter({ hasText: title });
  await expect(card.getByTestId('election-phase')).toHaveAttribute('data-phase', 'draft');

  await card.getByTestId('nominate').click();
  await o.locator('.ant-modal:visible').getByTestId('nominee-name').fill('何志强');
  await o.locator('.ant-modal:visible').getByTestId('modal-ok').click();
  await expect(card.getByText('何志强')).toBeVisible();
  await card.getByRole('button', { name: '登记书面接受' }).click();
  await expect(card.getByRole('button', { name: '登记书面接受' })).toHaveCount(0);
  await snap(o, '07-console-draft');
  await card.getByTestId('announce').click();
  await o.getByTestId('announce-confirm').click();
  await expect(card.getByTestId('election-phase')).toHaveAttribute('data-phase', 'announced');
  await expect(card.getByTestId('election-counts')).toContainText('有选举权 3 人');
  step('announced');

  // ---- three trustees: keys, encrypted shares, checks, each in its own browser ----
  const trusteePages: Page[] = [];
  const trusteeBodies: string[] = [];
  const backups: string[] = [];
  for (const [i, t] of trustees.entries()) {
    const ctx = await newContext(browser, { en: i === 2 });
    const p = await signInContext(ctx, `trustee${i + 1}`, t);
    watch(p);
    p.on('request', (r) => {
      if (r.url().includes('/api/trustee/') && r.method() === 'POST') trusteeBodies.push(r.postData() ?? '');
    });
    await p.goto('/my/elections');
    await p.getByTestId('trustee-election').filter({ hasText: title }).click();
    await expect(p).toHaveURL(/\/trustee\/elections\//);
    await p.getByTestId('passphrase').fill(PASSPHRASE);
    const download = p.waitForEvent('download');
    await p.getByTestId('generate').click();
    const file = path.join(outDir, `trustee-${i + 1}-keys.json`);
    await (await download).saveAs(file);
    backups.push(file);
    trusteePages.push(p);
  }
  for (const p of trusteePages) {
    await expect(p.getByTestId('send-shares')).toBeEnabled({ timeout: 30_000 });
    await p.getByTestId('send-shares').click();
    await expect(p.getByTestId('send-shares')).toHaveCount(0);
  }
  for (const [i, p] of trusteePages.entries()) {
    await expect(p.getByTestId('check-shares')).toBeVisible({ timeout: 30_000 });
    const download = p.waitForEvent('download');
    await p.getByTestId('check-shares').click();
    const file = path.join(outDir, `trustee-${i + 1}-shares.json`);
    await (await download).saveAs(file);
    backups[i] = file;
    await expect(p.getByTestId('wait-close')).toBeVisible();
  }
  await snap(trusteePages[0]!, '07-trustee-zh');
  await snap(trusteePages[2]!, '07-trustee-en');
  // Private material never left a browser in clear: no coefficient, key share or transport secret
  // appears in anything a trustee page posted.
  for (const file of backups) {
    const secret = await importTrusteeBackup(
      JSON.parse(readFileSync(file, 'utf8')) as TrusteeBackup,
      PASSPHRASE,
    );
    expect(secret.key_share).toMatch(/^[0-9a-f]{64}$/);
    for (const s of [...secret.coefficients, secret.key_share ?? '', secret.transport_secret ?? ''])
      for (const body of trusteeBodies) expect(body.includes(s)).toBe(false);
  }
  expect(trusteeBodies.length).toBe(6);
  await o.reload();
  await expect(card.getByTestId('election-phase')).toHaveAttribute('data-phase', /scheduled|open/);
  // Nobody has voted yet: no early close on offer.
  await expect(card.getByTestId('close')).toHaveCount(0);
  step('key ceremony done');

  // ---- members vote on their phones; the first audits a ballot before casting ----
  const codes: string[] = [];
  const voterPages: Page[] = [];
  for (const [i, v] of voters.entries()) {
    const en = i === 2;
    const ctx = await newContext(browser, { phone: true, en });
    const p = await signInContext(ctx, `voter${i + 1}`, v);
    watch(p);
    await p.goto('/');
    await p.getByTestId('nav-elections').click();
    await p.getByTestId('my-election').filter({ hasText: title }).click();
    await expect(p.getByRole('heading', { name: title })).toBeVisible();
    if (i === 0) await snap(p, '07-vote-scheduled-zh');
    await expect(async () => {
      await p.reload();
      await expect(p.getByTestId('encrypt')).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: Math.max(30_000, opens.getTime() - Date.now() + 60_000), intervals: [5_000] });
    const pickChair = i === 1 ? '李红梅' : '张建华';
    await p.getByText(pickChair, { exact: true }).click();
    await p.getByText('王磊', { exact: true }).click();
    if (i !== 2) await p.getByText('周敏', { exact: true }).click();
    await p.getByText(en ? 'Yes' : '赞成', { exact: true }).click();
    if (i === 0 || i === 2) await snap(p, `07-vote-ballot-${en ? 'en' : 'zh'}`);
    await p.getByTestId('encrypt').click();
    await expect(p.getByTestId('cast')).toBeVisible({ timeout: 60_000 });
    if (i === 0) {
      await snap(p, '07-vote-encrypted-zh');
      await p.getByTestId('audit').click();
      await expect(p.getByTestId('audit-result')).toContainText('检验通过');
      await snap(p, '07-vote-audited-zh');
      await p.getByTestId('encrypt').click();
      await expect(p.getByTestId('cast')).toBeVisible({ timeout: 60_000 });
    }
    await p.getByTestId('cast').click();
    const code = (await p.getByTestId('tracking-code').textContent({ timeout: 30_000 }))?.trim() ?? '';
    expect(code).toMatch(/^[0-9a-f]{64}$/);
    codes.push(code);
    await snap(p, `07-vote-cast-${en ? 'en' : 'zh'}`);
    await p.getByTestId('board-link').click();
    await p.getByTestId('board-search').locator('input').fill(code);
    await expect(
      p.getByText(en ? 'Found: your ballot is on the board.' : '已找到：您的选票在公告板上。'),
    ).toBeVisible();
    await snap(p, `07-board-${en ? 'en' : 'zh'}`);
    voterPages.push(p);
    step(`voter ${i + 1} cast`);
  }
  expect(new Set(codes).size).toBe(3);
  await o.reload();
  await expect(card.getByTestId('election-counts')).toContainText('已投 3 票');

  // ---- everyone on the roll has voted: close early (long before closesAt), two trustees decrypt ----
  expect(Date.now()).toBeLessThan(closes.getTime());
  await expect(card.getByTestId('election-phase')).toHaveAttribute('data-phase', 'open');
  await expect(card.getByTestId('close')).toHaveText('全员已投票：提前结束投票并生成公告板');
  await snap(o, '07-console-close-early-zh');
  await card.getByTestId('close').click();
  await expect(card.getByTestId('election-phase')).toHaveAttribute('data-phase', 'closed');
  for (const p of trusteePages.slice(0, 2)) {
    await expect(p.getByTestId('decrypt')).toBeVisible({ timeout: 30_000 });
    await p.getByTestId('decrypt').click();
    await expect(p.getByTestId('decrypt')).toHaveCount(0);
  }
  await o.reload();
  await expect(card.getByTestId('election-phase')).toHaveAttribute('data-phase', 'tallied');
  const chair = card.getByTestId('results').filter({ hasText: '工会主席' });
  await expect(chair.getByRole('row', { name: /张建华/ })).toContainText('2');
  await expect(chair.getByRole('row', { name: /李红梅/ })).toContainText('1');
  // The counting log records that voting ended early.
  const listed = await api.call<{ items: { id: string; title: string }[] }>('GET', '/api/elections');
  const electionId = listed.items.find((e) => e.title === title)?.id;
  const log = await api.call<{ items: { action: string; details: Record<string, unknown> }[] }>(
    'GET',
    `/api/elections/${electionId}/log`,
  );
  expect(log.items.find((l) => l.action === 'election.close')?.details).toMatchObject({
    ballots: 3,
    early: true,
  });
  await snap(o, '07-console-tallied-zh');
  step('tallied');

  // The board still lists every code, now from the published, hash-chained board.
  for (const [i, p] of voterPages.entries()) {
    await p.reload();
    await p.getByTestId('board-search').locator('input').fill(codes[i]!);
    await expect(
      p.getByText(i === 2 ? 'Found: your ballot is on the board.' : '已找到：您的选票在公告板上。'),
    ).toBeVisible();
  }

  // ---- the downloaded record verifies; one altered ballot makes it fail ----
  const download = o.waitForEvent('download');
  await card.getByTestId('record').click();
  const record = path.join(outDir, `election-${stamp}.json`);
  await (await download).saveAs(record);
  const cli = path.join(root, 'packages/verifier/dist/cli.js');
  const ok = spawnSync(process.execPath, [cli, record], { encoding: 'utf8', timeout: 120_000 });
  expect(ok.status, ok.stdout + ok.stderr).toBe(0);
  expect(ok.stdout).toMatch(/^VALID: 3 ballots/);
  const altered = JSON.parse(readFileSync(record, 'utf8'));
  const proof = altered.board.entries[1].ballot.contests[0].options[0].proof;
  proof.v[0] = proof.v[0].replace(/^./, (c: string) => (c === '0' ? '1' : '0'));
  const bad = path.join(outDir, `election-${stamp}-altered.json`);
  writeFileSync(bad, JSON.stringify(altered));
  const ko = spawnSync(process.execPath, [cli, bad, '--quiet'], { encoding: 'utf8', timeout: 120_000 });
  expect(ko.status, ko.stdout + ko.stderr).toBe(1);
  expect(ko.stdout).toContain('INVALID: ballot[1]');

  // ---- English views of the officer's and members' pages ----
  await o.evaluate(() => localStorage.setItem('uh.lang', 'en'));
  await o.reload();
  await expect(card.getByTestId('results').first()).toBeVisible();
  await snap(o, '07-console-tallied-en');
  const v1 = voterPages[0]!;
  await v1.goto('/my/elections');
  await expect(v1.getByTestId('my-election').first()).toBeVisible();
  await snap(v1, '07-my-elections-zh');
  const v3 = voterPages[2]!;
  await v3.goto('/my/elections');
  await expect(v3.getByTestId('my-election').first()).toBeVisible();
  await snap(v3, '07-my-elections-en');
  expect(pageErrors).toEqual([]);
  step('done');
  for (const c of browser.contexts()) await c.close();
});
