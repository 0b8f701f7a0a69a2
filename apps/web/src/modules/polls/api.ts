/** Queries and mutations of the polls module (docs/polls.md): /api/polls for managers, /api/my/polls for members. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api/client';
import { getCsrfToken } from '../../shared/api/csrf';
import { ApiError } from '../../shared/api/errors';

export type QuestionKind = 'single' | 'multiple' | 'text' | 'rating' | 'ranked';
export const QUESTION_KINDS: QuestionKind[] = ['single', 'multiple', 'text', 'rating', 'ranked'];
export type ResultsVisibility = 'after_response' | 'after_close' | 'managers';
export type Phase = 'draft' | 'scheduled' | 'open' | 'closed';

export interface Option {
  id: string;
  label: string;
}
export interface Question {
  id: string;
  kind: QuestionKind;
  title: string;
  description?: string;
  required: boolean;
  options?: Option[];
  minChoices?: number;
  maxChoices?: number;
  maxLength?: number;
  scale?: number;
  lowLabel?: string;
  highLabel?: string;
  rankLimit?: number;
  method?: 'irv' | 'stv';
  seats?: number;
}
export interface PollInput {
  orgId: string;
  title: string;
  description?: string;
  anonymous: boolean;
  resultsVisibility: ResultsVisibility;
  opensAt?: string | null;
  closesAt: string;
  questions: Question[];
}
export interface PollSummary {
  id: string;
  orgId: string;
  orgName: string;
  title: string;
  anonymous: boolean;
  resultsVisibility: ResultsVisibility;
  status: 'draft' | 'published' | 'closed';
  phase: Phase;
  opensAt: string | null;
  closesAt: string;
  publishedAt: string | null;
  closedAt: string | null;
  audience: number;
  responses: number;
  createdAt: string;
  updatedAt: string;
}
export interface PollView extends PollSummary {
  descriptionHtml: string;
  questions: Question[];
  abilities: { edit: boolean; publish: boolean; close: boolean; delete: boolean; export: boolean };
}
export interface MyPollSummary {
  id: string;
  title: string;
  orgName: string;
  anonymous: boolean;
  phase: Phase;
  opensAt: string | null;
  closesAt: string;
  responded: boolean;
  resultsAvailable: boolean;
}
export interface MyPollView extends MyPollSummary {
  descriptionHtml: string;
  resultsVisibility: ResultsVisibility;
  questions: Question[];
}
export interface Answer {
  questionId: string;
  choice?: string;
  choices?: string[];
  text?: string;
  rating?: number;
  ranking?: string[];
}
export type TieBreak = 'previous_rounds' | 'option_order' | null;
export interface IrvRound {
  round: number;
  tallies: Record<string, number>;
  continuing: number;
  exhausted: number;
  eliminated: string | null;
  tieBreak: TieBreak;
  winner: string | null;
}
export interface StvRound {
  round: number;
  action: 'elect' | 'surplus' | 'eliminate';
  tallies: Record<string, number>;
  exactTallies: Record<string, string>;
  exhausted: number;
  exactExhausted: string;
  elected: string[];
  eliminated: string | null;
  transferFrom: string | null;
  transferValue: string | null;
  tieBreak: TieBreak;
}
export type QuestionResult =
  | {
      questionId: string;
      kind: 'single' | 'multiple';
      answered: number;
      options: (Option & { count: number })[];
    }
  | {
      questionId: string;
      kind: 'rating';
      answered: number;
      scale: number;
      distribution: number[];
      mean: number | null;
    }
  | { questionId: string; kind: 'text'; answered: number }
  | {
      questionId: string;
      kind: 'ranked';
      answered: number;
      method: 'irv' | 'stv';
      seats: number;
      /** Ballots ranking each option first, in the question's option order. */
      firstPreferences: (Option & { count: number })[];
      irv: { winner: string | null; rounds: IrvRound[] } | null;
      stv: { seats: number; quota: number; valid: number; elected: string[]; rounds: StvRound[] } | null;
    };
export interface PollResults {
  pollId: string;
  title: string;
  anonymous: boolean;
  phase: Phase;
  audience: number;
  responses: number;
  rate: number;
  orgs: { orgId: string; orgName: string; targeted: number; responded: number; rate: number }[];
  questions: QuestionResult[];
}
export interface TextAnswers {
  items: { text: string; respondent?: string; at?: string }[];
  total: number;
  page: number;
  pageSize: number;
}

const key = ['polls'] as const;

// ---- managers ----
export const usePolls = () =>
  useQuery({ queryKey: [...key, 'all'], queryFn: () => api.get<{ items: PollSummary[] }>('/polls') });
export const usePoll = (id: string | undefined) =>
  useQuery({
    queryKey: [...key, 'one', id],
    queryFn: () => api.get<PollView>(`/polls/${id}`),
    enabled: !!id,
  });
export const createPoll = (body: PollInput) => api.post<PollView>('/polls', body);
export const updatePoll = (id: string, body: Partial<PollInput>) => api.patch<PollView>(`/polls/${id}`, body);
export const deletePoll = (id: string) => api.delete<{ ok: boolean }>(`/polls/${id}`);
export const pollStep = (id: string, step: 'publish' | 'close') =>
  api.post<PollView>(`/polls/${id}/${step}`, {});

/** Results for a manager (`mine` false) or a member (`mine` true: /my/polls/...). */
export const usePollResults = (id: string, mine: boolean, enabled = true) =>
  useQuery({
    queryKey: [...key, mine ? 'my-results' : 'results', id],
    queryFn: () => api.get<PollResults>(`${mine ? '/my' : ''}/polls/${id}/results`),
    enabled,
  });
export const useTextAnswers = (
  id: string,
  mine: boolean,
  questionId: string,
  page: number,
  pageSize: number,
) =>
  useQuery({
    queryKey: [...key, mine ? 'my-text' : 'text', id, questionId, page, pageSize],
    queryFn: () =>
      api.get<TextAnswers>(`${mine ? '/my' : ''}/polls/${id}/text-answers`, {
        query: { questionId, page, pageSize },
      }),
  });

// ---- members ----
export const useMyPolls = () =>
  useQuery({ queryKey: [...key, 'mine'], queryFn: () => api.get<{ items: MyPollSummary[] }>('/my/polls') });
export const useMyPoll = (id: string) =>
  useQuery({ queryKey: [...key, 'mine', id], queryFn: () => api.get<MyPollView>(`/my/polls/${id}`) });
export const respond = (id: string, answers: Answer[]) =>
  api.post<{ ok: boolean }>(`/my/polls/${id}/response`, { answers });

/** Downloads the export (CSV or XLSX) and saves it under the server's file name. */
export async function downloadExport(id: string, format: 'csv' | 'xlsx'): Promise<void> {
  const headers: Record<string, string> = {};
  const csrf = getCsrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(`/api/polls/${id}/export?format=${format}`, {
    headers,
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (!res.ok)
    throw new ApiError(
      res.status,
      await res.json().catch(() => ({ code: 'http_error', message: res.statusText })),
    );
  const name =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `poll.${format}`;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
