/**
 * From a workflow result to the row changes it implies (pure): SLA pause/resume, first response,
 * resolution, closing, reopening, and the due times the scheduler watches.
 */
import type { CaseRow } from './cases.repo.js';
import { dueAt, type SlaClock } from './sla.js';
import type { TransitionResult } from './workflow.js';

type Clocked = Pick<
  CaseRow,
  | 'created_at'
  | 'paused_ms'
  | 'paused_at'
  | 'first_response_at'
  | 'resolved_at'
  | 'closed_at'
  | 'fr_budget_ms'
  | 'res_budget_ms'
>;

function clocks(r: Clocked): { fr: SlaClock; res: SlaClock } {
  const base = { startedAt: r.created_at, pausedMs: Number(r.paused_ms), pausedAt: r.paused_at };
  return {
    fr: { ...base, budgetMs: Number(r.fr_budget_ms), stoppedAt: r.first_response_at ?? r.closed_at },
    res: { ...base, budgetMs: Number(r.res_budget_ms), stoppedAt: r.resolved_at ?? r.closed_at },
  };
}

/** The due times of both clocks (null while paused or stopped). */
export function dueColumns(r: Clocked): { fr_due_at: Date | null; res_due_at: Date | null } {
  const c = clocks(r);
  return { fr_due_at: dueAt(c.fr), res_due_at: dueAt(c.res) };
}

export type CasePatch = Partial<
  Pick<
    CaseRow,
    | 'state'
    | 'paused_at'
    | 'pause_reason'
    | 'paused_ms'
    | 'first_response_at'
    | 'resolved_at'
    | 'closed_at'
    | 'assignee_id'
    | 'satisfaction'
    | 'updated_at'
    | 'fr_due_at'
    | 'res_due_at'
  >
>;

/** Row changes for a successful transition. */
export function patchForTransition(
  row: CaseRow,
  r: Extract<TransitionResult, { ok: true }>,
  ctx: { now: Date; actorId: string | null; reason?: string; rating?: number; role: string },
): CasePatch {
  const now = ctx.now;
  const next: CaseRow = { ...row, state: r.to, updated_at: now };
  if (r.sla === 'pause') {
    next.paused_at = now;
    next.pause_reason = ctx.reason ?? r.to;
  } else if (r.sla === 'resume' && row.paused_at) {
    next.paused_ms = String(Number(row.paused_ms) + Math.max(0, now.getTime() - row.paused_at.getTime()));
    next.paused_at = null;
    next.pause_reason = null;
  }
  if (r.firstResponse) next.first_response_at = now;
  if (r.transition.action === 'take' && ctx.role === 'handler') next.assignee_id = ctx.actorId;
  if (r.resolvedAt && !row.resolved_at) next.resolved_at = now;
  if (r.closedAt) {
    next.closed_at = now;
    if (next.paused_at) {
      next.paused_ms = String(Number(next.paused_ms) + Math.max(0, now.getTime() - next.paused_at.getTime()));
      next.paused_at = null;
    }
  }
  if (r.transition.takesRating && ctx.rating !== undefined) next.satisfaction = ctx.rating;
  if (r.transition.action === 'reopen') {
    // the time spent resolved or closed does not count against the resolution budget
    const stoppedAt = row.resolved_at ?? row.closed_at;
    if (stoppedAt)
      next.paused_ms = String(Number(next.paused_ms) + Math.max(0, now.getTime() - stoppedAt.getTime()));
    next.resolved_at = null;
    next.closed_at = null;
    next.satisfaction = null;
  }
  return {
    state: next.state,
    paused_at: next.paused_at,
    pause_reason: next.pause_reason,
    paused_ms: next.paused_ms,
    first_response_at: next.first_response_at,
    resolved_at: next.resolved_at,
    closed_at: next.closed_at,
    assignee_id: next.assignee_id,
    satisfaction: next.satisfaction,
    updated_at: now,
    ...dueColumns(next),
  };
}
