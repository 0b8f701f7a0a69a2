/** All SQL of search_docs. Access is part of every query, never a filter applied afterwards. */
import { type SqlBool, sql } from 'kysely';
import type { Database } from '../../kernel/db/pool.js';
import { visibleBoardsQuery } from './forums.repo.js';

/**
 * `words`: the segmented query (all must match); `indexWords`: the part of it the index looks up
 * (without words found in most documents, see `indexWords` in search.service.ts), default all.
 */
type Opts = { words: string; raw: string; limit: number; indexWords?: string | undefined };

export function searchRepo(db: Database) {
  const q = (o: Opts) => sql`plainto_tsquery('simple', ${o.words})`;
  const headline = (o: Opts, col: 'c.segmented' | 'd.segmented') =>
    sql<string>`ts_headline('simple', ${sql.ref(col)}, ${q(o)}, 'StartSel=«, StopSel=», MaxWords=40, MinWords=10, HighlightAll=false')`.as(
      'snippet',
    );
  /**
   * Posts containing every word. When very common words are left out of the index lookup, the
   * index answers board AND the rarer words and each candidate row is checked for all words
   * (`ts_match_vq`, the function behind `@@`, which the planner does not hand to the index), instead
   * of decoding the huge posting list of a word most posts contain.
   */
  const wordsMatch = (o: Opts) =>
    o.indexWords && o.indexWords !== o.words
      ? sql<SqlBool>`d.tsv @@ plainto_tsquery('simple', ${o.indexWords}) AND ts_match_vq(d.tsv, ${q(o)})`
      : sql<SqlBool>`d.tsv @@ ${q(o)}`;
  const score = (o: Opts) => sql<number>`ts_rank(d.tsv, ${q(o)}) + similarity(d.title, ${o.raw})`.as('score');

  /**
   * Forum posts matching `match`, narrowed to the boards `userId` may read and to rows not hidden
   * (the composite index answers board AND words); the best candidates are then checked against the
   * live post and thread rows (thread still on that board, neither hidden).
   */
  const posts = (userId: string, moderator: boolean, o: Opts, match: 'words' | 'title') => {
    const candidates = db
      .selectFrom('search_docs as d')
      .where('d.kind', '=', 'forum_post')
      .where('d.hidden', '=', false)
      .where('d.board_id', 'in', visibleBoardsQuery(db, userId, moderator).select('b.id'))
      .where(match === 'words' ? wordsMatch(o) : sql<SqlBool>`d.title % ${o.raw}`)
      .select(['d.ref_id', 'd.board_id', 'd.title', 'd.segmented', score(o)])
      .orderBy('score', 'desc')
      .limit(o.limit * 2);
    return db
      .selectFrom(candidates.as('c'))
      .innerJoin('forum_posts as p', 'p.id', 'c.ref_id')
      .innerJoin('forum_threads as t', 't.id', 'p.thread_id')
      .whereRef('t.board_id', '=', 'c.board_id')
      .where('p.hidden', '=', false)
      .where('t.hidden', '=', false)
      .select([
        sql<'forum_post'>`'forum_post'`.as('kind'),
        'c.ref_id',
        'c.title',
        'p.thread_id',
        headline(o, 'c.segmented'),
        'c.score',
      ])
      .orderBy('c.score', 'desc')
      .limit(o.limit)
      .execute();
  };

  return {
    /**
     * Share of index rows containing each of the most common words, from the planner statistics
     * that ANALYZE keeps for the tsvector column (empty before the first ANALYZE).
     */
    async lexemeFrequencies(): Promise<Map<string, number>> {
      const r = await sql<{ elems: string[] | null; freqs: number[] | null }>`
        SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs AS freqs
        FROM pg_stats
        WHERE schemaname = current_schema() AND tablename = 'search_docs' AND attname = 'tsv'`.execute(db);
      const out = new Map<string, number>();
      for (const row of r.rows)
        for (const [i, e] of (row.elems ?? []).entries()) out.set(e, Number(row.freqs?.[i] ?? 0));
      return out;
    },

    upsert(doc: {
      kind: 'announcement' | 'forum_post';
      ref_id: string;
      board_id: string | null;
      thread_id: string | null;
      title: string;
      body: string;
      segmented: string;
      terms: string;
      at: Date;
    }) {
      const tsv = sql<string>`to_tsvector('simple', ${doc.terms})`;
      return db
        .insertInto('search_docs')
        .values({
          kind: doc.kind,
          ref_id: doc.ref_id,
          board_id: doc.board_id,
          thread_id: doc.thread_id,
          title: doc.title,
          body: doc.body,
          segmented: doc.segmented,
          tsv,
          updated_at: doc.at,
        })
        .onConflict((oc) =>
          oc.columns(['kind', 'ref_id']).doUpdateSet({
            title: doc.title,
            body: doc.body,
            segmented: doc.segmented,
            tsv,
            updated_at: doc.at,
          }),
        )
        .execute();
    },

    /** Copies board and hidden state of a thread's posts from the live rows (hide, unhide, move). */
    syncThread(threadId: string) {
      return db
        .updateTable('search_docs as d')
        .from('forum_posts as p')
        .innerJoin('forum_threads as t', 't.id', 'p.thread_id')
        .whereRef('p.id', '=', 'd.ref_id')
        .where('d.kind', '=', 'forum_post')
        .where('p.thread_id', '=', threadId)
        .set((eb) => ({
          board_id: eb.ref('t.board_id'),
          thread_id: eb.ref('t.id'),
          hidden: sql<boolean>`p.hidden OR t.hidden`,
        }))
        .execute();
    },

    /** Posts whose words match the segmented query (AND of its words). */
    searchPosts(userId: string, moderator: boolean, o: Opts) {
      return posts(userId, moderator, o, 'words');
    },

    /** Posts whose thread title is similar to the raw query (names, typos), by trigrams. */
    searchPostTitles(userId: string, moderator: boolean, o: Opts) {
      return posts(userId, moderator, o, 'title');
    },

    /**
     * Live announcements aimed at an ancestor of the caller's org (and, if targeted at chat groups,
     * at one the caller belongs to) whose words or title match the query.
     */
    searchAnnouncements(userId: string, now: Date, o: Opts) {
      const visible = db
        .selectFrom('announcements as a')
        .innerJoin('orgs as ao', 'ao.id', 'a.org_id')
        .innerJoin('users as u', (j) => j.on('u.id', '=', userId))
        .innerJoin('orgs as uo', 'uo.id', 'u.org_id')
        .where(sql<SqlBool>`uo.path LIKE ao.path || '%'`)
        .where('a.status', '=', 'published')
        .where('a.publish_at', '<=', now)
        .where((eb) => eb.or([eb('a.expires_at', 'is', null), eb('a.expires_at', '>', now)]))
        // aimed at chat groups: only their members (as in the member feed)
        .where(
          sql<SqlBool>`(a.target_room_ids = '{}' OR EXISTS (SELECT 1 FROM chat_members tm
            WHERE tm.user_id = u.id AND tm.room_id = ANY(a.target_room_ids)))`,
        )
        .select('a.id');
      return db
        .selectFrom('search_docs as d')
        .where('d.kind', '=', 'announcement')
        .where('d.ref_id', 'in', visible)
        .where(sql<SqlBool>`(d.tsv @@ ${q(o)} OR d.title % ${o.raw})`)
        .select([
          'd.kind',
          'd.ref_id',
          'd.title',
          sql<string | null>`NULL::uuid`.as('thread_id'),
          headline(o, 'd.segmented'),
          score(o),
        ])
        .orderBy('score', 'desc')
        .limit(o.limit)
        .execute();
    },
  };
}
