/** All SQL of polls, poll_audience, poll_responded, poll_responses and poll_answers. */
import { type Expression, type Insertable, type SqlBool, sql, type Updateable } from 'kysely';
import type { Database } from '../../kernel/db/pool.js';
import type { PollsTable } from '../../kernel/db/types.js';
import { placedAccountsQuery } from '../members/index.js';
import type { AnswerValues } from './polls.questions.js';

const COLUMNS = [
  'p.id',
  'p.org_id',
  'o.name as org_name',
  'o.path as org_path',
  'p.title',
  'p.description_html',
  'p.anonymous',
  'p.results_visibility',
  'p.status',
  'p.opens_at',
  'p.closes_at',
  'p.questions',
  'p.audience_count',
  'p.published_at',
  'p.closed_at',
  'p.created_by',
  'p.created_at',
  'p.updated_at',
] as const;

export function pollsRepo(db: Database) {
  const base = () =>
    db
      .selectFrom('polls as p')
      .innerJoin('orgs as o', 'o.id', 'p.org_id')
      .select(COLUMNS)
      .select((eb) =>
        eb
          .selectFrom('poll_responded as pr')
          .whereRef('pr.poll_id', '=', 'p.id')
          .select((e) => e.fn.countAll<string>().as('n'))
          .as('responses'),
      );

  return {
    insert: (row: Insertable<PollsTable>) =>
      db.insertInto('polls').values(row).returning('id').executeTakeFirstOrThrow(),

    findById: (id: string) => base().where('p.id', '=', id).executeTakeFirst(),

    /** Locks the poll row (state changes and answering serialise on it). */
    lock: (id: string) =>
      db.selectFrom('polls').select(['id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst(),

    /** Shared lock: concurrent answers proceed together; a close waits for them. */
    lockShared: (id: string) =>
      db.selectFrom('polls').select(['id', 'status']).where('id', '=', id).forShare().executeTakeFirst(),

    update: (id: string, patch: Updateable<PollsTable>) =>
      db.updateTable('polls').set(patch).where('id', '=', id).execute(),

    remove: (id: string) =>
      db.deleteFrom('polls').where('id', '=', id).where('status', '=', 'draft').execute(),

    /** Polls whose org satisfies `scope` (kernel inScope on p.org_id), newest first. */
    list: (scope: Expression<SqlBool>, status: string | undefined, limit: number) => {
      let q = base().where(scope).orderBy('p.created_at', 'desc').orderBy('p.id').limit(limit);
      if (status) q = q.where('p.status', '=', status as 'draft');
      return q.execute();
    },

    /**
     * Freezes the audience: accounts (active) linked to an `active` member record whose org node lies
     * in the subtree at `orgPath`. Set-based: one statement whatever the size.
     */
    async freezeAudience(pollId: string, orgPath: string): Promise<number> {
      const r = await db
        .insertInto('poll_audience')
        .columns(['user_id', 'org_id', 'member_id', 'poll_id'])
        .expression(
          placedAccountsQuery(db)
            .innerJoin('users as au', 'au.id', 'lm.user_id')
            .innerJoin('orgs as ao', 'ao.id', 'lm.org_id')
            .where('au.status', '=', 'active')
            .where('lm.status', '=', 'active')
            .where(sql<SqlBool>`ao.path LIKE ${orgPath} || '%'`)
            .select(['lm.id', sql<string>`${pollId}::uuid`.as('poll_id')]),
        )
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0);
    },

    audienceUserIds: (pollId: string, afterUserId: string | null, limit: number) => {
      let q = db
        .selectFrom('poll_audience')
        .select('user_id')
        .distinct()
        .where('poll_id', '=', pollId)
        .orderBy('user_id')
        .limit(limit);
      if (afterUserId) q = q.where('user_id', '>', afterUserId);
      return q.execute();
    },

    /** The caller's audience entry (member id) and whether they answered. */
    audienceEntry: (pollId: string, userId: string) =>
      db
        .selectFrom('poll_audience as a')
        .leftJoin('poll_responded as r', (j) =>
          j.onRef('r.poll_id', '=', 'a.poll_id').onRef('r.member_id', '=', 'a.member_id'),
        )
        .where('a.poll_id', '=', pollId)
        .where('a.user_id', '=', userId)
        .select(['a.member_id', 'r.member_id as responded'])
        .orderBy('r.member_id')
        .executeTakeFirst(),

    /** Published or closed polls whose audience holds the account, newest first. */
    myPolls: (userId: string, limit: number) =>
      base()
        .innerJoin('poll_audience as a', 'a.poll_id', 'p.id')
        .leftJoin('poll_responded as mr', (j) =>
          j.onRef('mr.poll_id', '=', 'a.poll_id').onRef('mr.member_id', '=', 'a.member_id'),
        )
        .where('a.user_id', '=', userId)
        .where('p.status', 'in', ['published', 'closed'])
        .select('mr.member_id as responded')
        .orderBy('p.published_at', 'desc')
        .orderBy('p.id')
        .limit(limit)
        .execute(),

    /** The one-response guard: fails with 23505 on poll_responded_pkey for a second response. */
    markResponded: (pollId: string, memberId: string) =>
      db.insertInto('poll_responded').values({ poll_id: pollId, member_id: memberId }).execute(),

    insertResponse: (row: {
      poll_id: string;
      anonymous: boolean;
      member_id: string | null;
      respondent_name: string | null;
      submitted_at: Date | null;
    }) => db.insertInto('poll_responses').values(row).returning('id').executeTakeFirstOrThrow(),

    async insertAnswers(pollId: string, responseId: string, answers: AnswerValues[]): Promise<void> {
      if (answers.length === 0) return;
      await db
        .insertInto('poll_answers')
        .values(
          answers.map((a) => ({
            response_id: responseId,
            poll_id: pollId,
            question_id: a.questionId,
            choices: a.choices,
            text_value: a.text,
            rating: a.rating,
            ranking: a.ranking,
          })),
        )
        .execute();
    },

    answeredCounts: (pollId: string) =>
      db
        .selectFrom('poll_answers')
        .where('poll_id', '=', pollId)
        .groupBy('question_id')
        .select(['question_id', (eb) => eb.fn.countAll<string>().as('n')])
        .execute(),

    choiceCounts: (pollId: string) =>
      db
        .selectFrom(
          db
            .selectFrom('poll_answers')
            .where('poll_id', '=', pollId)
            .where('choices', 'is not', null)
            .select(['question_id', sql<string>`unnest(choices)`.as('option_id')])
            .as('c'),
        )
        .groupBy(['c.question_id', 'c.option_id'])
        .select(['c.question_id', 'c.option_id', (eb) => eb.fn.countAll<string>().as('n')])
        .execute(),

    ratingCounts: (pollId: string) =>
      db
        .selectFrom('poll_answers')
        .where('poll_id', '=', pollId)
        .where('rating', 'is not', null)
        .groupBy(['question_id', 'rating'])
        .select(['question_id', 'rating', (eb) => eb.fn.countAll<string>().as('n')])
        .$narrowType<{ rating: number }>()
        .execute(),

    /** Every ranking given to a ranked question (the count needs them all). */
    rankings: async (pollId: string, questionId: string): Promise<string[][]> => {
      const rows = await db
        .selectFrom('poll_answers')
        .where('poll_id', '=', pollId)
        .where('question_id', '=', questionId)
        .where('ranking', 'is not', null)
        .select('ranking')
        .execute();
      return rows.map((r) => r.ranking ?? []);
    },

    /** A page of free-text answers; named polls with name and time, newest first. */
    textPage: (pollId: string, questionId: string, offset: number, limit: number) =>
      db
        .selectFrom('poll_answers as a')
        .innerJoin('poll_responses as r', 'r.id', 'a.response_id')
        .where('a.poll_id', '=', pollId)
        .where('a.question_id', '=', questionId)
        .where('a.text_value', 'is not', null)
        .select(['a.text_value', 'r.respondent_name', 'r.submitted_at'])
        .orderBy('r.submitted_at', (ob) => ob.desc().nullsLast())
        .orderBy('r.id')
        .offset(offset)
        .limit(limit)
        .execute(),

    textCount: async (pollId: string, questionId: string) => {
      const r = await db
        .selectFrom('poll_answers')
        .where('poll_id', '=', pollId)
        .where('question_id', '=', questionId)
        .where('text_value', 'is not', null)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    /** Targeted and responded per org node of the frozen audience. */
    orgRates: (pollId: string) =>
      db
        .selectFrom('poll_audience as a')
        .innerJoin('orgs as o', 'o.id', 'a.org_id')
        .leftJoin('poll_responded as r', (j) =>
          j.onRef('r.poll_id', '=', 'a.poll_id').onRef('r.member_id', '=', 'a.member_id'),
        )
        .where('a.poll_id', '=', pollId)
        .groupBy(['o.id', 'o.name', 'o.path'])
        .select([
          'o.id',
          'o.name',
          (eb) => eb.fn.count<string>('a.member_id').as('targeted'),
          (eb) => eb.fn.count<string>('r.member_id').as('responded'),
        ])
        .orderBy('o.path')
        .execute(),

    /** A batch of responses after `afterId` (export keyset). */
    responseBatch: (pollId: string, afterId: string | null, limit: number) => {
      let q = db
        .selectFrom('poll_responses')
        .where('poll_id', '=', pollId)
        .select(['id', 'respondent_name', 'submitted_at'])
        .orderBy('id')
        .limit(limit);
      if (afterId) q = q.where('id', '>', afterId);
      return q.execute();
    },

    answersOf: (responseIds: string[]) =>
      responseIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('poll_answers')
            .where('response_id', 'in', responseIds)
            .select(['response_id', 'question_id', 'choices', 'text_value', 'rating', 'ranking'])
            .execute(),
  };
}

export type PollRow = NonNullable<Awaited<ReturnType<ReturnType<typeof pollsRepo>['findById']>>>;
