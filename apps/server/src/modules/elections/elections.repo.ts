/** All SQL of the elections module. */
import {
  type Expression,
  type Insertable,
  type Selectable,
  type SqlBool,
  sql,
  type Updateable,
} from 'kysely';
import { type Database, type Prepared, runPrepared } from '../../kernel/db/pool.js';
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
  'records_disposed_at',
  'voted_count',
] as const;

/** What a cast can change, in one round trip: roll entry, voted mark, state and window. */
const CAST_CONTEXT: Prepared = {
  name: 'elections_cast_context',
  text: `SELECT v.member_id, c.member_id AS voted, e.status, e.opens_at, e.closes_at
    FROM election_voters v
    JOIN elections e ON e.id = v.election_id
    LEFT JOIN election_votes_cast c ON c.election_id = v.election_id AND c.member_id = v.member_id
    WHERE v.election_id = $1 AND v.user_id = $2`,
};

type CastContextRow = {
  member_id: string;
  voted: string | null;
  status: Selectable<ElectionsTable>['status'];
  opens_at: Date;
  closes_at: Date;
};

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

    /**
     * Everything a cast reads that can change, in one round trip: the caller's roll entry, whether
     * they voted, and the election's state and window (undefined if not on the roll).
     */
    /** Every cast runs it: a prepared statement (CAST_CONTEXT). */
    castContext: async (electionId: string, userId: string) => {
      const [row] = await runPrepared<CastContextRow>(db, CAST_CONTEXT, [electionId, userId]);
      return row;
    },

    /**
     * Group commit of first casts (run inside a transaction): one statement inserts every voted mark
     * (ON CONFLICT: a member who already voted is skipped) and the ballots of exactly the members
     * whose mark went in. Rows go in the order given (the caller shuffles). Member ids and tracking
     * codes must be distinct within `rows`.
     * @returns the member ids whose mark and ballot were written
     */
    castMany: async (
      electionId: string,
      rows: {
        member_id: string;
        tracking_code: string;
        ballot: unknown;
        revote_owner: string | null;
        revote_tag: string | null;
      }[],
    ) => {
      const r = await sql<{ member_id: string }>`
        WITH input AS (
          SELECT t.*, row_number() OVER () AS ord
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            AS t(member_id uuid, tracking_code text, ballot jsonb, revote_owner text, revote_tag text)
        ), marks AS (
          INSERT INTO election_votes_cast (election_id, member_id, revote_owner)
          SELECT ${electionId}::uuid, member_id, revote_owner FROM input ORDER BY ord
          ON CONFLICT (election_id, member_id) DO NOTHING
          RETURNING member_id
        ), ballots AS (
          INSERT INTO election_ballots (election_id, tracking_code, ballot, revote_tag)
          SELECT ${electionId}::uuid, i.tracking_code, i.ballot, i.revote_tag
          FROM input i JOIN marks m ON m.member_id = i.member_id ORDER BY i.ord
        )
        SELECT member_id::text FROM marks`.execute(db);
      return r.rows.map((x) => x.member_id);
    },

    electionIdsOfVoter: (userId: string) =>
      db.selectFrom('election_voters').select('election_id').where('user_id', '=', userId).execute(),

    /**
     * The one-member-one-vote row; a second insert for the same member fails on the primary key.
     * `revoteOwner` (re-voting elections) is H("revote-owner", Q, s), never the ballot's tag.
     */
    markVoted: (electionId: string, memberId: string, revoteOwner: string | null = null) =>
      db
        .insertInto('election_votes_cast')
        .values({ election_id: electionId, member_id: memberId, revote_owner: revoteOwner })
        .execute(),

    insertBallot: (
      electionId: string,
      trackingCode: string,
      ballot: string,
      revoteTag: string | null = null,
    ) =>
      db
        .insertInto('election_ballots')
        .values({ election_id: electionId, tracking_code: trackingCode, ballot, revote_tag: revoteTag })
        .execute(),

    /** Re-voting: the voter's voted mark, locked for the rest of the transaction (undefined if none). */
    lockVotedMark: (electionId: string, memberId: string) =>
      db
        .selectFrom('election_votes_cast')
        .select('revote_owner')
        .where('election_id', '=', electionId)
        .where('member_id', '=', memberId)
        .forUpdate()
        .executeTakeFirst(),

    setRevoteOwner: (electionId: string, memberId: string, revoteOwner: string | null) =>
      db
        .updateTable('election_votes_cast')
        .set({ revote_owner: revoteOwner })
        .where('election_id', '=', electionId)
        .where('member_id', '=', memberId)
        .execute(),

    /** The counted (not yet superseded) ballot carrying this re-vote tag, if any. */
    activeBallotByTag: (electionId: string, revoteTag: string) =>
      db
        .selectFrom('election_ballots as b')
        .select('b.tracking_code')
        .where('b.election_id', '=', electionId)
        .where('b.revote_tag', '=', revoteTag)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('election_supersedes as s')
                .select('s.tracking_code')
                .whereRef('s.election_id', '=', 'b.election_id')
                .whereRef('s.tracking_code', '=', 'b.tracking_code'),
            ),
          ),
        )
        .executeTakeFirst(),

    /** Mark a ballot replaced; a second supersede of the same ballot fails on the primary key. */
    insertSupersede: (electionId: string, trackingCode: string, revoteSecret: string) =>
      db
        .insertInto('election_supersedes')
        .values({ election_id: electionId, tracking_code: trackingCode, revote_secret: revoteSecret })
        .execute(),

    /** Supersede entries sorted by the replaced ballot's tracking code (no casting order). */
    supersedesOf: (electionId: string) =>
      db
        .selectFrom('election_supersedes')
        .select(['tracking_code', 'revote_secret'])
        .where('election_id', '=', electionId)
        .orderBy('tracking_code')
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

    /** ballots: counted ballots (stored minus superseded); superseded: ballots replaced by re-votes. */
    counts: async (electionId: string) => {
      const [ballots, voted, superseded] = await Promise.all([
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
        db
          .selectFrom('election_supersedes')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('election_id', '=', electionId)
          .executeTakeFirstOrThrow(),
      ]);
      return {
        ballots: Number(ballots.n) - Number(superseded.n),
        voted: Number(voted.n),
        superseded: Number(superseded.n),
      };
    },
  };
}
