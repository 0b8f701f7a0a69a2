/** SQL of the forum's social side: reactions, mentions, bans and moving threads. */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Database } from '../../kernel/db/pool.js';
import type { ForumReactionsTable } from '../../kernel/db/types.js';
import { visibleBoardsQuery } from './forums.repo.js';

export type ReactionKind = ForumReactionsTable['kind'];

export function forumsSocialRepo(db: Database) {
  return {
    /** Reaction counts per post and kind, with whether `userId` is among them. */
    reactionCounts(postIds: string[], userId: string) {
      if (postIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('forum_reactions')
        .where('post_id', 'in', postIds)
        .groupBy(['post_id', 'kind'])
        .select([
          'post_id',
          'kind',
          (eb) => eb.fn.countAll<string>().as('n'),
          sql<boolean>`bool_or(user_id = ${userId})`.as('mine'),
        ])
        .execute();
    },

    /** Adds the reaction, or removes it if present. Returns whether it is now set. */
    async toggleReaction(postId: string, userId: string, kind: ReactionKind, at: Date): Promise<boolean> {
      const removed = await db
        .deleteFrom('forum_reactions')
        .where('post_id', '=', postId)
        .where('user_id', '=', userId)
        .where('kind', '=', kind)
        .returning('kind')
        .executeTakeFirst();
      if (removed) return false;
      await db
        .insertInto('forum_reactions')
        .values({ post_id: postId, user_id: userId, kind, created_at: at })
        .onConflict((oc) => oc.columns(['post_id', 'user_id', 'kind']).doNothing())
        .execute();
      return true;
    },

    async reactionCount(postId: string, kind: ReactionKind): Promise<number> {
      const r = await db
        .selectFrom('forum_reactions')
        .where('post_id', '=', postId)
        .where('kind', '=', kind)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    /**
     * Active accounts that can see the board and whose username (case-insensitive) or display name
     * is one of the given candidates. Visibility is the same SQL as reading the board.
     */
    mentionCandidates(boardId: string, usernames: string[], names: string[]) {
      if (usernames.length === 0 && names.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('users as c')
        .where('c.status', '=', 'active')
        .where((eb) =>
          eb.or([
            ...(usernames.length ? [eb(eb.fn('lower', ['c.username']), 'in', usernames)] : []),
            ...(names.length ? [eb('c.display_name', 'in', names)] : []),
          ]),
        )
        .where((eb) =>
          eb.exists(
            visibleBoardsQuery(db, sql.ref<string>('c.id'), true).where('b.id', '=', boardId).select('b.id'),
          ),
        )
        .select(['c.id', 'c.username', 'c.display_name'])
        .limit(100)
        .execute();
    },

    /** Up to 10 active accounts that can see the board whose username or display name starts with `prefix`. */
    mentionable(boardId: string, prefix: string) {
      const like = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return db
        .selectFrom('users as c')
        .where('c.status', '=', 'active')
        .where((eb) =>
          eb.or([
            eb(eb.fn('lower', ['c.username']), 'like', like.toLowerCase()),
            eb('c.display_name', 'like', like),
          ]),
        )
        .where((eb) =>
          eb.exists(
            visibleBoardsQuery(db, sql.ref<string>('c.id'), true).where('b.id', '=', boardId).select('b.id'),
          ),
        )
        .select(['c.id', 'c.username', 'c.display_name'])
        .orderBy('c.display_name')
        .limit(10)
        .execute();
    },

    /** Records mentions; returns the users newly mentioned by this post. */
    async insertMentions(postId: string, userIds: string[]): Promise<string[]> {
      if (userIds.length === 0) return [];
      const rows = await db
        .insertInto('forum_mentions')
        .values(userIds.map((user_id) => ({ post_id: postId, user_id })))
        .onConflict((oc) => oc.columns(['post_id', 'user_id']).doNothing())
        .returning('user_id')
        .execute();
      return rows.map((r) => r.user_id);
    },

    mentionsOf(postIds: string[]) {
      if (postIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('forum_mentions as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .where('m.post_id', 'in', postIds)
        .select(['m.post_id', 'm.user_id', 'u.display_name'])
        .orderBy('u.display_name')
        .execute();
    },

    /** The latest-ending active ban of the user on boards of `boardOrgId` (a ban covers a subtree). */
    activeBan(userId: string, boardOrgId: string, now: Date) {
      return db
        .selectFrom('forum_bans as f')
        .innerJoin('orgs as o', 'o.id', 'f.org_id')
        .innerJoin('orgs as bo', (j) => j.on('bo.id', '=', boardOrgId))
        .where('f.user_id', '=', userId)
        .where('f.lifted_at', 'is', null)
        .where('f.until', '>', now)
        .where(sql<SqlBool>`bo.path LIKE o.path || '%'`)
        .select(['f.id', 'f.until'])
        .orderBy('f.until', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    userExists(userId: string) {
      return db.selectFrom('users').where('id', '=', userId).select('id').executeTakeFirst();
    },

    insertBan(row: {
      org_id: string;
      user_id: string;
      reason: string;
      until: Date;
      created_by: string;
      created_at: Date;
    }) {
      return db.insertInto('forum_bans').values(row).returning('id').executeTakeFirstOrThrow();
    },

    ban(banId: string) {
      return db
        .selectFrom('forum_bans')
        .where('id', '=', banId)
        .select(['id', 'org_id', 'user_id', 'lifted_at'])
        .executeTakeFirst();
    },

    liftBan(banId: string, by: string, at: Date) {
      return db
        .updateTable('forum_bans')
        .set({ lifted_at: at, lifted_by: by })
        .where('id', '=', banId)
        .where('lifted_at', 'is', null)
        .execute();
    },

    /** Active bans whose org matches `scope` (the moderator's forum.moderate scope). */
    activeBans(scope: Expression<SqlBool>, now: Date) {
      return db
        .selectFrom('forum_bans as f')
        .innerJoin('orgs as o', 'o.id', 'f.org_id')
        .innerJoin('users as u', 'u.id', 'f.user_id')
        .leftJoin('users as cb', 'cb.id', 'f.created_by')
        .where('f.lifted_at', 'is', null)
        .where('f.until', '>', now)
        .where(scope)
        .select([
          'f.id',
          'f.org_id',
          'o.name as org_name',
          'f.user_id',
          'u.display_name as user_name',
          'f.reason',
          'f.until',
          'f.created_at',
          'cb.display_name as created_by_name',
        ])
        .orderBy('f.created_at', 'desc')
        .limit(500)
        .execute();
    },

    board(boardId: string) {
      return db
        .selectFrom('forum_boards')
        .where('id', '=', boardId)
        .select(['id', 'org_id'])
        .executeTakeFirst();
    },

    moveThread(threadId: string, boardId: string) {
      return db.updateTable('forum_threads').set({ board_id: boardId }).where('id', '=', threadId).execute();
    },
  };
}
