/** All SQL of the elections module. */
import type { Expression, Insertable, Selectable, SqlBool, Updateable } from 'kysely';
import type { Database } from '../../kernel/db/pool.js';
import type { ElectionsTable } from '../../kernel/db/types.js';

export type ElectionRow = Selectable<ElectionsTable>;

const COLUMNS = [
  'id',
  'org_id',
  'title',
  'profile',
  'rules',
  'contests',
  'status',
  'opens_at',
  'closes_at',
  'trustees_n',
  'threshold',
  'manifest',
  'parameters',
  'board',
  'tally',
  'results',
  'outcome',
  'eligible_count',
  'announced_at',
  'retain_until',
  'created_by',
  'created_at',
] as const;

export function electionsRepo(db: Database) {
  return {
    insert: (row: Insertable<ElectionsTable>) =>
      db.insertInto('elections').values(row).returning(COLUMNS).executeTakeFirstOrThrow(),

    findById: (id: string) =>
      db.selectFrom('elections').select(COLUMNS).where('id', '=', id).executeTakeFirst(),

    lockById: (id: string) =>
      db.selectFrom('elections').select(COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst(),

    /** Elections whose org satisfies any of the conditions (built with kernel inScope on org_id). */
    listWhere: (conds: ((orgColumn: Expression<string>) => Expression<SqlBool>)[]) =>
      db
        .selectFrom('elections')
        .select(COLUMNS)
        .where((eb) => eb.or(conds.map((c) => c(eb.ref('org_id')))))
        .orderBy('created_at', 'desc')
        .limit(200)
        .execute(),

    update: (id: string, patch: Updateable<ElectionsTable>) =>
      db
        .updateTable('elections')
        .set(patch)
        .where('id', '=', id)
        .returning(COLUMNS)
        .executeTakeFirstOrThrow(),

    insertTrustees: (rows: { election_id: string; idx: number; user_id: string }[]) =>
      db.insertInto('election_trustees').values(rows).execute(),

    trustees: (electionId: string) =>
      db
        .selectFrom('election_trustees')
        .selectAll()
        .where('election_id', '=', electionId)
        .orderBy('idx')
        .execute(),

    /** Elections the user is a trustee of, newest first. */
    electionsOfTrustee: (userId: string) =>
      db
        .selectFrom('election_trustees as t')
        .innerJoin('elections as e', 'e.id', 't.election_id')
        .select(['e.id', 'e.title', 'e.status', 't.idx'])
        .where('t.user_id', '=', userId)
        .orderBy('e.created_at', 'desc')
        .execute(),

    trusteeOfUser: (electionId: string, userId: string) =>
      db
        .selectFrom('election_trustees')
        .selectAll()
        .where('election_id', '=', electionId)
        .where('user_id', '=', userId)
        .executeTakeFirst(),

    updateTrustee: (
      electionId: string,
      idx: number,
      patch: { public?: string; transport_key?: string; decryption?: string },
    ) =>
      db
        .updateTable('election_trustees')
        .set(patch)
        .where('election_id', '=', electionId)
        .where('idx', '=', idx)
        .execute(),

    insertShares: (rows: { election_id: string; dealer: number; recipient: number; share: string }[]) =>
      db.insertInto('election_shares').values(rows).execute(),

    sharesOf: (electionId: string, where: { dealer?: number; recipient?: number }) => {
      let q = db.selectFrom('election_shares').selectAll().where('election_id', '=', electionId);
      if (where.dealer !== undefined) q = q.where('dealer', '=', where.dealer);
      if (where.recipient !== undefined) q = q.where('recipient', '=', where.recipient);
      return q.orderBy('dealer').orderBy('recipient').execute();
    },

    insertVoters: async (rows: { election_id: string; member_id: string; user_id: string | null }[]) => {
      for (let i = 0; i < rows.length; i += 1000)
        await db
          .insertInto('election_voters')
          .values(rows.slice(i, i + 1000))
          .execute();
    },

    /** The roll entry of a portal account (undefined if not on the roll). */
    voterOfUser: (electionId: string, userId: string) =>
      db
        .selectFrom('election_voters as v')
        .leftJoin('election_votes_cast as c', (j) =>
          j.onRef('c.election_id', '=', 'v.election_id').onRef('c.member_id', '=', 'v.member_id'),
        )
        .where('v.election_id', '=', electionId)
        .where('v.user_id', '=', userId)
        .select(['v.member_id', 'c.member_id as voted'])
        .executeTakeFirst(),

    electionIdsOfVoter: (userId: string) =>
      db.selectFrom('election_voters').select('election_id').where('user_id', '=', userId).execute(),

    /** The one-member-one-vote row; a second insert for the same member fails on the primary key. */
    markVoted: (electionId: string, memberId: string) =>
      db.insertInto('election_votes_cast').values({ election_id: electionId, member_id: memberId }).execute(),

    insertBallot: (electionId: string, trackingCode: string, ballot: string) =>
      db
        .insertInto('election_ballots')
        .values({ election_id: electionId, tracking_code: trackingCode, ballot })
        .execute(),

    /** Ballots sorted by tracking code: the published order carries no voting order. */
    ballotsByTrackingCode: (electionId: string) =>
      db
        .selectFrom('election_ballots')
        .select(['tracking_code', 'ballot'])
        .where('election_id', '=', electionId)
        .orderBy('tracking_code')
        .execute(),

    trackingCodes: (electionId: string) =>
      db
        .selectFrom('election_ballots')
        .select('tracking_code')
        .where('election_id', '=', electionId)
        .orderBy('tracking_code')
        .execute(),

    /** The election's audit entries (ceremony and counting steps; casts are never audited). */
    countingLog: (electionId: string) =>
      db
        .selectFrom('audit_log')
        .select(['seq', 'at', 'action', 'details'])
        .where('target_type', '=', 'election')
        .where('target_id', '=', electionId)
        .orderBy('seq')
        .execute(),

    counts: async (electionId: string) => {
      const [ballots, voted] = await Promise.all([
        db
          .selectFrom('election_ballots')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('election_id', '=', electionId)
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('election_votes_cast')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('election_id', '=', electionId)
          .executeTakeFirstOrThrow(),
      ]);
      return { ballots: Number(ballots.n), voted: Number(voted.n) };
    },
  };
}
