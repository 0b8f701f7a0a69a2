/** Editor form values ↔ API bodies, and the member's answers → API answers (pure, tested). */
import dayjs, { type Dayjs } from 'dayjs';
import type { Answer, PollInput, PollView, Question, QuestionKind, ResultsVisibility } from './api';

export interface OptionForm {
  id?: string;
  label: string;
}
export interface QuestionForm {
  id?: string;
  kind: QuestionKind;
  title: string;
  description?: string;
  required: boolean;
  options?: OptionForm[];
  minChoices?: number | null;
  maxChoices?: number | null;
  maxLength?: number | null;
  scale?: number | null;
  lowLabel?: string;
  highLabel?: string;
  rankLimit?: number | null;
  method?: 'irv' | 'stv';
  seats?: number | null;
}
export interface PollFormValues {
  orgId: string;
  title: string;
  description?: string;
  anonymous: boolean;
  resultsVisibility: ResultsVisibility;
  opensAt?: Dayjs | null;
  closesAt: Dayjs;
  questions: QuestionForm[];
}

const WITH_OPTIONS: QuestionKind[] = ['single', 'multiple', 'ranked'];
export const hasOptions = (k: QuestionKind) => WITH_OPTIONS.includes(k);

/** A fresh question of a kind, with two empty options where the kind takes options. */
export function blankQuestion(kind: QuestionKind = 'single'): QuestionForm {
  return {
    kind,
    title: '',
    required: true,
    ...(hasOptions(kind) ? { options: [{ label: '' }, { label: '' }] } : {}),
    ...(kind === 'rating' ? { scale: 5 } : {}),
    ...(kind === 'text' ? { maxLength: 1000 } : {}),
    ...(kind === 'ranked' ? { method: 'irv' as const, seats: 1 } : {}),
  };
}

/** Ids kept from an edited draft; new ones are `<prefix><n>` not used yet. */
function assignIds<T extends { id?: string }>(items: T[], prefix: string): string[] {
  const used = new Set(items.map((i) => i.id).filter((id): id is string => !!id));
  let n = 0;
  return items.map((i) => {
    if (i.id) return i.id;
    let id: string;
    do id = `${prefix}${++n}`;
    while (used.has(id));
    used.add(id);
    return id;
  });
}

const num = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const text = (v: string | undefined) => {
  const s = (v ?? '').trim();
  return s ? s : undefined;
};

export function toQuestion(q: QuestionForm, id: string): Question {
  const out: Question = { id, kind: q.kind, title: q.title.trim(), required: q.required };
  const description = text(q.description);
  if (description) out.description = description;
  if (hasOptions(q.kind)) {
    const opts = (q.options ?? []).map((o) => ({ ...o, label: o.label.trim() })).filter((o) => o.label);
    const ids = assignIds(opts, 'o');
    out.options = opts.map((o, i) => ({ id: ids[i] as string, label: o.label }));
  }
  if (q.kind === 'multiple') {
    const min = num(q.minChoices);
    const max = num(q.maxChoices);
    if (min !== undefined) out.minChoices = min;
    if (max !== undefined) out.maxChoices = max;
  }
  if (q.kind === 'text') out.maxLength = num(q.maxLength) ?? 1000;
  if (q.kind === 'rating') {
    out.scale = num(q.scale) ?? 5;
    const low = text(q.lowLabel);
    const high = text(q.highLabel);
    if (low) out.lowLabel = low;
    if (high) out.highLabel = high;
  }
  if (q.kind === 'ranked') {
    out.method = q.method ?? 'irv';
    out.seats = out.method === 'stv' ? (num(q.seats) ?? 1) : 1;
    const limit = num(q.rankLimit);
    if (limit) out.rankLimit = limit;
  }
  return out;
}

/** Form values to the create/update body. */
export function toPollInput(v: PollFormValues): PollInput {
  const ids = assignIds(v.questions, 'q');
  const description = text(v.description);
  return {
    orgId: v.orgId,
    title: v.title.trim(),
    ...(description ? { description } : {}),
    anonymous: v.anonymous,
    resultsVisibility: v.resultsVisibility,
    opensAt: v.opensAt ? v.opensAt.toISOString() : null,
    closesAt: v.closesAt.toISOString(),
    questions: v.questions.map((q, i) => toQuestion(q, ids[i] as string)),
  };
}

/** Plain text of the stored description (sanitised HTML from the server) for editing a draft. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/** A draft from the server back into editor values. */
export function fromPollView(p: PollView): PollFormValues {
  return {
    orgId: p.orgId,
    title: p.title,
    description: htmlToText(p.descriptionHtml),
    anonymous: p.anonymous,
    resultsVisibility: p.resultsVisibility,
    opensAt: p.opensAt ? dayjs(p.opensAt) : null,
    closesAt: dayjs(p.closesAt),
    questions: p.questions.map((q) => ({
      ...q,
      options: q.options?.map((o) => ({ id: o.id, label: o.label })),
    })),
  };
}

/** The member's answers while filling in: by question id. */
export type AnswerValue = string | string[] | number | undefined;
export type AnswerState = Record<string, AnswerValue>;

/** Answer state to the response body; unanswered questions are left out (the server names required ones). */
export function toAnswers(questions: Question[], state: AnswerState): Answer[] {
  const out: Answer[] = [];
  for (const q of questions) {
    const v = state[q.id];
    if (q.kind === 'single' && typeof v === 'string' && v) out.push({ questionId: q.id, choice: v });
    else if (q.kind === 'multiple' && Array.isArray(v) && v.length > 0)
      out.push({ questionId: q.id, choices: v });
    else if (q.kind === 'text' && typeof v === 'string' && v.trim())
      out.push({ questionId: q.id, text: v.trim() });
    else if (q.kind === 'rating' && typeof v === 'number' && v > 0) out.push({ questionId: q.id, rating: v });
    else if (q.kind === 'ranked' && Array.isArray(v) && v.length > 0)
      out.push({ questionId: q.id, ranking: v });
  }
  return out;
}

/** The min/max hint of a multiple-choice question, as the server applies the defaults. */
export function choiceBounds(q: Question): { min: number; max: number } {
  const count = q.options?.length ?? 0;
  return { min: q.minChoices ?? (q.required ? 1 : 0), max: q.maxChoices ?? count };
}
