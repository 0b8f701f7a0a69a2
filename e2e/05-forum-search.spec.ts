/**
 * Journey 5 (issue 6): a member opens a forum thread with a Chinese title, another member replies
 * quoting it (with an @mention) and reacts, the first member finds the thread through search, and a
 * moderator locks it: the reply box then says it is locked. A thread of 21 posts comes in two pages;
 * a quote on page 2 leads back to the quoted post on page 1. Screenshots at phone and desktop sizes,
 * in zh-CN and en.
 */
import { expect, test } from '@playwright/test';
import { type Account, type ApiClient, ApiError, ensureAdmin, listOrgs, signIn } from './support/api';
import { snap } from './support/screens';
import { ensureUser, signedInPage } from './support/session';

const stamp = Date.now();
const A: Account = { username: `forum.li.${stamp}`, password: 'Maple-Lantern-5821#', displayName: '李晓红' };
const B: Account = {
  username: `forum.zhao.${stamp}`,
  password: 'Cedar-Harbour-9046#',
  displayName: '赵志强',
};
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

test('members post, quote, react and search in the forum; a moderator locks the thread', async ({
  browser,
}) => {
  const admin = await ensureAdmin();
  const api = await signIn('admin', admin);
  const root = (await listOrgs(api)).find((o) => o.parentId === null);
  if (!root) throw new Error('no root org');
  for (const m of [A, B]) await ensureUser(api, m, root.id);
  const boardName = `职工之家 ${stamp}`;
  await api.call('POST', '/api/forums/boards', {
    orgId: root.id,
    name: boardName,
    description: '食堂、通勤、文体活动，大家的事大家议。',
    visibility: 'subtree',
  });

  // Member A opens a thread with a Chinese title (phone).
  const a = await signedInPage(browser, 'forumA', A, { viewport: PHONE });
  await a.goto('/');
  await a.getByTestId('nav-forums').click();
  await a.getByRole('link', { name: boardName }).click();
  await snap(a, '05-board-phone-zh');
  await a.getByTestId('thread-new').click();
  const title = `关于改进食堂伙食的建议 ${stamp}`;
  await a.getByTestId('thread-title').fill(title);
  await a
    .getByTestId('thread-body')
    .fill('最近食堂的伙食比较单一，建议每周增加两次面食。\n欢迎大家补充意见。<b>不是粗体</b>');
  await a.getByTestId('thread-submit').click();
  await expect(a).toHaveURL(/\/forums\/threads\/.+/);
  await expect(a.getByTestId('thread-title-text')).toHaveText(title);
  // plain text: the tag is shown as typed, never parsed
  await expect(a.getByTestId('post-body').first()).toContainText('<b>不是粗体</b>');
  const threadUrl = a.url();

  // Member B replies quoting the first post, mentions A and reacts.
  const b = await signedInPage(browser, 'forumB', B, { viewport: PHONE });
  await b.goto('/forums');
  await b.getByRole('link', { name: boardName }).click();
  await b.getByRole('link', { name: title }).click();
  await b.getByTestId('post-quote-btn').first().click();
  await expect(b.getByTestId('reply-quote')).toContainText('最近食堂的伙食比较单一');
  await b.getByTestId('reply-input').fill(`赞同！@${A.displayName} 还可以增加一些清淡的菜。`);
  await b.getByTestId('reply-submit').click();
  const replyPost = b.getByTestId('forum-post').nth(1);
  await expect(replyPost).toContainText('还可以增加一些清淡的菜');
  await expect(replyPost.getByTestId('post-quote')).toContainText('最近食堂的伙食比较单一');
  await expect(replyPost.getByTestId('post-mention')).toHaveText(`@${A.displayName}`);
  const first = b.getByTestId('forum-post').first();
  await first.getByTestId('react-like').click();
  await expect(first.getByTestId('react-like-count')).toHaveText('1');
  await expect(first.getByTestId('react-like')).toHaveAttribute('aria-pressed', 'true');
  await snap(b, '05-thread-phone-zh');

  // Member A searches a Chinese word and finds the thread.
  await a.getByTestId('header-search-button').click();
  await a.getByTestId('search-input').locator('input').fill(`伙食 ${stamp}`);
  await a.getByTestId('search-input').locator('input').press('Enter');
  const group = a.getByTestId('search-group-forum_post');
  await expect(group.getByRole('link', { name: title }).first()).toBeVisible();
  await expect(group.locator('mark').first()).toBeVisible();
  expect(a.url()).not.toContain('伙食');
  expect(a.url()).not.toContain(encodeURIComponent('伙食'));
  await snap(a, '05-search-phone-zh');
  await group.getByRole('link', { name: title }).first().click();
  // a hit opens the thread on the page of its post (?post=<id>)
  await a.waitForURL((u) => u.href.startsWith(`${threadUrl}?post=`));
  await expect(a.getByTestId('forum-post').first().getByTestId('react-like-count')).toHaveText('1');

  // The moderator locks the thread (desktop console).
  const o = await signedInPage(browser, 'admin', admin, { viewport: DESKTOP });
  await o.goto(new URL(threadUrl).pathname);
  await o.getByTestId('thread-lock').click();
  await o.getByTestId('reason-input').fill('讨论已充分，工会将汇总意见反馈给食堂');
  await o.getByTestId('modal-ok').click();
  await expect(o.getByTestId('thread-locked-tag')).toBeVisible();
  await expect(o.getByTestId('thread-unlock')).toBeVisible();
  // ... and pins it: members see it first on the board, marked 置顶.
  await o.getByTestId('thread-pin').click();
  await o.getByTestId('reason-input').fill('食堂意见集中讨论，置顶便于大家看到');
  await o.getByTestId('modal-ok').click();
  await expect(o.getByTestId('thread-unpin')).toBeVisible();

  await b.reload();
  await expect(b.getByTestId('reply-locked')).toContainText('该主题已被锁定');
  await expect(b.getByTestId('reply-input')).toHaveCount(0);
  await snap(b, '05-thread-locked-phone-zh');
  await b.getByTestId('thread-board-link').click();
  await expect(b.getByTestId('forum-thread').first().getByTestId('thread-pinned-tag')).toBeVisible();

  // Console pages at desktop size, and the other pages for the record.
  await o.goto('/console/forums');
  await expect(o.getByRole('tab', { name: '举报处理' })).toBeVisible();
  await snap(o, '05-moderation-desktop-zh');
  await o.goto('/console');
  await o.getByTestId('header-search').locator('input').fill('食堂');
  await o.getByTestId('header-search').locator('input').press('Enter');
  await expect(o).toHaveURL(/\/console\/search$/);
  await expect(o.getByTestId('search-group-forum_post')).toBeVisible();
  await snap(o, '05-search-desktop-zh');
  await o.goto(new URL(threadUrl).pathname);
  await expect(o.getByTestId('forum-post')).toHaveCount(2);
  await snap(o, '05-thread-desktop-zh');
  await o.goto('/forums');
  await expect(o.getByRole('link', { name: boardName })).toBeVisible();
  await snap(o, '05-boards-desktop-zh');
  await a.goto('/forums');
  await expect(a.getByRole('link', { name: boardName })).toBeVisible();
  await snap(a, '05-boards-phone-zh');

  // English, phone and desktop.
  const e = await signedInPage(browser, 'forumA', A, { viewport: PHONE, lang: 'en' });
  await e.goto(new URL(threadUrl).pathname);
  await expect(e.getByTestId('reply-locked')).toContainText('locked');
  await expect(e.getByTestId('forum-post')).toHaveCount(2);
  await snap(e, '05-thread-phone-en');
  await e.setViewportSize(DESKTOP);
  await e.goto('/forums');
  await expect(e.getByRole('link', { name: boardName })).toBeVisible();
  await snap(e, '05-boards-desktop-en');

  for (const p of [a, b, o, e]) await p.context().close();
});

/** Replies through the API; when the per-client posting limit is reached, waits it out and retries. */
async function replyPaced(api: ApiClient, threadId: string, body: string, quoteId?: string): Promise<string> {
  for (;;) {
    try {
      const r = await api.call<{ id: string }>('POST', `/api/forums/threads/${threadId}/posts`, {
        body,
        ...(quoteId ? { quoteId } : {}),
      });
      return r.id;
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 429)) throw e;
      const details = (e.body as { details?: { retryAfterSeconds?: number } }).details;
      await new Promise((ok) => setTimeout(ok, ((details?.retryAfterSeconds ?? 60) + 1) * 1000));
    }
  }
}

test('a long thread is paged; a quote on a later page leads back to the quoted post', async ({ browser }) => {
  // 20 replies go through the posting limit (20 a minute per client), which may mean one wait
  test.setTimeout(300_000);
  const admin = await ensureAdmin();
  const api = await signIn('admin', admin);
  const root = (await listOrgs(api)).find((o) => o.parentId === null);
  if (!root) throw new Error('no root org');
  for (const m of [A, B]) await ensureUser(api, m, root.id);
  const board = await api.call<{ id: string }>('POST', '/api/forums/boards', {
    orgId: root.id,
    name: `食堂意见 ${stamp}`,
    visibility: 'subtree',
  });
  const apiA = await signIn('forumA', A);
  const apiB = await signIn('forumB', B);
  const thread = await apiA.call<{ id: string }>('POST', `/api/forums/boards/${board.id}/threads`, {
    title: `食堂改进意见汇总 ${stamp}`,
    body: '请大家按条目提意见，工会每月汇总后与食堂沟通。',
  });
  const opinions = [
    '建议早餐增加豆浆和油条。',
    '夜班同事希望夜宵供应延长到凌晨一点。',
    '菜价能否在食堂门口公示？',
    '支持每周两次面食。',
    '餐具消毒要加强，最近偶尔有油渍。',
    '可以请职工每月给菜品打分并公布结果。',
    '周末加班时食堂也请开放。',
  ];
  const ids: string[] = [];
  for (let n = 2; n <= 20; n++)
    ids[n] = await replyPaced(n % 2 ? apiA : apiB, thread.id, `${opinions[n % opinions.length]}（第${n}条）`);
  // floor 21 opens page 2 and quotes floor 2 on page 1
  await replyPaced(apiB, thread.id, '同意2楼的意见，豆浆最好是现磨的。', ids[2]);

  const path = `/forums/threads/${thread.id}`;
  const a = await signedInPage(browser, 'forumA', A, { viewport: PHONE });
  await a.goto(path);
  await expect(a.getByTestId('forum-post')).toHaveCount(20);
  const pager = a.getByTestId('thread-pager').first();
  await expect(pager).toBeVisible();
  await snap(a, '05-thread-pages-phone-zh');
  await pager.locator('.ant-pagination-next').click();
  await expect(a).toHaveURL(/\?page=2$/);
  await expect(a.getByTestId('forum-post')).toHaveCount(1);
  const quote = a.getByTestId('forum-post').first().getByTestId('post-quote');
  await expect(quote).toContainText('2 楼');
  await expect(quote).toContainText('（第2条）');
  await snap(a, '05-thread-page2-phone-zh');
  await quote.getByTestId('post-quote-jump').click();
  await expect(a).toHaveURL(new RegExp(`\\?post=${ids[2]}$`));
  await expect(a.getByTestId('forum-post')).toHaveCount(20);
  await expect(a.locator('[data-marked]')).toContainText('（第2条）');
  await expect(a.locator('[data-marked]')).toBeInViewport();

  const e = await signedInPage(browser, 'forumA', A, { viewport: PHONE, lang: 'en' });
  await e.goto(path);
  await expect(e.getByTestId('forum-post')).toHaveCount(20);
  await snap(e, '05-thread-pages-phone-en');
  await e.goto(`${path}?page=2`);
  await expect(e.getByTestId('post-quote')).toContainText('Quoting #2');
  await snap(e, '05-thread-page2-phone-en');
  await e.setViewportSize(DESKTOP);
  await e.goto(`${path}?page=2`);
  await expect(e.getByTestId('forum-post')).toHaveCount(1);
  await snap(e, '05-thread-page2-desktop-en');
  for (const p of [a, e]) await p.context().close();
});
