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
  'a.target_room_ids',
  'a.created_at',
  'a.updated_at',
] as const;

/** Untargeted, or the account `u` is in one of the targeted chat groups. */
const inTargetGroups = sql<SqlBool>`(a.target_room_ids = '{}' OR EXISTS (
  SELECT 1 FROM chat_members tm WHERE tm.user_id = u.id AND tm.room_id = ANY(a.target_room_ids)))`;

export function announcementsRepo(db: Database) {
  /**
   * Accounts inside the announcement's org subtree (and, when it targets chat groups, members of at
   * least one of them): its audience.
   */
  const audience = (announcementId: string) =>
    db
      .selectFrom('announcements as a')
      .innerJoin('orgs as ao', 'ao.id', 'a.org_id')
      .innerJoin('orgs as o', (j) => j.on(sql<SqlBool>`o.path LIKE ao.path || '%'`))
      .innerJoin('users as u', 'u.org_id', 'o.id')
      .where('a.id', '=', announcementId)
      .where('u.status', '=', 'active')
      .where(inTargetGroups);

  return {
    insert(row: {
      org_id: string;
      title: string;
      body_html: string;
      status: 'draft' | 'published';
      publish_at: Date | null;
      expires_at: Date | null;
      pinned: boolean;
      target_room_ids: string[];
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
        target_room_ids: string[];
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
        .where(inTargetGroups)
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

    /**
     * Chat groups an officer may aim an announcement of the node at `orgPath` at: org groups of
     * that subtree and custom groups the officer belongs to.
     */
    targetableRooms(officerId: string, orgPath: string) {
      return db
        .selectFrom('chat_rooms as r')
        .leftJoin('orgs as ro', 'ro.id', 'r.org_id')
        .where((eb) =>
          eb.or([
            eb.and([eb('r.kind', '=', 'org'), sql<SqlBool>`ro.path LIKE ${orgPath} || '%'`]),
            eb.and([
              eb('r.kind', '=', 'custom'),
              sql<SqlBool>`EXISTS (SELECT 1 FROM chat_members cm WHERE cm.room_id = r.id AND cm.user_id = ${officerId})`,
            ]),
          ]),
        )
        .select([
          'r.id',
          'r.kind',
          (eb) => eb.fn.coalesce('ro.name', 'r.name').as('name'),
          (eb) =>
            eb
              .selectFrom('chat_members as c2')
              .whereRef('c2.room_id', '=', 'r.id')
              .select((e) => e.fn.countAll<string>().as('n'))
              .as('members'),
        ])
        .orderBy('r.kind')
        .orderBy('name')
        .limit(500)
        .execute();
    },

    orgPath(orgId: string) {
      return db.selectFrom('orgs').where('id', '=', orgId).select('path').executeTakeFirst();
    },

    /**
     * Claims one published, due announcement whose fan-out is not finished and not leased by a live
     * run (a crashed run's lease expires and another process resumes from its cursor).
     */
    async claimDue(now: Date, leaseUntil: Date) {
      return db
        .updateTable('announcements')
        .set((eb) => ({
          notified_at: eb.fn.coalesce('notified_at', sql<Date>`${now}::timestamptz`),
          fanout_lease_until: leaseUntil,
        }))
        .where(
          'id',
          '=',
          db
            .selectFrom('announcements')
            .where('status', '=', 'published')
            .where('fanout_done_at', 'is', null)
            .where('publish_at', '<=', now)
            .where((eb) => eb.or([eb('fanout_lease_until', 'is', null), eb('fanout_lease_until', '<', now)]))
            .select('id')
            .orderBy('publish_at')
            .limit(1)
            .forUpdate()
            .skipLocked(),
        )
        .returning(['id', 'title', 'org_id', 'fanout_cursor'])
        .executeTakeFirst();
    },

    /** Records fan-out progress (the last account notified) and extends the lease. */
    advanceFanout(id: string, cursor: string, leaseUntil: Date) {
      return db
        .updateTable('announcements')
        .set({ fanout_cursor: cursor, fanout_lease_until: leaseUntil })
        .where('id', '=', id)
        .execute();
    },

    finishFanout(id: string, at: Date) {
      return db
        .updateTable('announcements')
        .set({ fanout_done_at: at, fanout_lease_until: null })
        .where('id', '=', id)
        .execute();
    },

    insertFile(row: {
      announcement_id: string;
      uploaded_by: string;
      file_name: string;
      stored_name: string;
      mime: 'image/jpeg' | 'image/png' | 'application/pdf';
      size_bytes: number;
      key_enc: Buffer;
      iv: Buffer;
      tag: Buffer;
      created_at: Date;
    }) {
      return db
        .insertInto('announcement_files')
        .values(row)
        .returning(['id', 'file_name', 'mime', 'size_bytes', 'created_at'])
        .executeTakeFirstOrThrow();
    },

    files(announcementId: string) {
      return db
        .selectFrom('announcement_files')
        .where('announcement_id', '=', announcementId)
        .select(['id', 'file_name', 'mime', 'size_bytes', 'created_at'])
        .orderBy('created_at')
        .execute();
    },

    file(announcementId: string, id: string) {
      return db
        .selectFrom('announcement_files')
        .where('announcement_id', '=', announcementId)
        .where('id', '=', id)
        .selectAll()
        .executeTakeFirst();
    },

    async countFiles(announcementId: string): Promise<number> {
      const r = await db
        .selectFrom('announcement_files')
        .where('announcement_id', '=', announcementId)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    deleteFile(announcementId: string, id: string) {
      return db
        .deleteFrom('announcement_files')
        .where('announcement_id', '=', announcementId)
        .where('id', '=', id)
        .returning('stored_name')
        .executeTakeFirst();
    },
  };
}
