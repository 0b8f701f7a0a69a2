/**
 * Results (docs/polls.md): counts per option, rating distribution and mean, free-text pages, ranked
 * choice counted by IRV or STV, response rates per org node for managers. Members see results when the
 * poll's visibility allows, never names.
 */
import type { Actor } from '../../kernel/auth/actor.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { countIrv, type IrvResult } from './polls.irv.js';
import type { Question } from './polls.questions.js';
import { type PollRow, pollsRepo } from './polls.repo.js';
import { audiencePoll, resultsAvailable } from './polls.respond.service.js';
import type { TextQuery } from './polls.schemas.js';
import { managedPoll, phaseOf } from './polls.shared.js';
import { countStv, type StvResult } from './polls.stv.js';

type Base = { questionId: string; kind: Question['kind']; title: string; answered: number };
type OptionCount = { id: string; label: string; count: number };
export type QuestionResult =
  | (Base & { type: 'choice'; options: OptionCount[] })
  | (Base & { type: 'rating'; scale: number; distribution: number[]; mean: number | null })
  | (Base & {
      type: 'ranked';
      method: 'irv' | 'stv';
      seats: number;
      firstPreferences: OptionCount[];
      irv: IrvResult | null;
      stv: StvResult | null;
    })
  | (Base & { type: 'text' });

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);

/** Tallies of every question (shared by the results views and the export summary). */
export async function questionResults(db: Database, p: PollRow): Promise<QuestionResult[]> {
  const repo = pollsRepo(db);
  const answered = new Map((await repo.answeredCounts(p.id)).map((r) => [r.question_id, Number(r.n)]));
  const choices = new Map<string, number>();
  for (const r of await repo.choiceCounts(p.id))
    choices.set(`${r.question_id}\u0000${r.option_id}`, Number(r.n));
  const ratings = new Map<string, number>();
  for (const r of await repo.ratingCounts(p.id))
    ratings.set(`${r.question_id}\u0000${r.rating}`, Number(r.n));
  const out: QuestionResult[] = [];
  for (const q of p.questions as Question[]) {
    const base = { questionId: q.id, kind: q.kind, title: q.title, answered: answered.get(q.id) ?? 0 };
    const options = q.options ?? [];
    if (q.kind === 'single' || q.kind === 'multiple') {
      out.push({
        ...base,
        type: 'choice',
        options: options.map((o) => ({ ...o, count: choices.get(`${q.id}\u0000${o.id}`) ?? 0 })),
      });
    } else if (q.kind === 'rating') {
      const scale = q.scale ?? 5;
      const distribution = Array.from({ length: scale }, (_, i) => ratings.get(`${q.id}\u0000${i + 1}`) ?? 0);
      const n = distribution.reduce((s, c) => s + c, 0);
      const sum = distribution.reduce((s, c, i) => s + c * (i + 1), 0);
      out.push({
        ...base,
        type: 'rating',
        scale,
        distribution,
        mean: n ? Math.round((sum / n) * 100) / 100 : null,
      });
    } else if (q.kind === 'ranked') {
      const ballots = await repo.rankings(p.id, q.id);
      const ids = options.map((o) => o.id);
      const first = new Map<string, number>();
      for (const b of ballots) if (b[0]) first.set(b[0], (first.get(b[0]) ?? 0) + 1);
      const method = q.method ?? 'irv';
      out.push({
        ...base,
        type: 'ranked',
        method,
        seats: q.seats ?? 1,
        firstPreferences: options.map((o) => ({ ...o, count: first.get(o.id) ?? 0 })),
        irv: method === 'irv' ? countIrv(ids, ballots) : null,
        stv: method === 'stv' ? countStv(ids, ballots, q.seats ?? 1) : null,
      });
    } else {
      out.push({ ...base, type: 'text' });
    }
  }
  return out;
}

async function resultsOf(db: Database, p: PollRow, now: Date, manager: boolean) {
  const responses = Number(p.responses ?? 0);
  const orgs = manager
    ? (await pollsRepo(db).orgRates(p.id)).map((o) => ({
        orgId: o.id,
        orgName: o.name,
        targeted: Number(o.targeted),
        responded: Number(o.responded),
        rate: rate(Number(o.responded), Number(o.targeted)),
      }))
    : [];
  return {
    pollId: p.id,
    title: p.title,
    anonymous: p.anonymous,
    phase: phaseOf(p, now),
    audience: p.audience_count,
    responses,
    rate: rate(responses, p.audience_count),
    orgs,
    questions: await questionResults(db, p),
  };
}

/** Managers: full results with response rates per org node. @throws AppError not_found */
export async function pollResults(deps: Deps, actor: Actor, id: string) {
  const p = await managedPoll(deps.db, actor, id);
  return resultsOf(deps.db, p, deps.clock.now(), true);
}

async function visibleToMember(deps: Deps, actor: Actor, id: string) {
  const { p, responded } = await audiencePoll(deps.db, actor, id);
  if (!resultsAvailable(p, responded, deps.clock.now())) throw new AppError('poll.results_not_visible');
  return p;
}

/** Members, when the visibility allows. @throws AppError not_found, poll.results_not_visible */
export async function myPollResults(deps: Deps, actor: Actor, id: string) {
  const p = await visibleToMember(deps, actor, id);
  return resultsOf(deps.db, p, deps.clock.now(), false);
}

async function textPage(db: Database, p: PollRow, q: TextQuery, names: boolean) {
  const questionId = q.questionId ?? '';
  const question = (p.questions as Question[]).find((x) => x.id === questionId && x.kind === 'text');
  if (!question) throw new AppError('poll.unknown_question', { questionId });
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 50;
  const repo = pollsRepo(db);
  const rows = await repo.textPage(p.id, questionId, (page - 1) * pageSize, pageSize);
  return {
    items: rows.map((r) => ({
      text: r.text_value ?? '',
      ...(names && r.respondent_name ? { respondent: r.respondent_name } : {}),
      ...(names && r.submitted_at ? { at: r.submitted_at.toISOString() } : {}),
    })),
    total: await repo.textCount(p.id, questionId),
    page,
    pageSize,
  };
}

/** Managers: free-text answers, with names on named polls. @throws AppError not_found, poll.unknown_question */
export async function pollTextAnswers(deps: Deps, actor: Actor, id: string, q: TextQuery) {
  const p = await managedPoll(deps.db, actor, id);
  return textPage(deps.db, p, q, !p.anonymous);
}

/** Members: free-text answers without names. @throws AppError not_found, poll.results_not_visible */
export async function myPollTextAnswers(deps: Deps, actor: Actor, id: string, q: TextQuery) {
  const p = await visibleToMember(deps, actor, id);
  return textPage(deps.db, p, q, false);
}
