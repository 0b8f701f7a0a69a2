/**
 * Question definitions and answers (docs/polls.md "Questions"): normalising a definition when a poll
 * is written, and checking one member's answers against it. Pure; errors are AppErrors with the
 * translatable poll.* codes.
 */
import { AppError } from '../../kernel/http/errors.js';

export type QuestionKind = 'single' | 'multiple' | 'text' | 'rating' | 'ranked';
export type Option = { id: string; label: string };
export type Question = {
  id: string;
  kind: QuestionKind;
  title: string;
  description?: string | undefined;
  required: boolean;
  options?: Option[] | undefined;
  minChoices?: number | undefined;
  maxChoices?: number | undefined;
  maxLength?: number | undefined;
  scale?: number | undefined;
  lowLabel?: string | undefined;
  highLabel?: string | undefined;
  rankLimit?: number | undefined;
  method?: 'irv' | 'stv' | undefined;
  seats?: number | undefined;
};
export type QuestionInput = Omit<Question, 'required'> & { required?: boolean | undefined };

export type Answer = {
  questionId: string;
  choice?: string | undefined;
  choices?: string[] | undefined;
  text?: string | undefined;
  rating?: number | undefined;
  ranking?: string[] | undefined;
};
/** One stored answer row's values. */
export type AnswerValues = {
  questionId: string;
  choices: string[] | null;
  text: string | null;
  rating: number | null;
  ranking: string[] | null;
};

const bad = (question: string, problem: string) =>
  new AppError('poll.invalid_definition', { question, problem });

/**
 * Fills defaults and checks the cross-field rules the schema cannot express.
 * @throws AppError poll.invalid_definition
 */
export function normaliseQuestions(input: QuestionInput[]): Question[] {
  if (input.length === 0) throw bad('', 'no_questions');
  const ids = new Set<string>();
  return input.map((q) => {
    if (ids.has(q.id)) throw bad(q.id, 'duplicate_id');
    ids.add(q.id);
    const base = {
      id: q.id,
      kind: q.kind,
      title: q.title.trim(),
      ...(q.description?.trim() ? { description: q.description.trim() } : {}),
      required: q.required ?? true,
    };
    const withOptions = q.kind === 'single' || q.kind === 'multiple' || q.kind === 'ranked';
    const options = q.options ?? [];
    if (withOptions) {
      if (options.length < 2) throw bad(q.id, 'options');
      if (new Set(options.map((o) => o.id)).size !== options.length) throw bad(q.id, 'duplicate_option');
    }
    const opts = options.map((o) => ({ id: o.id, label: o.label.trim() }));
    switch (q.kind) {
      case 'single':
        return { ...base, options: opts };
      case 'multiple': {
        const minChoices = q.minChoices ?? (base.required ? 1 : 0);
        const maxChoices = q.maxChoices ?? opts.length;
        if (minChoices > maxChoices || maxChoices > opts.length || maxChoices < 1) throw bad(q.id, 'choices');
        return { ...base, options: opts, minChoices, maxChoices };
      }
      case 'text':
        return { ...base, maxLength: q.maxLength ?? 1000 };
      case 'rating':
        return {
          ...base,
          scale: q.scale ?? 5,
          ...(q.lowLabel?.trim() ? { lowLabel: q.lowLabel.trim() } : {}),
          ...(q.highLabel?.trim() ? { highLabel: q.highLabel.trim() } : {}),
        };
      case 'ranked': {
        const method = q.method ?? 'irv';
        const seats = method === 'irv' ? 1 : (q.seats ?? 1);
        if (method === 'irv' && (q.seats ?? 1) !== 1) throw bad(q.id, 'seats');
        if (seats >= opts.length) throw bad(q.id, 'seats');
        const rankLimit = q.rankLimit ?? 0;
        if (rankLimit > opts.length) throw bad(q.id, 'rank_limit');
        return { ...base, options: opts, rankLimit, method, seats };
      }
      default:
        throw bad(q.id, 'kind');
    }
  });
}

function checkOne(q: Question, a: Answer): AnswerValues {
  const questionId = q.id;
  const only = (field: keyof Answer) =>
    (['choice', 'choices', 'text', 'rating', 'ranking'] as const).every((f) =>
      f === field ? a[f] !== undefined : a[f] === undefined,
    );
  const known = new Set((q.options ?? []).map((o) => o.id));
  const empty = { questionId, choices: null, text: null, rating: null, ranking: null };
  switch (q.kind) {
    case 'single':
      if (!only('choice')) throw new AppError('poll.invalid_answer', { questionId });
      if (!known.has(a.choice!)) throw new AppError('poll.invalid_choice', { questionId });
      return { ...empty, choices: [a.choice!] };
    case 'multiple': {
      if (!only('choices')) throw new AppError('poll.invalid_answer', { questionId });
      const c = a.choices!;
      if (c.some((id) => !known.has(id)) || new Set(c).size !== c.length)
        throw new AppError('poll.invalid_choice', { questionId });
      if (c.length < q.minChoices! || c.length > q.maxChoices!)
        throw new AppError('poll.choice_count', { questionId, min: q.minChoices, max: q.maxChoices });
      return { ...empty, choices: c };
    }
    case 'text': {
      if (!only('text')) throw new AppError('poll.invalid_answer', { questionId });
      const text = a.text!.trim();
      if (text.length > q.maxLength!)
        throw new AppError('poll.text_too_long', { questionId, maxLength: q.maxLength });
      return { ...empty, text };
    }
    case 'rating': {
      if (!only('rating')) throw new AppError('poll.invalid_answer', { questionId });
      const r = a.rating!;
      if (!Number.isInteger(r) || r < 1 || r > q.scale!)
        throw new AppError('poll.rating_out_of_range', { questionId, scale: q.scale });
      return { ...empty, rating: r };
    }
    case 'ranked': {
      if (!only('ranking')) throw new AppError('poll.invalid_answer', { questionId });
      const r = a.ranking!;
      if (r.some((id) => !known.has(id)))
        throw new AppError('poll.invalid_ranking', { questionId, problem: 'unknown_option' });
      if (new Set(r).size !== r.length)
        throw new AppError('poll.invalid_ranking', { questionId, problem: 'duplicate' });
      const limit = q.rankLimit ?? 0;
      if (limit === 0 && r.length !== known.size)
        throw new AppError('poll.invalid_ranking', { questionId, problem: 'incomplete' });
      if (limit > 0 && r.length > limit)
        throw new AppError('poll.invalid_ranking', { questionId, problem: 'too_many' });
      return { ...empty, ranking: r };
    }
  }
}

/** An answer that says nothing (an optional question may be left like this). */
function isBlank(a: Answer): boolean {
  return (
    a.choice === undefined &&
    (a.choices === undefined || a.choices.length === 0) &&
    (a.text === undefined || a.text.trim() === '') &&
    a.rating === undefined &&
    (a.ranking === undefined || a.ranking.length === 0)
  );
}

/**
 * Checks a whole response; blank answers to optional questions are dropped.
 * @throws AppError poll.unknown_question, poll.answer_required, poll.invalid_answer, poll.invalid_choice,
 *   poll.choice_count, poll.text_too_long, poll.rating_out_of_range, poll.invalid_ranking
 */
export function checkAnswers(questions: Question[], answers: Answer[]): AnswerValues[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const given = new Map<string, Answer>();
  for (const a of answers) {
    if (!byId.has(a.questionId) || given.has(a.questionId))
      throw new AppError('poll.unknown_question', { questionId: a.questionId });
    given.set(a.questionId, a);
  }
  const out: AnswerValues[] = [];
  for (const q of questions) {
    const a = given.get(q.id);
    if (!a || isBlank(a)) {
      if (q.required) throw new AppError('poll.answer_required', { questionId: q.id });
      continue;
    }
    out.push(checkOne(q, a));
  }
  return out;
}
