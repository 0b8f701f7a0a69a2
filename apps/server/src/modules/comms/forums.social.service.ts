/**
 * The forum's social side. Reactions: a fixed set of kinds, one per member per kind and post,
 * toggled. Mentions: `@username` or `@显示名` in a body notify accounts that can see the board (decided
 * in SQL with the board's own visibility query), once per post. Bans: a moderator bans an account from
 * every board of an org subtree until a time; banned accounts cannot open threads, reply or react.
 * Moving threads needs forum.moderate on both boards. Every moderator action is audited.
 */
import { sql } from 'kysely';
import { inScope, requireAccess, requirePermissionSomewhere } from '../../kernel/auth/access.js';
import type { Actor } from '../../kernel/auth/actor.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { forumsRepo } from './forums.repo.js';
import { forumsSocialRepo, type ReactionKind } from './forums.social.repo.js';
import { FORUM_MENTION_TEMPLATE } from './forums.templates.js';
import { syncThreadIndex } from './search.service.js';

/** Officers who passed MFA also read the boards they moderate (forumsRepo's `moderator`). */
export const reader = (actor: Actor) => actor.isOfficer && actor.mfaPassed;

export const REACTION_KINDS: readonly ReactionKind[] = ['like', 'thanks', 'support', 'question'];
const MAX_MENTIONS = 20;
const MAX_BAN_MS = 366 * 24 * 3600 * 1000;

/**
 * The `@` tokens of a body: for each, the lower-cased username candidate (its leading ASCII run) and
 * display-name candidates (every prefix of two or more characters, since Chinese text has no spaces
 * after a name: `@张三你好` may mean 张三).
 */
export function parseMentions(body: string): { usernames: string[]; names: string[]; tokens: string[] } {
  const tokens: string[] = [];
  for (const m of body.matchAll(/(?<![A-Za-z0-9_.])@([\p{L}\p{N}_.-]{1,40})/gu)) {
    const t = m[1]!.replace(/[.-]+$/, '');
    if (t) tokens.push(t);
    if (tokens.length >= MAX_MENTIONS) break;
  }
  const usernames = new Set<string>();
  const names = new Set<string>();
  for (const t of tokens) {
    const ascii = /^[A-Za-z0-9_.-]+/.exec(t)?.[0];
    if (ascii) usernames.add(ascii.toLowerCase());
    const chars = Array.from(t);
    for (let n = Math.min(chars.length, 30); n >= 2; n--) names.add(chars.slice(0, n).join(''));
  }
  return { usernames: [...usernames], names: [...names], tokens };
}

/** Picks, per token, the username match or else the longest display name the token starts with. */
export function resolveMentions(
  tokens: string[],
  candidates: Array<{ id: string; username: string; display_name: string }>,
): string[] {
  const out = new Set<string>();
  for (const t of tokens) {
    const ascii = /^[A-Za-z0-9_.-]+/.exec(t)?.[0]?.toLowerCase();
    const byUser = ascii ? candidates.filter((c) => c.username.toLowerCase() === ascii) : [];
    if (byUser.length) {
      for (const c of byUser) out.add(c.id);
      continue;
    }
    const named = candidates.filter((c) => c.display_name.length >= 2 && t.startsWith(c.display_name));
    const longest = Math.max(0, ...named.map((c) => c.display_name.length));
    for (const c of named) if (c.display_name.length === longest) out.add(c.id);
  }
  return [...out].slice(0, MAX_MENTIONS);
}

/**
 * Records the mentions of a new post (inside its transaction) and returns whom to notify: accounts
 * that can see the board, never the author.
 */
export async function recordMentions(
  trx: Database,
  input: { boardId: string; postId: string; body: string; authorId: string },
): Promise<string[]> {
  const p = parseMentions(input.body);
  if (p.tokens.length === 0) return [];
  const repo = forumsSocialRepo(trx);
  const candidates = await repo.mentionCandidates(input.boardId, p.usernames, p.names);
  const ids = resolveMentions(p.tokens, candidates).filter((id) => id !== input.authorId);
  return repo.insertMentions(input.postId, ids);
}

/**
 * Accounts the caller can mention on a board (autocomplete): readers of the board whose username or
 * display name starts with `prefix`.
 * @throws AppError not_found when the board is not visible to the caller
 */
export async function mentionable(deps: Deps, actor: Actor, boardId: string, prefix: string) {
  if (!(await forumsRepo(deps.db, reader(actor)).visibleBoard(actor.userId, boardId)))
    throw new AppError('not_found');
  const rows = await forumsSocialRepo(deps.db).mentionable(boardId, prefix.trim());
  return { items: rows.map((r) => ({ userId: r.id, username: r.username, name: r.display_name })) };
}

/** Sends the mention notifications after the commit; a failing channel never fails the post. */
export async function notifyMentions(
  deps: Deps,
  actor: Actor,
  userIds: string[],
  thread: { id: string; title: string },
): Promise<void> {
  for (const userId of userIds) {
    await deps.notifier
      .send({
        userId,
        template: FORUM_MENTION_TEMPLATE,
        params: { from: actor.displayName, title: thread.title, link: `/forums/threads/${thread.id}` },
      })
      .catch(() => undefined);
  }
}

/** @throws AppError forum.banned while the actor is banned from boards of `boardOrgId`. */
export async function assertNotBanned(deps: Deps, actor: Actor, boardOrgId: string): Promise<void> {
  const ban = await forumsSocialRepo(deps.db).activeBan(actor.userId, boardOrgId, deps.clock.now());
  if (ban) throw new AppError('forum.banned', { until: new Date(ban.until).toISOString() });
}

export async function bannedUntil(deps: Deps, actor: Actor, boardOrgId: string): Promise<string | null> {
  const ban = await forumsSocialRepo(deps.db).activeBan(actor.userId, boardOrgId, deps.clock.now());
  return ban ? new Date(ban.until).toISOString() : null;
}

export type PostSocial = {
  reactions: Array<{ kind: ReactionKind; count: number; mine: boolean }>;
  mentions: Array<{ userId: string; name: string }>;
};

/** Reaction counts (all kinds, fixed order) and mentions of each post. */
export async function postSocial(deps: Deps, actor: Actor, postIds: string[]) {
  const repo = forumsSocialRepo(deps.db);
  const [counts, mentions] = await Promise.all([
    repo.reactionCounts(postIds, actor.userId),
    repo.mentionsOf(postIds),
  ]);
  const out = new Map<string, PostSocial>();
  for (const id of postIds)
    out.set(id, { reactions: REACTION_KINDS.map((kind) => ({ kind, count: 0, mine: false })), mentions: [] });
  for (const c of counts) {
    const r = out.get(c.post_id)?.reactions.find((x) => x.kind === c.kind);
    if (r) {
      r.count = Number(c.n);
      r.mine = Boolean(c.mine);
    }
  }
  for (const m of mentions) out.get(m.post_id)?.mentions.push({ userId: m.user_id, name: m.display_name });
  return out;
}

/**
 * Toggles the actor's reaction of one kind on a post.
 * @throws AppError not_found (post not visible, hidden or in a hidden thread), forum.banned
 */
export async function toggleReaction(deps: Deps, actor: Actor, postId: string, kind: ReactionKind) {
  const p = await forumsRepo(deps.db, reader(actor)).visiblePost(actor.userId, postId);
  if (!p || p.hidden || p.thread_hidden) throw new AppError('not_found');
  await assertNotBanned(deps, actor, p.org_id);
  return deps.db.transaction().execute(async (trx) => {
    const r = forumsSocialRepo(trx);
    const active = await r.toggleReaction(postId, actor.userId, kind, deps.clock.now());
    return { kind, active, count: await r.reactionCount(postId, kind) };
  });
}

/**
 * Moves a thread to another board; needs forum.moderate on both boards' orgs.
 * @throws AppError not_found (either board outside the scope), bad_request (same board)
 */
export async function moveThread(
  deps: Deps,
  actor: Actor,
  threadId: string,
  input: { boardId: string; reason: string },
) {
  const t = await forumsRepo(deps.db, reader(actor)).visibleThread(actor.userId, threadId);
  if (!t) throw new AppError('not_found');
  await requireAccess(deps.db, actor, 'forum.moderate', t.org_id);
  const target = await forumsSocialRepo(deps.db).board(input.boardId);
  if (!target) throw new AppError('not_found');
  await requireAccess(deps.db, actor, 'forum.moderate', target.org_id);
  if (target.id === t.board_id) throw new AppError('bad_request');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await forumsSocialRepo(trx).moveThread(threadId, target.id);
    await syncThreadIndex(trx, threadId); // the posts' search rows move with the thread
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'forum.thread_moved',
        targetType: 'forum_thread',
        targetId: threadId,
        orgId: target.org_id,
        details: { fromBoardId: t.board_id, toBoardId: target.id, fromOrgId: t.org_id, reason: input.reason },
      },
      now,
    );
  });
  return { ok: true };
}

/**
 * Bans an account from the boards of an org subtree until `until`.
 * @throws AppError not_found (org outside the scope, unknown user), validation_failed (until)
 */
export async function banUser(
  deps: Deps,
  actor: Actor,
  input: { orgId: string; userId: string; reason: string; until: string },
) {
  await requireAccess(deps.db, actor, 'forum.moderate', input.orgId);
  const now = deps.clock.now();
  const until = new Date(input.until);
  if (Number.isNaN(until.getTime()) || until <= now || until.getTime() - now.getTime() > MAX_BAN_MS)
    throw new AppError('validation_failed', { field: 'until' });
  if (!(await forumsSocialRepo(deps.db).userExists(input.userId))) throw new AppError('not_found');
  return deps.db.transaction().execute(async (trx) => {
    const { id } = await forumsSocialRepo(trx).insertBan({
      org_id: input.orgId,
      user_id: input.userId,
      reason: input.reason,
      until,
      created_by: actor.userId,
      created_at: now,
    });
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'forum.user_banned',
        targetType: 'user',
        targetId: input.userId,
        orgId: input.orgId,
        details: { banId: id, until: until.toISOString(), reason: input.reason },
      },
      now,
    );
    return { id };
  });
}

/** @throws AppError not_found when the ban's org is outside the caller's scope. */
export async function liftBan(deps: Deps, actor: Actor, banId: string, reason: string) {
  const ban = await forumsSocialRepo(deps.db).ban(banId);
  if (!ban) throw new AppError('not_found');
  await requireAccess(deps.db, actor, 'forum.moderate', ban.org_id);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await forumsSocialRepo(trx).liftBan(banId, actor.userId, now);
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'forum.ban_lifted',
        targetType: 'user',
        targetId: ban.user_id,
        orgId: ban.org_id,
        details: { banId, reason },
      },
      now,
    );
  });
  return { ok: true };
}

/** Active bans within the caller's forum.moderate scope. @throws AppError forbidden */
export async function listBans(deps: Deps, actor: Actor) {
  await requirePermissionSomewhere(deps.db, actor, 'forum.moderate');
  const rows = await forumsSocialRepo(deps.db).activeBans(
    inScope(deps.db, actor, 'forum.moderate', sql.ref('f.org_id')),
    deps.clock.now(),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      orgId: r.org_id,
      orgName: r.org_name,
      userId: r.user_id,
      userName: r.user_name,
      reason: r.reason,
      until: new Date(r.until).toISOString(),
      createdAt: new Date(r.created_at).toISOString(),
      createdByName: r.created_by_name,
    })),
  };
}
