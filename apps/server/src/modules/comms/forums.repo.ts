/** All SQL of the forum tables. Visibility is decided in the queries themselves. */
import { type Expression, type SqlBool, sql } from 'kysely';
import { scopeOrgIds } from '../../kernel/auth/access.js';
import type { Database } from '../../kernel/db/pool.js';

/**
 * Boards the user may read: in their org's ancestry (subtree boards), or union-wide in their union;
 * with `moderator` also every board whose org lies in their forum.moderate scope (pass it only for an
 * officer who passed MFA in this session). `userId` is a value or a column reference (set-based
 * checks such as the audience of a mention).
 */
export const visibleBoardsQuery = (db: Database, userId: string | Expression<string>, moderator = false) =>
  db
    .selectFrom('forum_boards as b')
    .innerJoin('orgs as bo', 'bo.id', 'b.org_id')
    .innerJoin('users as u', (j) => j.on('u.id', '=', userId))
    .innerJoin('orgs as uo', 'uo.id', 'u.org_id')
    .where((eb) =>
      eb.or([
        sql<SqlBool>`uo.path LIKE bo.path || '%'`,
        eb.and([
          eb('b.visibility', '=', 'union'),
          eb.exists(
            db
              .selectFrom('orgs as un')
              .where('un.kind', '=', 'grassroots')
              .where(sql<SqlBool>`bo.path LIKE un.path || '%'`)
              .where(sql<SqlBool>`uo.path LIKE un.path || '%'`)
              .select('un.id'),
          ),
        ]),
        ...(moderator
          ? [
              eb.exists(
                db
                  .selectFrom('grants as mg')
                  .innerJoin('roles as mr', 'mr.key', 'mg.role_key')
                  .innerJoin('orgs as mo', 'mo.id', 'mg.org_id')
                  .where(sql<SqlBool>`mg.user_id = u.id`)
                  .where(sql<SqlBool>`'forum.moderate' = ANY(mr.permissions)`)
                  .where(sql<SqlBool>`bo.path LIKE mo.path || '%'`)
                  .select('mg.id'),
              ),
            ]
          : []),
      ]),
    );

/** `moderator`: the caller is an officer who passed MFA (boards they moderate become readable). */
export function forumsRepo(db: Database, moderator = false) {
  const visibleBoards = (userId: string) => visibleBoardsQuery(db, userId, moderator);

  return {
    listBoards(userId: string) {
      return visibleBoards(userId)
        .select(['b.id', 'b.org_id', 'bo.name as org_name', 'b.name', 'b.description', 'b.visibility'])
        .orderBy('bo.path')
        .orderBy('b.name')
        .execute();
    },

    visibleBoard(userId: string, boardId: string) {
      return visibleBoards(userId)
        .where('b.id', '=', boardId)
        .select(['b.id', 'b.org_id', 'b.name'])
        .executeTakeFirst();
    },

    insertBoard(row: {
      org_id: string;
      name: string;
      description: string;
      visibility: 'subtree' | 'union';
      created_by: string;
      created_at: Date;
    }) {
      return db.insertInto('forum_boards').values(row).returning('id').executeTakeFirstOrThrow();
    },

    /** The thread with its board, if the board is visible to the user. */
    visibleThread(userId: string, threadId: string) {
      return visibleBoards(userId)
        .innerJoin('forum_threads as t', 't.board_id', 'b.id')
        .where('t.id', '=', threadId)
        .select([
          't.id',
          't.board_id',
          't.title',
          't.locked',
          't.hidden',
          't.pinned',
          'b.org_id',
          'b.name as board_name',
          't.author_id',
          't.post_count',
        ])
        .executeTakeFirst();
    },

    visiblePost(userId: string, postId: string) {
      return visibleBoards(userId)
        .innerJoin('forum_threads as t', 't.board_id', 'b.id')
        .innerJoin('forum_posts as p', 'p.thread_id', 't.id')
        .where('p.id', '=', postId)
        .select(['p.id', 'p.thread_id', 'p.hidden', 't.hidden as thread_hidden', 't.locked', 'b.org_id'])
        .executeTakeFirst();
    },

    /** One page of the board's threads, pinned first, then by latest activity. */
    listThreads(boardId: string, includeHidden: boolean, page: { offset: number; limit: number }) {
      let q = db
        .selectFrom('forum_threads as t')
        .leftJoin('users as u', 'u.id', 't.author_id')
        .where('t.board_id', '=', boardId)
        .select([
          't.id',
          't.title',
          't.locked',
          't.hidden',
          't.pinned',
          't.created_at',
          't.last_post_at',
          'u.display_name as author_name',
          't.post_count as posts',
        ])
        .orderBy('t.pinned', 'desc')
        .orderBy('t.last_post_at', 'desc')
        .orderBy('t.id')
        .offset(page.offset)
        .limit(page.limit);
      if (!includeHidden) q = q.where('t.hidden', '=', false);
      return q.execute();
    },

    async countThreads(boardId: string, includeHidden: boolean): Promise<number> {
      let q = db
        .selectFrom('forum_threads as t')
        .where('t.board_id', '=', boardId)
        .select((eb) => eb.fn.countAll<string>().as('n'));
      if (!includeHidden) q = q.where('t.hidden', '=', false);
      return Number((await q.executeTakeFirstOrThrow()).n);
    },

    /** A new thread; its opening post (number 1) is counted already. */
    insertThread(row: {
      board_id: string;
      title: string;
      author_id: string;
      created_at: Date;
      last_post_at: Date;
    }) {
      return db
        .insertInto('forum_threads')
        .values({ ...row, post_count: 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
    },

    insertPost(row: {
      thread_id: string;
      post_no: number;
      author_id: string;
      body: string;
      quote_id: string | null;
      created_at: Date;
    }) {
      return db.insertInto('forum_posts').values(row).returning('id').executeTakeFirstOrThrow();
    },

    /**
     * Records a reply's time and hands out its floor number. The row lock on the thread orders
     * concurrent replies, so numbers have no gaps and no repeats.
     */
    async nextPostNo(threadId: string, at: Date): Promise<number> {
      const r = await db
        .updateTable('forum_threads')
        .set((eb) => ({ last_post_at: at, post_count: eb('post_count', '+', 1) }))
        .where('id', '=', threadId)
        .returning('post_count')
        .executeTakeFirstOrThrow();
      return r.post_count;
    },

    /** A post of the thread with its floor number, or undefined. */
    postInThread(threadId: string, postId: string) {
      return db
        .selectFrom('forum_posts')
        .where('thread_id', '=', threadId)
        .where('id', '=', postId)
        .select(['id', 'post_no'])
        .executeTakeFirst();
    },

    /** Posts numbered after `afterNo`, at most `limit`, in floor order (one range scan). */
    postsPage(threadId: string, afterNo: number, limit: number) {
      return db
        .selectFrom('forum_posts as p')
        .leftJoin('users as u', 'u.id', 'p.author_id')
        .where('p.thread_id', '=', threadId)
        .where('p.post_no', '>', afterNo)
        .select([
          'p.id',
          'p.post_no',
          'p.body',
          'p.quote_id',
          'p.hidden',
          'p.created_at',
          'p.author_id',
          'u.display_name as author_name',
        ])
        .orderBy('p.post_no')
        .limit(limit)
        .execute();
    },

    /** The quoted posts (same thread) of a page, wherever they are in the thread. */
    quotedPosts(threadId: string, ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('forum_posts as p')
        .leftJoin('users as u', 'u.id', 'p.author_id')
        .where('p.thread_id', '=', threadId)
        .where('p.id', 'in', ids)
        .select(['p.id', 'p.post_no', 'p.body', 'p.hidden', 'u.display_name as author_name'])
        .execute();
    },

    setThreadFlags(threadId: string, flags: { locked?: boolean; hidden?: boolean; pinned?: boolean }) {
      return db.updateTable('forum_threads').set(flags).where('id', '=', threadId).execute();
    },

    setPostHidden(postId: string, hidden: boolean) {
      return db.updateTable('forum_posts').set({ hidden }).where('id', '=', postId).execute();
    },

    resolveReports(postId: string) {
      return db
        .updateTable('forum_reports')
        .set({ status: 'resolved' })
        .where('post_id', '=', postId)
        .execute();
    },

    insertReport(row: { post_id: string; reporter_id: string; reason: string; created_at: Date }) {
      return db
        .insertInto('forum_reports')
        .values(row)
        .onConflict((oc) => oc.columns(['post_id', 'reporter_id']).doNothing())
        .execute();
    },

    /** Open reports on boards whose org matches `scope` (the moderator's forum.moderate scope). */
    openReports(scope: Expression<SqlBool>) {
      return db
        .selectFrom('forum_reports as r')
        .innerJoin('forum_posts as p', 'p.id', 'r.post_id')
        .innerJoin('forum_threads as t', 't.id', 'p.thread_id')
        .innerJoin('forum_boards as b', 'b.id', 't.board_id')
        .where('r.status', '=', 'open')
        .where(scope)
        .select([
          'r.id',
          'r.post_id',
          'r.reason',
          'r.created_at',
          'p.body',
          't.id as thread_id',
          't.title',
          'b.org_id',
        ])
        .orderBy('r.created_at', 'desc')
        .limit(200)
        .execute();
    },

    /** Sensitive words of the board's org and all its ancestors. */
    async wordsFor(orgId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('forum_sensitive_words as w')
        .innerJoin('orgs as o', 'o.id', 'w.org_id')
        .innerJoin('orgs as bo', (j) => j.on('bo.id', '=', orgId))
        .where(sql<SqlBool>`bo.path LIKE o.path || '%'`)
        .select('w.word')
        .execute();
      return rows.map((r) => r.word);
    },

    addWords(orgId: string, words: string[], at: Date) {
      if (words.length === 0) return Promise.resolve();
      return db
        .insertInto('forum_sensitive_words')
        .values(words.map((word) => ({ org_id: orgId, word, created_at: at })))
        .onConflict((oc) => oc.columns(['org_id', 'word']).doNothing())
        .execute();
    },

    /** Whether the user may moderate boards of `orgId` (no audit row: used to shape views). */
    async canModerate(userId: string, orgId: string): Promise<boolean> {
      const r = await db
        .selectFrom(scopeOrgIds(db, userId, 'forum.moderate').where('t.id', '=', orgId).as('s'))
        .select('s.id')
        .executeTakeFirst();
      return Boolean(r);
    },
  };
}
