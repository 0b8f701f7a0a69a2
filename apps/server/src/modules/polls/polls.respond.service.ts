/**
 * The member side (docs/polls.md): the polls whose frozen audience holds the caller, and answering
 * once. For anonymous polls the answer rows carry no member, name or time; the responded mark is a
 * separate row without time, written in the same transaction.
 */
import type { Actor } from '../../kernel/auth/actor.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { memberOfUser } from '../members/index.js';
import { type Answer, checkAnswers, type Question } from './polls.questions.js';
import { type PollRow, pollsRepo } from './polls.repo.js';
import { loadOr404, pgCode, phaseOf } from './polls.shared.js';

/** May a member see the results (docs/polls.md "Results visibility")? */
export function resultsAvailable(p: PollRow, responded: boolean, now: Date): boolean {
  const closed = phaseOf(p, now) === 'closed';
  if (p.results_visibility === 'after_response') return responded || closed;
  if (p.results_visibility === 'after_close') return closed;
  return false;
}

function memberSummary(p: PollRow, responded: boolean, now: Date) {
  return {
    id: p.id,
    title: p.title,
    orgName: p.org_name,
    anonymous: p.anonymous,
    phase: phaseOf(p, now),
    opensAt: p.opens_at ? p.opens_at.toISOString() : null,
    closesAt: p.closes_at.toISOString(),
    responded,
    resultsAvailable: resultsAvailable(p, responded, now),
  };
}

/** Published and closed polls the caller was targeted by. */
export async function myPolls(deps: Deps, actor: Actor) {
  const now = deps.clock.now();
  const rows = await pollsRepo(deps.db).myPolls(actor.userId, 200);
  return { items: rows.map((r) => memberSummary(r, r.responded !== null, now)) };
}

/** The poll and the caller's audience entry. @throws AppError not_found outside the audience */
export async function audiencePoll(db: Database, actor: Actor, id: string) {
  const entry = await pollsRepo(db).audienceEntry(id, actor.userId);
  if (!entry) throw new AppError('not_found');
  const p = await loadOr404(db, id);
  if (p.status === 'draft') throw new AppError('not_found');
  return { p, memberId: entry.member_id, responded: entry.responded !== null };
}

/** @throws AppError not_found */
export async function myPoll(deps: Deps, actor: Actor, id: string) {
  const { p, responded } = await audiencePoll(deps.db, actor, id);
  return {
    ...memberSummary(p, responded, deps.clock.now()),
    descriptionHtml: p.description_html,
    resultsVisibility: p.results_visibility,
    questions: p.questions as Question[],
  };
}

/**
 * Answers a poll once.
 * @throws AppError not_found (not in the audience), poll.not_open, poll.already_responded,
 *   poll.not_eligible (membership no longer active), and the per-question poll.* validation codes
 */
export async function respond(deps: Deps, actor: Actor, id: string, answers: Answer[]) {
  const { p, memberId, responded } = await audiencePoll(deps.db, actor, id);
  if (phaseOf(p, deps.clock.now()) !== 'open') throw new AppError('poll.not_open');
  if (responded) throw new AppError('poll.already_responded');
  const member = await memberOfUser(deps.db, actor.userId);
  if (!member || member.id !== memberId || member.status !== 'active')
    throw new AppError('poll.not_eligible');
  const values = checkAnswers(p.questions as Question[], answers);
  try {
    await deps.db.transaction().execute(async (trx) => {
      const repo = pollsRepo(trx);
      // a shared lock: answers run side by side, closing waits for them (and they for it)
      const locked = await repo.lockShared(id);
      const now = deps.clock.now();
      if (locked?.status !== 'published' || phaseOf({ ...p, status: locked.status }, now) !== 'open')
        throw new AppError('poll.not_open');
      await repo.markResponded(id, memberId);
      const { id: responseId } = await repo.insertResponse(
        p.anonymous
          ? { poll_id: id, anonymous: true, member_id: null, respondent_name: null, submitted_at: null }
          : {
              poll_id: id,
              anonymous: false,
              member_id: memberId,
              respondent_name: actor.displayName,
              submitted_at: now,
            },
      );
      await repo.insertAnswers(id, responseId, values);
    });
  } catch (err) {
    const { code, constraint } = pgCode(err);
    if (
      code === '23505' &&
      (constraint === 'poll_responded_pkey' || constraint?.startsWith('poll_responses'))
    )
      throw new AppError('poll.already_responded');
    throw err;
  }
  return { ok: true };
}
