/** All SQL of search_docs. Access is part of every query (EXISTS over the source rows). */
import { type SqlBool, sql } from 'kysely';
import type { Database } from '../../kernel/db/pool.js';
import { visibleBoardsQuery } from './forums.repo.js';

export function searchRepo(db: Database) {
  return {
    upsert(doc: {
      kind: 'announcement' | 'forum_post';
      ref_id: string;
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

    /**
     * Full-text match of the segmented query (AND of its words) or a trigram match on the title,
     * restricted in the same query to what `userId` may read: live announcements aimed at an
     * ancestor of their org, and visible, not hidden forum posts.
     */
    search(userId: string, now: Date, opts: { words: string; raw: string; limit: number }) {
      const q = sql`plainto_tsquery('simple', ${opts.words})`;
      const announcementVisible = db
        .selectFrom('announcements as a')
        .innerJoin('orgs as o', 'o.id', 'a.org_id')
        .innerJoin('users as u', (j) => j.on('u.id', '=', userId))
        .innerJoin('orgs as uo', 'uo.id', 'u.org_id')
        .where(sql<SqlBool>`a.id = d.ref_id`)
        .where(sql<SqlBool>`uo.path LIKE o.path || '%'`)
        .where('a.status', '=', 'published')
        .where('a.publish_at', '<=', now)
        .where((eb) => eb.or([eb('a.expires_at', 'is', null), eb('a.expires_at', '>', now)]))
        .select('a.id');
      const postVisible = visibleBoardsQuery(db, userId)
        .innerJoin('forum_threads as t', 't.board_id', 'b.id')
        .innerJoin('forum_posts as p', 'p.thread_id', 't.id')
        .where(sql<SqlBool>`p.id = d.ref_id`)
        .where('p.hidden', '=', false)
        .where('t.hidden', '=', false)
        .select('p.id');
      return db
        .selectFrom('search_docs as d')
        .where((eb) =>
          eb.and([
            eb.or([sql<SqlBool>`d.tsv @@ ${q}`, sql<SqlBool>`d.title % ${opts.raw}`]),
            eb.or([
              eb.and([eb('d.kind', '=', 'announcement'), eb.exists(announcementVisible)]),
              eb.and([eb('d.kind', '=', 'forum_post'), eb.exists(postVisible)]),
            ]),
          ]),
        )
        .select([
          'd.kind',
          'd.ref_id',
          'd.title',
          sql<string>`ts_headline('simple', d.segmented, ${q}, 'StartSel=«, StopSel=», MaxWords=40, MinWords=10, HighlightAll=false')`.as(
            'snippet',
          ),
          sql<number>`ts_rank(d.tsv, ${q}) + similarity(d.title, ${opts.raw})`.as('score'),
        ])
        .orderBy('score', 'desc')
        .limit(opts.limit)
        .execute();
    },
  };
}
