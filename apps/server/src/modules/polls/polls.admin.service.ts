/**
 * Poll administration (docs/polls.md): officers with surveys.manage on the poll's org node create and
 * edit drafts, publish (freezing the audience and notifying it) and close. Every change is audited in
 * its transaction.
 */
import { sql } from 'kysely';
import { inScope, requireAccess, requirePermissionSomewhere } from '../../kernel/auth/access.js';
import type { Actor } from '../../kernel/auth/actor.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { findOrg } from '../orgs/index.js';
import { normaliseQuestions, type QuestionInput } from './polls.questions.js';
import { type PollRow, pollsRepo } from './polls.repo.js';
import type { PollInput, PollPatch } from './polls.schemas.js';
import { descriptionToHtml, loadOr404, managedPoll, summaryOf, viewOf } from './polls.shared.js';

/** Accounts per notification batch (NotificationService.sendMany is set-based per batch). */
const NOTIFY_BATCH = 5000;

function times(opensAt: string | null | undefined, closesAt: string) {
  const opens = opensAt ? new Date(opensAt) : null;
  const closes = new Date(closesAt);
  if (Number.isNaN(closes.getTime()) || (opens && Number.isNaN(opens.getTime())))
    throw new AppError('validation_failed', { field: 'closesAt' });
  if (opens && closes <= opens) throw new AppError('poll.invalid_times', { field: 'closesAt' });
  return { opens, closes };
}

/**
 * Creates a draft.
 * @throws AppError not_found (org outside scope), poll.invalid_definition, poll.invalid_times
 */
export async function createPoll(deps: Deps, actor: Actor, input: PollInput) {
  await requireAccess(deps.db, actor, 'surveys.manage', input.orgId);
  const questions = normaliseQuestions(input.questions as QuestionInput[]);
  const { opens, closes } = times(input.opensAt, input.closesAt);
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const { id } = await pollsRepo(trx).insert({
      org_id: input.orgId,
      title: input.title.trim(),
      description_html: descriptionToHtml(input.description),
      anonymous: input.anonymous,
      results_visibility: input.resultsVisibility,
      opens_at: opens,
      closes_at: closes,
      questions: JSON.stringify(questions),
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'poll.created',
        targetType: 'poll',
        targetId: id,
        orgId: input.orgId,
      },
      now,
    );
    return id;
  });
  return viewOf(await loadOr404(deps.db, id), now);
}

/** @throws AppError forbidden without surveys.manage anywhere */
export async function listPolls(deps: Deps, actor: Actor, status?: string) {
  await requirePermissionSomewhere(deps.db, actor, 'surveys.manage');
  const now = deps.clock.now();
  const rows = await pollsRepo(deps.db).list(
    inScope(deps.db, actor, 'surveys.manage', sql.ref('p.org_id')),
    status,
    200,
  );
  return { items: rows.map((r) => summaryOf(r, now)) };
}

/** @throws AppError not_found */
export async function getPoll(deps: Deps, actor: Actor, id: string) {
  return viewOf(await managedPoll(deps.db, actor, id), deps.clock.now());
}

/** Runs `fn` on the locked poll after checking its status. @throws AppError poll.invalid_state */
async function withLockedPoll<T>(
  deps: Deps,
  id: string,
  status: PollRow['status'],
  fn: (trx: Deps['db'], now: Date) => Promise<T>,
): Promise<T> {
  return deps.db.transaction().execute(async (trx) => {
    const locked = await pollsRepo(trx).lock(id);
    if (!locked) throw new AppError('not_found');
    if (locked.status !== status) throw new AppError('poll.invalid_state', { status: locked.status });
    return fn(trx, deps.clock.now());
  });
}

/**
 * Edits a draft; `questions` replaces the list.
 * @throws AppError not_found, poll.invalid_state, poll.invalid_definition, poll.invalid_times
 */
export async function updatePoll(deps: Deps, actor: Actor, id: string, patch: PollPatch) {
  const p = await managedPoll(deps.db, actor, id);
  if (patch.orgId && patch.orgId !== p.org_id)
    await requireAccess(deps.db, actor, 'surveys.manage', patch.orgId);
  const questions = patch.questions ? normaliseQuestions(patch.questions as QuestionInput[]) : undefined;
  const { opens, closes } = times(
    patch.opensAt !== undefined ? patch.opensAt : p.opens_at?.toISOString(),
    patch.closesAt ?? p.closes_at.toISOString(),
  );
  await withLockedPoll(deps, id, 'draft', async (trx, now) => {
    await pollsRepo(trx).update(id, {
      ...(patch.orgId ? { org_id: patch.orgId } : {}),
      ...(patch.title !== undefined ? { title: patch.title.trim() } : {}),
      ...(patch.description !== undefined ? { description_html: descriptionToHtml(patch.description) } : {}),
      ...(patch.anonymous !== undefined ? { anonymous: patch.anonymous } : {}),
      ...(patch.resultsVisibility ? { results_visibility: patch.resultsVisibility } : {}),
      ...(questions ? { questions: JSON.stringify(questions) } : {}),
      opens_at: opens,
      closes_at: closes,
      updated_at: now,
    });
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'poll.updated',
        targetType: 'poll',
        targetId: id,
        orgId: patch.orgId ?? p.org_id,
        details: { fields: Object.keys(patch) },
      },
      now,
    );
  });
  return viewOf(await loadOr404(deps.db, id), deps.clock.now());
}

/** @throws AppError not_found, poll.invalid_state */
export async function deletePoll(deps: Deps, actor: Actor, id: string) {
  const p = await managedPoll(deps.db, actor, id);
  await withLockedPoll(deps, id, 'draft', async (trx, now) => {
    await pollsRepo(trx).remove(id);
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'poll.deleted',
        targetType: 'poll',
        targetId: id,
        orgId: p.org_id,
        details: { title: p.title },
      },
      now,
    );
  });
  return { ok: true };
}

/**
 * Publishes a draft: freezes the audience (active members with an account in the subtree), fixes
 * anonymity and visibility, audits, then notifies the audience.
 * @throws AppError not_found, poll.invalid_state, poll.invalid_times, poll.empty_audience
 */
export async function publishPoll(deps: Deps, actor: Actor, id: string) {
  const p = await managedPoll(deps.db, actor, id);
  const audience = await withLockedPoll(deps, id, 'draft', async (trx, now) => {
    if (p.closes_at <= now) throw new AppError('poll.invalid_times', { field: 'closesAt' });
    const repo = pollsRepo(trx);
    const n = await repo.freezeAudience(id, p.org_path);
    if (n === 0) throw new AppError('poll.empty_audience');
    await repo.update(id, {
      status: 'published',
      published_at: now,
      opens_at: p.opens_at ?? now,
      audience_count: n,
      updated_at: now,
    });
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'poll.published',
        targetType: 'poll',
        targetId: id,
        orgId: p.org_id,
        details: { audience: n, anonymous: p.anonymous, resultsVisibility: p.results_visibility },
      },
      now,
    );
    return n;
  });
  await notifyAudience(deps, p, audience);
  return viewOf(await loadOr404(deps.db, id), deps.clock.now());
}

async function notifyAudience(deps: Deps, p: PollRow, audience: number): Promise<void> {
  if (audience === 0) return;
  const org = await findOrg(deps.db, p.org_id);
  const params = {
    title: p.title,
    org: org?.name ?? p.org_name,
    closes: `${p.closes_at.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    link: `/my/polls/${p.id}`,
  };
  const repo = pollsRepo(deps.db);
  let after: string | null = null;
  for (;;) {
    const batch: string[] = (await repo.audienceUserIds(p.id, after, NOTIFY_BATCH)).map((r) => r.user_id);
    if (batch.length === 0) break;
    await deps.notifier.sendMany(batch, { template: 'poll_published', params });
    after = batch[batch.length - 1]!;
    if (batch.length < NOTIFY_BATCH) break;
  }
}

/** @throws AppError not_found, poll.invalid_state (not published) */
export async function closePoll(deps: Deps, actor: Actor, id: string) {
  const p = await managedPoll(deps.db, actor, id);
  await withLockedPoll(deps, id, 'published', async (trx, now) => {
    await pollsRepo(trx).update(id, { status: 'closed', closed_at: now, updated_at: now });
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'poll.closed',
        targetType: 'poll',
        targetId: id,
        orgId: p.org_id,
        details: { responses: Number(p.responses ?? 0), audience: p.audience_count },
      },
      now,
    );
  });
  return viewOf(await loadOr404(deps.db, id), deps.clock.now());
}
