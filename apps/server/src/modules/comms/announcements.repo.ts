/** All SQL of announcements and announcement_reads. */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Database } from '../../kernel/db/pool.js';

const columns = [
  'a.id',
  'a.org_id',
  'o.name as org_name',
  'a.title',
  'a.body_html',
  'a.status',
  'a.publish_at',
  'a.expires_at',
  'a.pinned',
  'a.created_at',
  'a.updated_at',
] as const;

export function announcementsRepo(db: Database) {
  /** Accounts inside the announcement's org subtree: its audience. */
  const audience = (announcementId: string) =>
    db
      .selectFrom('announcements as a')
      .innerJoin('orgs as ao', 'ao.id', 'a.org_id')
      .innerJoin('orgs as o', (j) => j.on(sql<SqlBool>`o.path LIKE ao.path || '%'`))
      .innerJoin('users as u', 'u.org_id', 'o.id')
      .where('a.id', '=', announcementId)
      .where('u.status', '=', 'active');

  return {
    insert(row: {
      org_id: string;
      title: string;
      body_html: string;
      status: 'draft' | 'published';
      publish_at: Date | null;
      expires_at: Date | null;
      pinned: boolean;
      created_by: string;
      created_at: Date;
      updated_at: Date;
    }) {
      return db.insertInto('announcements').values(row).returning('id').executeTakeFirstOrThrow();
    },

    update(
      id: string,
      patch: Partial<{
        title: string;
        body_html: string;
        status: 'draft' | 'published' | 'withdrawn';
        publish_at: Date | null;
        expires_at: Date | null;
        pinned: boolean;
        notified_at: Date | null;
      }> & { updated_at: Date },
    ) {
      return db.updateTable('announcements').set(patch).where('id', '=', id).execute();
    },

    find(id: string) {
      return db
        .selectFrom('announcements as a')
        .innerJoin('orgs as o', 'o.id', 'a.org_id')
        .where('a.id', '=', id)
        .select([...columns, 'a.notified_at'])
        .executeTakeFirst();
    },

    /** Officer list: announcements whose org matches `scope`, with audience and read counts. */
    listForOfficer(scope: Expression<SqlBool>, limit: number) {
      return db
        .selectFrom('announcements as a')
        .innerJoin('orgs as o', 'o.id', 'a.org_id')
        .where(scope)
        .select([
          ...columns,
          (eb) =>
            eb
              .selectFrom('announcement_reads as r')
              .whereRef('r.announcement_id', '=', 'a.id')
              .select((e) => e.fn.countAll<string>().as('n'))
              .as('reads'),
        ])
        .orderBy('a.created_at', 'desc')
        .limit(limit)
        .execute();
    },

    /** What a member sees: published, live, expired not, and aimed at an ancestor (or own) org node. */
    feed(userId: string, now: Date, limit: number, id?: string) {
      let q = db
        .selectFrom('announcements as a')
        .innerJoin('orgs as o', 'o.id', 'a.org_id')
        .innerJoin('users as u', (j) => j.on('u.id', '=', userId))
        .innerJoin('orgs as uo', 'uo.id', 'u.org_id')
        .where(sql<SqlBool>`uo.path LIKE o.path || '%'`)
        .where('a.status', '=', 'published')
        .where('a.publish_at', '<=', now)
        .where((eb) => eb.or([eb('a.expires_at', 'is', null), eb('a.expires_at', '>', now)]))
        .leftJoin('announcement_reads as r', (j) =>
          j.onRef('r.announcement_id', '=', 'a.id').on('r.user_id', '=', userId),
        )
        .select([...columns, 'r.read_at'])
        .orderBy('a.pinned', 'desc')
        .orderBy('a.publish_at', 'desc')
        .limit(limit);
      if (id) q = q.where('a.id', '=', id);
      return q.execute();
    },

    markRead(announcementId: string, userId: string, at: Date) {
      return db
        .insertInto('announcement_reads')
        .values({ announcement_id: announcementId, user_id: userId, read_at: at })
        .onConflict((oc) => oc.columns(['announcement_id', 'user_id']).doNothing())
        .execute();
    },

    /** Audience and readers per org node of the subtree (nodes with at least one account). */
    readRates(announcementId: string) {
      return audience(announcementId)
        .leftJoin('announcement_reads as r', (j) =>
          j.onRef('r.announcement_id', '=', 'a.id').onRef('r.user_id', '=', 'u.id'),
        )
        .groupBy(['o.id', 'o.name', 'o.path'])
        .select([
          'o.id as org_id',
          'o.name as org_name',
          'o.path',
          (eb) => eb.fn.count<string>('u.id').as('audience'),
          (eb) => eb.fn.count<string>('r.user_id').as('readers'),
        ])
        .orderBy('o.path')
        .execute();
    },

    audienceIds(announcementId: string, afterUserId: string | null, limit: number) {
      let q = audience(announcementId).select('u.id').orderBy('u.id').limit(limit);
      if (afterUserId) q = q.where('u.id', '>', afterUserId);
      return q.execute();
    },

    /** Published, due and not yet announced: claims one (sets notified_at) for this process. */
    async claimDue(now: Date) {
      return db
        .updateTable('announcements')
        .set({ notified_at: now })
        .where(
          'id',
          '=',
          db
            .selectFrom('announcements')
            .where('status', '=', 'published')
            .where('notified_at', 'is', null)
            .where('publish_at', '<=', now)
            .select('id')
            .orderBy('publish_at')
            .limit(1)
            .forUpdate()
            .skipLocked(),
        )
        .returning(['id', 'title', 'org_id'])
        .executeTakeFirst();
    },
  };
}
