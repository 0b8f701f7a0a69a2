/**
 * Journey 10 (issue 4, polls and surveys): an officer builds an anonymous survey with all five question
 * kinds for one unit in the console and publishes it; three members answer on phones (one first
 * submits too few choices and sees the server's refusal translated at the question, one answers in
 * English and reorders the ranking with the buttons); the officer reads exact counts, the instant-runoff
 * winner with its rounds and the response rate, and downloads the CSV. Editor, results and the answer
 * page are photographed in Chinese and English.
 */
import { readFileSync } from 'node:fs';
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
import { snap } from './support/screens';
import { contextIn, signInContext, watch } from './support/session';

const RUN = Date.now().toString(36);
const UNIT = `问卷测试车间 ${RUN}`;
const TITLE = `职工食堂满意度调查 ${RUN}`;
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1366, height: 900 } };
const OFFICER: Account = {
  username: `poll.officer.${RUN}`,
  password: 'Birch-Meadow-4471#',
  displayName: '陈委员',
};
const MEMBERS: Account[] = ['一', '二', '三'].map((n, i) => ({
  username: `poll.member${i + 1}.${RUN}`,
  password: `Willow-Creek-${i}${RUN}!`,
  displayName: `问卷会员${n}${RUN}`,
}));

test.beforeAll(() => {
  test.skip(!setupLink, 'needs E2E_SETUP_LINK: run through `npm run test:e2e`');
});

/** Fills the question at `i` of the editor: its title and its option labels (adding option rows as needed). */
async function fillQuestion(page: Page, i: number, title: string, options: string[] = []) {
  const q = page.getByTestId('question-editor').nth(i);
  await q.getByTestId('question-title').fill(title);
  for (const [j, label] of options.entries()) {
    if (j >= 2) await q.getByTestId('option-add').click();
    await q.getByTestId('option-input').nth(j).fill(label);
  }
  return q;
}

/** A member answers on a phone; `invalidFirst` submits one dish only (the question takes 2 to 3). */
async function answer(
  page: Page,
  a: {
    single: string;
    dishes: string[];
    text?: string;
    stars: number;
    ranking: string[];
    invalidFirst?: boolean;
  },
) {
  const choose = (qid: string, label: string) =>
    page.getByTestId(`question-${qid}`).getByText(label, { exact: true }).click();
  await choose('q1', a.single);
  if (a.invalidFirst) {
    await choose('q2', a.dishes[0] ?? '');
  } else for (const d of a.dishes) await choose('q2', d);
  if (a.text) await page.getByTestId('question-q3').getByRole('textbox').fill(a.text);
  await page
    .getByTestId('question-q4')
    .locator('.ant-rate-star')
    .nth(a.stars - 1)
    .click();
  const q5 = page.getByTestId('question-q5');
  for (const r of a.ranking) await q5.getByTestId('rank-add').filter({ hasText: r }).click();
  await expect(q5.getByTestId('rank-item')).toHaveCount(a.ranking.length);
  if (a.invalidFirst) {
    await page.getByTestId('poll-submit').click();
    await expect(page.getByTestId('question-q2').getByTestId('question-error')).toHaveText(
      '这道题请选择 2 至 3 项。',
    );
    await snap(page, '10-answer-phone-error-zh');
    for (const d of a.dishes.slice(1)) await choose('q2', d);
  }
}

test('polls: a survey with five question kinds, answered on phones, counted and exported', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const problems: string[] = [];
  const admin = await ensureAdmin();
  const api = await signIn('admin', admin);
  const root = (await listOrgs(api)).find((o) => o.parentId === null);
  if (!root) throw new Error('no root org');
  const unit = await createOrg(api, root.id, UNIT, 'branch');
  for (const m of MEMBERS) await createMemberWithLogin(api, m, root.id, unit.id);
  const officer = await createOfficerWithMfa(api, 'pollOfficer', OFFICER, 'committee_member', root.id);

  const octx = await contextIn(browser, 'zh-CN', { ...DESKTOP, acceptDownloads: true });
  const o = await signInContext(octx, 'pollOfficer', officer);
  watch(o, problems);
  let pollId = '';

  await test.step('officer builds and publishes the survey', async () => {
    await o.goto('/console/polls');
    await o.getByTestId('poll-create').click();
    await o.getByTestId('poll-org').click();
    await o.keyboard.type(UNIT);
    await o.locator('.ant-select-dropdown:visible').getByTitle(UNIT, { exact: true }).click();
    await o.getByTestId('poll-title').fill(TITLE);
    await o.getByTestId('poll-description').fill('请根据本月就餐体验填写，约需两分钟。');
    await fillQuestion(o, 0, '您对午餐总体满意吗？', ['满意', '一般', '不满意']);
    await o.getByTestId('add-multiple').click();
    const q2 = await fillQuestion(o, 1, '希望增加哪些主食？', ['面条', '米饭', '饺子', '沙拉']);
    await q2.getByTestId('question-min').fill('2');
    await q2.getByTestId('question-max').fill('3');
    await o.getByTestId('add-text').click();
    const q3 = await fillQuestion(o, 2, '其他建议');
    await q3.getByTestId('question-required').click();
    await o.getByTestId('add-rating').click();
    await fillQuestion(o, 3, '请给饭菜口味打分');
    await o.getByTestId('add-ranked').click();
    await fillQuestion(o, 4, '下季度承包商人选（按意愿排序）', ['甲', '乙', '丙']);
    await expect(o.getByTestId('question-editor')).toHaveCount(5);
    await snap(o, '10-console-editor-zh');
    await o.getByTestId('poll-publish').click();
    await expect(o.locator('.ant-modal-confirm')).toContainText('本问卷为匿名');
    await o.getByTestId('publish-ok').click();
    await o.waitForURL(/\/console\/polls\/[0-9a-f-]{36}$/);
    pollId = o.url().split('/').pop() ?? '';
    await expect(o.getByTestId('stat-audience')).toHaveText('3');
    await expect(o.getByTestId('stat-responses')).toHaveText('0');
  });

  const plans = [
    {
      lang: 'zh-CN' as const,
      single: '满意',
      dishes: ['面条', '米饭'],
      text: '希望增加夜宵',
      stars: 5,
      ranking: ['甲', '乙', '丙'],
      invalidFirst: true,
    },
    { lang: 'en' as const, single: '满意', dishes: ['米饭', '饺子'], stars: 4, ranking: ['乙', '甲', '丙'] },
    {
      lang: 'zh-CN' as const,
      single: '一般',
      dishes: ['面条', '米饭', '饺子'],
      text: '周末也开放',
      stars: 3,
      ranking: ['甲', '乙', '丙'],
    },
  ];
  for (const [i, plan] of plans.entries()) {
    await test.step(`member ${i + 1} answers on a phone (${plan.lang})`, async () => {
      const ctx = await contextIn(browser, plan.lang, PHONE);
      const m = await signInContext(ctx, `pollMember${i}`, MEMBERS[i] as Account);
      watch(m, problems);
      await m.goto('/');
      await m.getByTestId('nav-polls').click();
      await m.getByTestId('my-poll').filter({ hasText: TITLE }).click();
      await expect(m.getByTestId('privacy-banner')).toContainText(
        plan.lang === 'en' ? 'This survey is anonymous' : '这是匿名问卷',
      );
      await answer(m, plan);
      if (i === 2) {
        // ranked 甲 乙 丙 by taps; now 丙 to the top by touch and 乙 up by keyboard: 丙 乙 甲
        const q5 = m.getByTestId('question-q5');
        await q5.getByTestId('rank-up').nth(2).tap();
        await q5.getByTestId('rank-up').nth(1).tap();
        await q5.getByTestId('rank-up').nth(2).focus();
        await m.keyboard.press('Enter');
        await expect(q5.getByTestId('rank-item')).toHaveText([/丙/, /乙/, /甲/]);
      }
      if (i < 2) await snap(m, `10-answer-phone-${plan.lang === 'en' ? 'en' : 'zh'}`);
      await m.getByTestId('poll-submit').click();
      await expect(m.getByTestId('poll-done')).toBeVisible();
      // results after answering (the creator chose "after response")
      await expect(m.getByTestId('result-q1').getByTestId('choice-table')).toBeVisible();
      if (i === 2) {
        await expect(m.getByTestId('result-q5').getByTestId('ranked-winner')).toContainText('乙');
        await snap(m, '10-member-results-phone-zh');
      }
      await ctx.close();
    });
  }

  await test.step('officer reads the results and exports CSV', async () => {
    await o.reload();
    await expect(o.getByTestId('stat-responses')).toHaveText('3');
    await expect(o.getByTestId('stat-rate')).toHaveText('100%');
    const rows = (qid: string) =>
      o.getByTestId(`result-${qid}`).getByTestId('choice-table').locator('tbody tr.ant-table-row');
    await expect(rows('q1')).toHaveText([/^满意2/, /^一般1/, /^不满意0/]);
    await expect(rows('q2')).toHaveText([/^面条2/, /^米饭3/, /^饺子2/, /^沙拉0/]);
    await expect(o.getByTestId('result-q4').getByTestId('rating-mean')).toHaveText('平均分：4.00');
    await expect(o.getByTestId('result-q4').getByTestId('rating-distribution')).toHaveText(
      '1 分: 0 · 2 分: 0 · 3 分: 1 · 4 分: 1 · 5 分: 1',
    );
    await expect(o.getByTestId('result-q3').getByTestId('text-answers')).toContainText('希望增加夜宵');
    const q5 = o.getByTestId('result-q5');
    await expect(q5.getByTestId('ranked-winner')).toHaveText('当选：乙');
    // round 1: 1 / 1 / 1, 丙 out by option order; round 2: 甲 1, 乙 2 (a majority)
    await expect(q5.getByTestId('rounds-table').locator('tbody tr.ant-table-row')).toHaveText([
      /^甲11$/,
      /^乙12$/,
      /^丙1—$/,
      /^已耗尽00$/,
    ]);
    await expect(q5.getByTestId('rounds-outcomes').locator('li')).toHaveText([
      '淘汰：丙（平票，按选项顺序决定）',
      '当选：乙',
    ]);
    await expect(o.getByTestId('org-rates')).toContainText(UNIT);
    await snap(o, '10-console-results-zh');

    const [download] = await Promise.all([o.waitForEvent('download'), o.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^poll-${pollId.slice(0, 8)}-\\d{8}\\.csv$`));
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toContain('您对午餐总体满意吗？');
    expect(lines[0]).toContain('下季度承包商人选（按意愿排序）');
    expect(lines[0]).not.toContain('respondent');
    expect(lines).toHaveLength(4);
    const body = lines.slice(1).join('\n');
    for (const part of [
      '面条; 米饭',
      '米饭; 饺子',
      '面条; 米饭; 饺子',
      '甲 > 乙 > 丙',
      '乙 > 甲 > 丙',
      '丙 > 乙 > 甲',
      '周末也开放',
    ]) {
      expect(body).toContain(part);
    }
  });

  await test.step('English console pages', async () => {
    await o.evaluate(() => localStorage.setItem('uh.lang', 'en'));
    await o.reload();
    await expect(o.getByTestId('result-q5').getByTestId('ranked-winner')).toHaveText('Winner: 乙');
    await snap(o, '10-console-results-en');
    await o.goto('/console/polls');
    await expect(o.getByTestId('poll-rate').first()).toBeVisible();
    await snap(o, '10-console-list-en');
    await o.goto('/console/polls/new');
    for (const k of ['multiple', 'text', 'rating', 'ranked']) await o.getByTestId(`add-${k}`).click();
    await fillQuestion(o, 0, 'Which shift do you work?', ['Early', 'Late', 'Night']);
    await fillQuestion(o, 4, 'Rank the training topics', ['Safety', 'Rights', 'Pay']);
    await snap(o, '10-console-editor-en');
  });

  await octx.close();
  expect(problems).toEqual([]);
});
