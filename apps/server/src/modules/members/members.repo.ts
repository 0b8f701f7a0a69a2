/** SQL of the members, member_events and member_settings tables. */
import { type Insertable, sql } from 'kysely';
import type { Database } from '../../kernel/db/pool.js';
import type { MembersTable } from '../../kernel/db/types.js';
import { LIVE_STATUSES, type MemberStatus } from './lifecycle.js';

export type MemberRow = {
  id: string;
  union_id: string;
  org_id: string;
  user_id: string | null;
  member_no: string;
  status: MemberStatus;
  name: string;
  gender: 'male' | 'female' | 'unspecified';
  birth_date: string | null;
  id_type: string;
  id_number_enc: Buffer | null;
  id_number_bidx: string | null;
  phone_enc: Buffer | null;
  phone_bidx: string | null;
  email: string | null;
  address_enc: Buffer | null;
  employer: string | null;
  department: string | null;
  job_title: string | null;
  education: string | null;
  join_date: string | null;
  previous_member_id: string | null;
  created_at: Date;
  updated_at: Date;
};

export type NewMember = Insertable<MembersTable> & { id: string };
export type MemberPatch = Partial<Omit<Insertable<MembersTable>, 'id' | 'created_at'>>;

export type NewEvent = {
  member_id: string;
  at: Date;
  effective_date?: string | null;
  actor_id: string | null;
  action: string;
  from_status: MemberStatus | null;
  to_status: MemberStatus;
  union_id: string;
  org_id: string;
  reason?: string | null;
  details?: Record<string, unknown>;
};

/** `date` columns as ISO strings (node-postgres would make local-time Date objects of them). */
const dateText = (col: string) => sql<string | null>`to_char(${sql.ref(col)}, 'YYYY-MM-DD')`;

const MEMBER_COLUMNS = [
  'm.id',
  'm.union_id',
  'm.org_id',
  'm.user_id',
  'm.member_no',
  'm.status',
  'm.name',
  'm.gender',
  'm.id_type',
  'm.id_number_enc',
  'm.id_number_bidx',
  'm.phone_enc',
  'm.phone_bidx',
  'm.email',
  'm.address_enc',
  'm.employer',
  'm.department',
  'm.job_title',
  'm.education',
  'm.previous_member_id',
  'm.created_at',
  'm.updated_at',
] as const;

export function membersRepo(db: Database) {
  const base = () =>
    db
      .selectFrom('members as m')
      .select(MEMBER_COLUMNS)
      .select([dateText('m.birth_date').as('birth_date'), dateText('m.join_date').as('join_date')]);

  return {
    findById: (id: string) =>
      base().where('m.id', '=', id).executeTakeFirst() as Promise<MemberRow | undefined>,

    /** Members of the subtree rooted at `rootOrgId` with one of `statuses` (election voter rolls). */
    listInSubtreeWithStatus: (rootOrgId: string, statuses: readonly string[]) =>
      db
        .selectFrom('members as m')
        .innerJoin('orgs as o', 'o.id', 'm.org_id')
        .innerJoin('orgs as r', (j) => j.on(sql<boolean>`o.path LIKE r.path || '%'`))
        .where('r.id', '=', rootOrgId)
        .where('m.status', 'in', [...statuses])
        .select(['m.id as memberId', 'm.user_id as userId'])
        .orderBy('m.id')
        .execute(),

    findMany: (ids: string[]) => base().where('m.id', 'in', ids).execute() as Promise<MemberRow[]>,

    findManyForUpdate: (ids: string[]) =>
      base().where('m.id', 'in', ids).forUpdate().execute() as Promise<MemberRow[]>,

    lockById: (id: string) =>
      base().where('m.id', '=', id).forUpdate().executeTakeFirst() as Promise<MemberRow | undefined>,

    /** The live record holding a document number, if any. */
    findLiveByIdBidx: (bidx: string) =>
      base()
        .where('m.id_number_bidx', '=', bidx)
        .where('m.status', 'in', LIVE_STATUSES)
        .executeTakeFirst() as Promise<MemberRow | undefined>,

    /** The member record linked to a portal account (the live one, else the latest). */
    /** Live members per org node. */
    liveCountsByOrg: async (orgIds: string[]): Promise<Map<string, number>> => {
      if (orgIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('members')
        .select(['org_id', (eb) => eb.fn.countAll<string>().as('n')])
        .where('org_id', 'in', orgIds)
        .where('status', 'in', ['active', 'retained', 'transferring'])
        .groupBy('org_id')
        .execute();
      return new Map(rows.map((row) => [row.org_id, Number(row.n)]));
    },

    findByUser: (userId: string) =>
      base()
        .where('m.user_id', '=', userId)
        .orderBy(sql`m.status IN ('applicant', 'active', 'retained', 'transferring')`, 'desc')
        .orderBy('m.created_at', 'desc')
        .executeTakeFirst() as Promise<MemberRow | undefined>,

    insert: (row: NewMember) => db.insertInto('members').values(row).execute(),

    update: (id: string, set: MemberPatch) =>
      db.updateTable('members').set(set).where('id', '=', id).execute(),

    updateMany: (ids: string[], set: MemberPatch) =>
      db.updateTable('members').set(set).where('id', 'in', ids).execute(),

    insertEvents: async (events: NewEvent[]) => {
      if (events.length === 0) return;
      await db
        .insertInto('member_events')
        .values(events.map((e) => ({ ...e, details: JSON.stringify(e.details ?? {}) })))
        .execute();
    },

    /** A member's history, oldest first, with the names of the org nodes at the time. */
    events: (memberId: string) =>
      db
        .selectFrom('member_events as e')
        .innerJoin('orgs as u', 'u.id', 'e.union_id')
        .innerJoin('orgs as o', 'o.id', 'e.org_id')
        .select([
          'e.id',
          'e.at',
          'e.action',
          'e.from_status',
          'e.to_status',
          'e.reason',
          'e.details',
          'u.name as union_name',
          'o.name as org_name',
          dateText('e.effective_date').as('effective_date'),
        ])
        .where('e.member_id', '=', memberId)
        .orderBy('e.id')
        .execute(),

    /** Reserves `n` consecutive membership numbers of a union; returns the first. */
    reserveNumbers: async (unionId: string, n: number): Promise<number> => {
      const r = await sql<{ first: string }>`
        INSERT INTO member_settings (union_id, next_seq) VALUES (${unionId}, ${n + 1})
        ON CONFLICT (union_id) DO UPDATE SET next_seq = member_settings.next_seq + ${n}
        RETURNING next_seq - ${n} AS first`.execute(db);
      return Number(r.rows[0]!.first);
    },

    settings: (unionId: string) =>
      db
        .selectFrom('member_settings')
        .select(['union_id', 'self_editable'])
        .where('union_id', '=', unionId)
        .executeTakeFirst(),

    saveSettings: (unionId: string, selfEditable: string[], by: string, at: Date) =>
      db
        .insertInto('member_settings')
        .values({ union_id: unionId, self_editable: selfEditable, updated_by: by, updated_at: at })
        .onConflict((oc) =>
          oc.column('union_id').doUpdateSet({ self_editable: selfEditable, updated_by: by, updated_at: at }),
        )
        .execute(),
  };
}
