/** Helpers shared by the polls services: loading, phase, presentation, manager access. */
import { requireAccess } from '../../kernel/auth/access.js';
import type { Actor } from '../../kernel/auth/actor.js';
import type { Database } from '../../kernel/db/pool.js';
import { AppError } from '../../kernel/http/errors.js';
import { sanitizeRichText } from '../comms/index.js';
import { type PollRow, pollsRepo } from './polls.repo.js';
import type { Question } from './polls.questions.js';

export type Phase = 'draft' | 'scheduled' | 'open' | 'closed';

export function phaseOf(p: Pick<PollRow, 'status' | 'opens_at' | 'closes_at'>, now: Date): Phase {
  if (p.status === 'draft') return 'draft';
  if (p.status === 'closed' || now >= p.closes_at) return 'closed';
  if (p.opens_at && now < p.opens_at) return 'scheduled';
  return 'open';
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function summaryOf(p: PollRow, now: Date) {
  return {
    id: p.id,
    orgId: p.org_id,
    orgName: p.org_name,
    title: p.title,
    anonymous: p.anonymous,
    resultsVisibility: p.results_visibility,
    status: p.status,
    phase: phaseOf(p, now),
    opensAt: iso(p.opens_at),
    closesAt: p.closes_at.toISOString(),
    publishedAt: iso(p.published_at),
    closedAt: iso(p.closed_at),
    audience: p.audience_count,
    responses: Number(p.responses ?? 0),
    createdAt: p.created_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
  };
}

export function viewOf(p: PollRow, now: Date) {
  const draft = p.status === 'draft';
  return {
    ...summaryOf(p, now),
    descriptionHtml: p.description_html,
    questions: p.questions as Question[],
    abilities: {
      edit: draft,
      publish: draft,
      close: p.status === 'published',
      delete: draft,
      export: !draft,
    },
  };
}

/** @throws AppError not_found */
export async function loadOr404(db: Database, id: string): Promise<PollRow> {
  const p = await pollsRepo(db).findById(id);
  if (!p) throw new AppError('not_found');
  return p;
}

/** The poll, if the actor holds surveys.manage on its org node. @throws AppError not_found */
export async function managedPoll(db: Database, actor: Actor, id: string): Promise<PollRow> {
  const p = await loadOr404(db, id);
  await requireAccess(db, actor, 'surveys.manage', p.org_id);
  return p;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Rich text is sanitised; plain text becomes escaped paragraphs (blank lines) with line breaks. */
export function descriptionToHtml(input: string | undefined): string {
  const text = (input ?? '').trim();
  if (!text) return '';
  if (/<[a-z][^>]*>/i.test(text)) return sanitizeRichText(text);
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((para) => `<p>${escapeHtml(para.trim()).replace(/\r?\n/g, '<br>')}</p>`)
    .join('');
}

export function pgCode(err: unknown): { code?: string; constraint?: string } {
  return (err ?? {}) as { code?: string; constraint?: string };
}
