/**
 * Forums. Reading and posting need the board to be visible to the caller (decided in SQL; otherwise
 * 404). Moderation needs forum.moderate on the board's org and is audited: hide/unhide posts,
 * lock/unlock/hide threads, sensitive words (masked on write). Bodies are plain text, shown as text.
 */
import { sql } from 'kysely';
import { inScope, requireAccess, requirePermissionSomewhere } from '../../kernel/auth/access.js';
import type { Actor } from '../../kernel/auth/actor.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { forumsRepo } from './forums.repo.js';
import {
  assertNotBanned,
  bannedUntil,
  notifyMentions,
  postSocial,
  reader,
  recordMentions,
} from './forums.social.service.js';
import { indexDocument, syncThreadIndex } from './search.service.js';

/** Replaces every occurrence of a sensitive word (case-insensitive) with asterisks. */
export function maskWords(text: string, words: string[]): string {
  let out = text;
  for (const w of words) {
    if (!w) continue;
    const lower = out.toLowerCase();
    const needle = w.toLowerCase();
    let i = lower.indexOf(needle);
    while (i >= 0) {
      out = out.slice(0, i) + '*'.repeat(w.length) + out.slice(i + w.length);
      i = out.toLowerCase().indexOf(needle, i + w.length);
    }
  }
  return out;
}

const canModerate = (deps: Deps, actor: Actor, orgId: string) =>
  actor.isOfficer && actor.mfaPassed
    ? forumsRepo(deps.db).canModerate(actor.userId, orgId)
    : Promise.resolve(false);

export async function listBoards(deps: Deps, actor: Actor) {
  const rows = await forumsRepo(deps.db, reader(actor)).listBoards(actor.userId);
  return {
    items: rows.map((b) => ({
      id: b.id,
      orgId: b.org_id,
      orgName: b.org_name,
      name: b.name,
      description: b.description,
      visibility: b.visibility,
    })),
  };
}

/** @throws AppError not_found when the org is outside the caller's forum.moderate scope. */
export async function createBoard(
  deps: Deps,
  actor: Actor,
  input: {
    orgId: string;
    name: string;
    description?: string | undefined;
    visibility?: 'subtree' | 'union' | undefined;
  },
) {
  await requireAccess(deps.db, actor, 'forum.moderate', input.orgId);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const { id } = await forumsRepo(trx).insertBoard({
      org_id: input.orgId,
      name: input.name,
      description: input.description ?? '',
      visibility: input.visibility ?? 'subtree',
      created_by: actor.userId,
      created_at: now,
    });
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'forum.board_created',
        targetType: 'forum_board',
        targetId: id,
        orgId: input.orgId,
      },
      now,
    );
    return { id };
  });
}

/** A page of the board's threads, pinned first. @throws AppError not_found when the board is not visible. */
export async function listThreads(
  deps: Deps,
  actor: Actor,
  boardId: string,
  paging: { page?: number | undefined; pageSize?: number | undefined } = {},
) {
  const repo = forumsRepo(deps.db, reader(actor));
  const board = await repo.visibleBoard(actor.userId, boardId);
  if (!board) throw new AppError('not_found');
  const mod = await canModerate(deps, actor, board.org_id);
  const page = paging.page ?? 1;
  const pageSize = paging.pageSize ?? 50;
  const [rows, total] = await Promise.all([
    repo.listThreads(boardId, mod, { offset: (page - 1) * pageSize, limit: pageSize }),
    repo.countThreads(boardId, mod),
  ]);
  return {
    total,
    page,
    pageSize,
    items: rows.map((t) => ({
      id: t.id,
      title: t.title,
      locked: t.locked,
      hidden: t.hidden,
      pinned: t.pinned,
      authorName: t.author_name,
      posts: Number(t.posts ?? 0),
      lastPostAt: new Date(t.last_post_at).toISOString(),
    })),
  };
}

/**
 * Opens a thread with its first post; mentions in the body notify readers of the board.
 * @throws AppError not_found when the board is not visible, forum.banned while banned there
 */
export async function createThread(
  deps: Deps,
  actor: Actor,
  boardId: string,
  input: { title: string; body: string },
) {
  const repo = forumsRepo(deps.db, reader(actor));
  const board = await repo.visibleBoard(actor.userId, boardId);
  if (!board) throw new AppError('not_found');
  await assertNotBanned(deps, actor, board.org_id);
  const words = await repo.wordsFor(board.org_id);
  const now = deps.clock.now();
  const title = maskWords(input.title.trim(), words);
  const created = await deps.db.transaction().execute(async (trx) => {
    const r = forumsRepo(trx);
    const { id } = await r.insertThread({
      board_id: boardId,
      title,
      author_id: actor.userId,
      created_at: now,
      last_post_at: now,
    });
    const body = maskWords(input.body.trim(), words);
    const post = await r.insertPost({
      thread_id: id,
      post_no: 1,
      author_id: actor.userId,
      body,
      quote_id: null,
      created_at: now,
    });
    await indexDocument(trx, {
      kind: 'forum_post',
      refId: post.id,
      title,
      body,
      at: now,
      boardId,
      threadId: id,
    });
    const mentioned = await recordMentions(trx, { boardId, postId: post.id, body, authorId: actor.userId });
    return { id, mentioned };
  });
  await notifyMentions(deps, actor, created.mentioned, { id: created.id, title });
  return { id: created.id };
}

export const POSTS_PAGE_SIZE = 20;
/** Characters of a quoted post shown above a reply (the full post is one click away). */
const QUOTE_EXCERPT = 200;

/** Where a page of posts starts: after a cursor (floor number), on page N, or on the page of a post. */
export type PostPaging = {
  cursor?: string | undefined;
  page?: number | undefined;
  around?: string | undefined;
  pageSize?: number | undefined;
};

/**
 * The thread with one page of its posts in floor order (hidden posts keep their place; their text is
 * for moderators only). `around` opens the page holding that post (permalinks, quotes and search hits
 * on later pages); `cursor` continues after a `nextCursor`. Each quoted post comes along as a short
 * excerpt with its floor number, wherever it sits in the thread.
 * @throws AppError not_found when the thread is not visible (or hidden, for non-moderators) or the
 *   `around` post is not in it; forum.bad_cursor for a malformed cursor; bad_request when more than
 *   one of cursor, page and around is given.
 */
export async function getThread(deps: Deps, actor: Actor, threadId: string, paging: PostPaging = {}) {
  const given = [paging.cursor, paging.page, paging.around].filter((v) => v !== undefined);
  if (given.length > 1) throw new AppError('bad_request', { reason: 'one_of_cursor_page_around' });
  if (paging.cursor !== undefined && !/^(0|[1-9]\d{0,8})$/.test(paging.cursor))
    throw new AppError('forum.bad_cursor');
  const repo = forumsRepo(deps.db, reader(actor));
  const t = await repo.visibleThread(actor.userId, threadId);
  if (!t) throw new AppError('not_found');
  const mod = await canModerate(deps, actor, t.org_id);
  if (t.hidden && !mod) throw new AppError('not_found');
  const size = paging.pageSize ?? POSTS_PAGE_SIZE;
  let after: number;
  if (paging.cursor !== undefined) after = Number(paging.cursor);
  else if (paging.around !== undefined) {
    const target = await repo.postInThread(threadId, paging.around);
    if (!target) throw new AppError('not_found');
    after = Math.floor((target.post_no - 1) / size) * size;
  } else after = ((paging.page ?? 1) - 1) * size;
  const posts = await repo.postsPage(threadId, after, size);
  const quoted = new Map(
    (
      await repo.quotedPosts(threadId, [...new Set(posts.flatMap((p) => (p.quote_id ? [p.quote_id] : [])))])
    ).map((q) => [q.id, q]),
  );
  const social = await postSocial(
    deps,
    actor,
    posts.map((p) => p.id),
  );
  const total = t.post_count;
  const last = posts.at(-1)?.post_no ?? after;
  // a hidden post's text (and the mentions in it) is for moderators only
  const shown = (p: { hidden: boolean; body: string }) => (p.hidden && !mod ? '' : p.body);
  return {
    id: t.id,
    boardId: t.board_id,
    boardName: t.board_name,
    boardOrgId: t.org_id,
    title: t.title,
    locked: t.locked,
    hidden: t.hidden,
    pinned: t.pinned,
    canModerate: mod,
    bannedUntil: await bannedUntil(deps, actor, t.org_id),
    totalPosts: total,
    pageSize: size,
    page: Math.floor(after / size) + 1,
    pages: Math.max(1, Math.ceil(total / size)),
    prevCursor: after > 0 ? String(Math.max(0, after - size)) : null,
    nextCursor: last < total ? String(last) : null,
    posts: posts.map((p) => {
      const q = p.quote_id ? quoted.get(p.quote_id) : undefined;
      return {
        id: p.id,
        no: p.post_no,
        authorId: p.author_id,
        authorName: p.author_name,
        body: shown(p),
        hidden: p.hidden,
        quoteId: p.quote_id,
        quote: q
          ? {
              id: q.id,
              no: q.post_no,
              authorName: q.author_name,
              hidden: q.hidden,
              excerpt: [...shown(q)].slice(0, QUOTE_EXCERPT).join(''),
            }
          : null,
        createdAt: new Date(p.created_at).toISOString(),
        reactions: social.get(p.id)!.reactions,
        mentions: p.hidden && !mod ? [] : social.get(p.id)!.mentions,
      };
    }),
  };
}

/**
 * Replies (optionally quoting a post of the same thread).
 * @throws AppError not_found (not visible), forum.locked (locked or hidden thread), bad_request (quote)
 */
export async function replyToThread(
  deps: Deps,
  actor: Actor,
  threadId: string,
  input: { body: string; quoteId?: string | undefined },
) {
  const repo = forumsRepo(deps.db, reader(actor));
  const t = await repo.visibleThread(actor.userId, threadId);
  if (!t || t.hidden) throw new AppError('not_found');
  if (t.locked) throw new AppError('forum.locked');
  await assertNotBanned(deps, actor, t.org_id);
  if (input.quoteId && !(await repo.postInThread(threadId, input.quoteId))) throw new AppError('bad_request');
  const words = await repo.wordsFor(t.org_id);
  const now = deps.clock.now();
  const created = await deps.db.transaction().execute(async (trx) => {
    const r = forumsRepo(trx);
    const body = maskWords(input.body.trim(), words);
    const { id } = await r.insertPost({
      thread_id: threadId,
      post_no: await r.nextPostNo(threadId, now),
      author_id: actor.userId,
      body,
      quote_id: input.quoteId ?? null,
      created_at: now,
    });
    await indexDocument(trx, {
      kind: 'forum_post',
      refId: id,
      title: t.title,
      body,
      at: now,
      boardId: t.board_id,
      threadId,
    });
    const mentioned = await recordMentions(trx, {
      boardId: t.board_id,
      postId: id,
      body,
      authorId: actor.userId,
    });
    return { id, mentioned };
  });
  await notifyMentions(deps, actor, created.mentioned, { id: threadId, title: t.title });
  return { id: created.id };
}

/** @throws AppError not_found when the post is not visible. */
export async function reportPost(deps: Deps, actor: Actor, postId: string, reason: string) {
  const repo = forumsRepo(deps.db, reader(actor));
  const p = await repo.visiblePost(actor.userId, postId);
  if (!p) throw new AppError('not_found');
  await repo.insertReport({
    post_id: postId,
    reporter_id: actor.userId,
    reason,
    created_at: deps.clock.now(),
  });
  return { ok: true };
}

/** @throws AppError not_found outside the moderator's scope. */
export async function moderatePost(
  deps: Deps,
  actor: Actor,
  postId: string,
  action: 'hide' | 'unhide',
  reason: string,
) {
  const p = await forumsRepo(deps.db, reader(actor)).visiblePost(actor.userId, postId);
  if (!p) throw new AppError('not_found');
  await requireAccess(deps.db, actor, 'forum.moderate', p.org_id);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await forumsRepo(trx).setPostHidden(postId, action === 'hide');
    await syncThreadIndex(trx, p.thread_id);
    await forumsRepo(trx).resolveReports(postId);
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: `forum.post_${action}`,
        targetType: 'forum_post',
        targetId: postId,
        orgId: p.org_id,
        details: { reason },
      },
      now,
    );
  });
  return { ok: true };
}

/** @throws AppError not_found outside the moderator's scope. */
export async function moderateThread(
  deps: Deps,
  actor: Actor,
  threadId: string,
  action: 'lock' | 'unlock' | 'hide' | 'unhide' | 'pin' | 'unpin',
  reason: string,
) {
  const t = await forumsRepo(deps.db, reader(actor)).visibleThread(actor.userId, threadId);
  if (!t) throw new AppError('not_found');
  await requireAccess(deps.db, actor, 'forum.moderate', t.org_id);
  const flags =
    action === 'lock' || action === 'unlock'
      ? { locked: action === 'lock' }
      : action === 'pin' || action === 'unpin'
        ? { pinned: action === 'pin' }
        : { hidden: action === 'hide' };
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await forumsRepo(trx).setThreadFlags(threadId, flags);
    await syncThreadIndex(trx, threadId);
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: `forum.thread_${action}`,
        targetType: 'forum_thread',
        targetId: threadId,
        orgId: t.org_id,
        details: { reason },
      },
      now,
    );
  });
  return { ok: true };
}

/** @throws AppError not_found when the org is outside the caller's forum.moderate scope. */
export async function addSensitiveWords(deps: Deps, actor: Actor, orgId: string, words: string[]) {
  await requireAccess(deps.db, actor, 'forum.moderate', orgId);
  const clean = [...new Set(words.map((w) => w.trim()).filter(Boolean))];
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await forumsRepo(trx).addWords(orgId, clean, now);
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'forum.words_added',
        targetType: 'org',
        targetId: orgId,
        orgId,
        details: { count: clean.length },
      },
      now,
    );
  });
  return { ok: true };
}

export async function openReports(deps: Deps, actor: Actor) {
  await requirePermissionSomewhere(deps.db, actor, 'forum.moderate');
  const rows = await forumsRepo(deps.db).openReports(
    inScope(deps.db, actor, 'forum.moderate', sql.ref('b.org_id')),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      postId: r.post_id,
      threadId: r.thread_id,
      threadTitle: r.title,
      body: r.body,
      reason: r.reason,
      createdAt: new Date(r.created_at).toISOString(),
    })),
  };
}
