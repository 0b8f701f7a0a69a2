/**
 * Set-based SQL of a notification fan-out: one statement per step for a whole batch of recipients
 * (preferences, in-app rows, outbox rows), instead of a round trip per member. Also the two
 * statements of `queueEach` (each.ts: per-recipient params).
 */
import { sql } from 'kysely';
import type { Database } from '../db/pool.js';
import type { PrefsRow } from './notify.repo.js';

/** An account with its (ensured) preferences, as send() reads them. */
export type RecipientPrefs = Pick<
  PrefsRow,
  | 'locale'
  | 'email_enabled'
  | 'muted_categories'
  | 'quiet_start'
  | 'quiet_end'
  | 'time_zone'
  | 'unsubscribe_key'
  | 'unsubscribed_at'
  | 'digest'
> & { id: string; email: string | null; org_id: string | null };

/** In-app rows and e-mail outbox rows of a `queueEach` call, column by column (same length each). */
export type EachRows = {
  inApp: {
    userId: string[];
    template: string[];
    category: string[];
    title: string[];
    body: string[];
    link: Array<string | null>;
  };
  email: {
    userId: string[];
    orgId: Array<string | null>;
    template: string[];
    locale: string[];
    recipient: Buffer[];
    params: Buffer[];
    notBefore: Date[];
  };
  at: Date;
};

/** The preference columns `queueEach` reads (ensureRecipients and prefsOf). */
const PREFS_COLUMN_NAMES = [
  'user_id',
  'locale',
  'email_enabled',
  'muted_categories',
  'quiet_start',
  'quiet_end',
  'time_zone',
  'unsubscribe_key',
  'unsubscribed_at',
  'digest',
] as const;
const PREFS_COLUMNS = sql.join(PREFS_COLUMN_NAMES.map((c) => sql.ref(c)));

/** A quiet-hours window and the time mail held by it may go out (computed in JS, joined in SQL). */
export type QuietRelease = { start: number; end: number; timeZone: string; at: Date };

export function fanoutRepo(db: Database) {
  return {
    /** Creates missing preference rows (defaults, fresh unsubscribe keys) for the batch. */
    async ensurePrefs(userIds: string[], keys: string[]): Promise<void> {
      await sql`
        INSERT INTO notification_prefs (user_id, unsubscribe_key)
        SELECT t.user_id, t.k FROM unnest(${userIds}::uuid[], ${keys}::text[]) AS t(user_id, k)
        WHERE NOT EXISTS (SELECT 1 FROM notification_prefs p WHERE p.user_id = t.user_id)
        ON CONFLICT (user_id) DO NOTHING
      `.execute(db);
    },

    /**
     * One statement: creates the missing preference rows (existing accounts only, in id order) and
     * returns every existing account of `userIds` with its contact and preferences. An account
     * whose row a concurrent transaction created comes back with null preferences (`prefsOf` then).
     */
    async ensureRecipients(userIds: string[], keys: string[]) {
      const r = await sql<Omit<RecipientPrefs, 'locale'> & { locale: RecipientPrefs['locale'] | null }>`
        WITH ins AS (
          INSERT INTO notification_prefs (user_id, unsubscribe_key)
          SELECT t.user_id, t.k FROM unnest(${userIds}::uuid[], ${keys}::text[]) AS t(user_id, k)
          WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = t.user_id)
            AND NOT EXISTS (SELECT 1 FROM notification_prefs p WHERE p.user_id = t.user_id)
          ORDER BY t.user_id
          ON CONFLICT (user_id) DO NOTHING
          RETURNING ${PREFS_COLUMNS}
        ), prefs AS (
          SELECT ${PREFS_COLUMNS} FROM notification_prefs WHERE user_id = ANY(${userIds}::uuid[])
          UNION ALL SELECT ${PREFS_COLUMNS} FROM ins
        )
        SELECT u.id::text, u.email, u.org_id::text, p.locale, p.email_enabled, p.muted_categories,
               p.quiet_start, p.quiet_end, p.time_zone, p.unsubscribe_key, p.unsubscribed_at, p.digest
        FROM users u LEFT JOIN prefs p ON p.user_id = u.id
        WHERE u.id = ANY(${userIds}::uuid[])
      `.execute(db);
      return r.rows;
    },

    /** Preferences committed by another transaction meanwhile (rare: see ensureRecipients). */
    prefsOf(userIds: string[]) {
      return db
        .selectFrom('notification_prefs')
        .where('user_id', '=', sql<string>`ANY(${userIds}::uuid[])`)
        .select(PREFS_COLUMN_NAMES)
        .execute();
    },

    /**
     * One statement: the in-app rows and the e-mail outbox rows of a `queueEach` call, in the order
     * given. @returns the in-app rows (id, recipient, title) for the pushes after the commit.
     */
    async insertEach(rows: EachRows) {
      const n = rows.inApp;
      const e = rows.email;
      const r = await sql<{ id: string; user_id: string; title: string }>`
        WITH n AS (
          INSERT INTO notifications (user_id, template, category, title, body, link, created_at)
          SELECT t.u, t.tpl, t.cat, t.title, t.body, t.link, ${rows.at}::timestamptz
          FROM unnest(${n.userId}::uuid[], ${n.template}::text[], ${n.category}::text[],
                      ${n.title}::text[], ${n.body}::text[], ${n.link}::text[])
            WITH ORDINALITY AS t(u, tpl, cat, title, body, link, ord)
          ORDER BY t.ord
          RETURNING id::text, user_id::text, title
        ), d AS (
          INSERT INTO notification_deliveries
            (user_id, org_id, channel, template, locale, recipient_enc, params_enc, next_attempt_at, created_at)
          SELECT t.u, t.o, 'email', t.tpl, t.loc, t.r, t.p, t.na, ${rows.at}::timestamptz
          FROM unnest(${e.userId}::uuid[], ${e.orgId}::uuid[], ${e.template}::text[], ${e.locale}::text[],
                      ${e.recipient}::bytea[], ${e.params}::bytea[], ${e.notBefore}::timestamptz[])
            WITH ORDINALITY AS t(u, o, tpl, loc, r, p, na, ord)
          ORDER BY t.ord
        )
        SELECT id, user_id, title FROM n
      `.execute(db);
      return r.rows;
    },

    /** The distinct quiet windows among the batch (usually a handful). */
    quietWindows(userIds: string[]) {
      return db
        .selectFrom('notification_prefs')
        .where('user_id', '=', sql<string>`ANY(${userIds}::uuid[])`)
        .where('quiet_start', 'is not', null)
        .where('quiet_end', 'is not', null)
        .where(sql<boolean>`quiet_start <> quiet_end`)
        .select(['quiet_start', 'quiet_end', 'time_zone'])
        .distinct()
        .execute();
    },

    insertBroadcast(row: { template: string; params_enc: Buffer; created_at: Date }) {
      return db.insertInto('notification_broadcasts').values(row).returning('id').executeTakeFirstOrThrow();
    },

    /** In-app rows in each member's language; returns the ids of the members that got one. */
    async insertNotifications(
      userIds: string[],
      n: {
        template: string;
        category: string;
        title: { zh: string; en: string };
        body: { zh: string; en: string };
        link: string | null;
        at: Date;
      },
    ): Promise<string[]> {
      const r = await sql<{ user_id: string }>`
        INSERT INTO notifications (user_id, template, category, title, body, link, created_at)
        SELECT u.id, ${n.template}, ${n.category},
               CASE WHEN p.locale = 'en' THEN ${n.title.en} ELSE ${n.title.zh} END,
               CASE WHEN p.locale = 'en' THEN ${n.body.en} ELSE ${n.body.zh} END,
               ${n.link}, ${n.at}
        FROM users u JOIN notification_prefs p ON p.user_id = u.id
        WHERE u.id = ANY(${userIds}::uuid[])
        RETURNING user_id
      `.execute(db);
      return r.rows.map((x) => x.user_id);
    },

    /**
     * E-mail outbox rows of a broadcast for the members who want it: an address, and for
     * non-essential templates e-mail on, not unsubscribed, category not muted and no digest chosen.
     * Mail inside a member's quiet window waits until its end (`quiet`).
     */
    async insertEmailDeliveries(
      userIds: string[],
      d: {
        broadcastId: string;
        template: string;
        category: string;
        essential: boolean;
        at: Date;
        quiet: QuietRelease[];
      },
    ): Promise<number> {
      const q = d.quiet;
      const r = await sql`
        INSERT INTO notification_deliveries
          (user_id, org_id, channel, template, locale, broadcast_id, next_attempt_at, created_at)
        SELECT u.id, u.org_id, 'email', ${d.template}, p.locale, ${d.broadcastId},
               CASE WHEN ${d.essential} THEN ${d.at}::timestamptz ELSE coalesce(q.at, ${d.at}::timestamptz) END,
               ${d.at}
        FROM users u
        JOIN notification_prefs p ON p.user_id = u.id
        LEFT JOIN unnest(
          ${q.map((x) => x.start)}::int[], ${q.map((x) => x.end)}::int[],
          ${q.map((x) => x.timeZone)}::text[], ${q.map((x) => x.at)}::timestamptz[]
        ) AS q(qs, qe, tz, at)
          ON q.qs = p.quiet_start AND q.qe = p.quiet_end AND q.tz = p.time_zone
        WHERE u.id = ANY(${userIds}::uuid[])
          AND u.email IS NOT NULL AND u.email <> ''
          AND (${d.essential} OR (
            p.email_enabled AND p.unsubscribed_at IS NULL AND p.digest = 'off'
            AND NOT (${d.category} = ANY(p.muted_categories))
          ))
      `.execute(db);
      return Number(r.numAffectedRows ?? 0);
    },

    /** What delivering broadcast rows needs: the shared params and each member's address and key. */
    broadcastParams(ids: string[]) {
      return db
        .selectFrom('notification_broadcasts')
        .where('id', 'in', ids)
        .select(['id', 'params_enc'])
        .execute();
    },

    recipients(userIds: string[]) {
      return db
        .selectFrom('users as u')
        .leftJoin('notification_prefs as p', 'p.user_id', 'u.id')
        .where('u.id', 'in', userIds)
        .select(['u.id', 'u.email', 'p.unsubscribe_key'])
        .execute();
    },
  };
}
