/**
 * The case workflow as data: states, the actions that move between them and who may take them, and one
 * pure function that applies an action. Per-union workflows are stored as JSON and checked by
 * `validateWorkflow` before they are saved, so the engine only ever runs graphs where every state can
 * still reach `closed`.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export const CaseRole = Type.Union([Type.Literal('member'), Type.Literal('handler'), Type.Literal('system')]);
export type CaseRole = Static<typeof CaseRole>;

const Key = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' });

export const WorkflowState = Type.Object(
  {
    key: Key,
    /** The SLA clocks stand still in this state (waiting for the member, paused with a reason). */
    pausesSla: Type.Optional(Type.Boolean()),
    /** The case counts as resolved (the resolution clock stops) in this state. */
    resolved: Type.Optional(Type.Boolean()),
    /** A labour-dispute stage label (consultation, mediation, arbitration, litigation). */
    stage: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);

export const WorkflowTransition = Type.Object(
  {
    action: Key,
    from: Type.Array(Key, { minItems: 1, maxItems: 40 }),
    to: Key,
    roles: Type.Array(CaseRole, { minItems: 1, maxItems: 3 }),
    /** The action needs a stated reason (pause, reject, reopen). */
    needsReason: Type.Optional(Type.Boolean()),
    /** The action takes a satisfaction rating (close by the member). */
    takesRating: Type.Optional(Type.Boolean()),
    /** Counts as the first response to the member. */
    respondsToMember: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const Workflow = Type.Object(
  {
    initial: Key,
    states: Type.Array(WorkflowState, { minItems: 2, maxItems: 40 }),
    transitions: Type.Array(WorkflowTransition, { minItems: 1, maxItems: 120 }),
  },
  { additionalProperties: false },
);
export type Workflow = Static<typeof Workflow>;
export type WorkflowTransition = Static<typeof WorkflowTransition>;

export const CLOSED = 'closed';

/** States from which `closed` can be reached along declared transitions (any role). */
export function statesReachingClosed(wf: Workflow): Set<string> {
  const reach = new Set<string>([CLOSED]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of wf.transitions) {
      if (!reach.has(t.to)) continue;
      for (const f of t.from) {
        if (!reach.has(f)) {
          reach.add(f);
          grew = true;
        }
      }
    }
  }
  return reach;
}

/** Every problem with a workflow definition (empty when it may be saved). */
export function validateWorkflow(raw: unknown): string[] {
  if (!Value.Check(Workflow, raw))
    return [...Value.Errors(Workflow, raw)].map((e) => `${e.path}: ${e.message}`);
  const wf = raw as Workflow;
  const problems: string[] = [];
  const keys = new Set(wf.states.map((s) => s.key));
  if (keys.size !== wf.states.length) problems.push('duplicate state');
  if (!keys.has(CLOSED)) problems.push('a "closed" state is required');
  if (!keys.has(wf.initial)) problems.push(`initial state ${wf.initial} is not declared`);
  for (const t of wf.transitions) {
    for (const s of [...t.from, t.to]) if (!keys.has(s)) problems.push(`${t.action}: unknown state ${s}`);
  }
  const seen = new Set<string>();
  for (const t of wf.transitions) {
    for (const f of t.from) {
      const k = `${f}:${t.action}`;
      if (seen.has(k)) problems.push(`${t.action} is declared twice from ${f}`);
      seen.add(k);
    }
  }
  if (problems.length) return problems;
  const reach = statesReachingClosed(wf);
  for (const s of keys) if (!reach.has(s)) problems.push(`state ${s} cannot reach closed`);
  return problems;
}

export type TransitionInput = { action: string; reason?: string; rating?: number };
export type TransitionResult =
  | {
      ok: true;
      from: string;
      to: string;
      transition: WorkflowTransition;
      /** SLA clocks: pause when entering a pausing state, resume when leaving one. */
      sla: 'pause' | 'resume' | 'none';
      firstResponse: boolean;
      resolvedAt: Date | null;
      closedAt: Date | null;
    }
  | { ok: false; error: 'invalid_transition' | 'not_allowed' | 'reason_required' | 'rating_required' };

/** Actions the role may take from the case's current state. */
export function allowedActions(wf: Workflow, state: string, role: CaseRole): string[] {
  return wf.transitions.filter((t) => t.from.includes(state) && t.roles.includes(role)).map((t) => t.action);
}

/**
 * Applies one action to a case: pure, no I/O. Only declared edges can be taken, only by their roles.
 */
export function applyTransition(
  wf: Workflow,
  current: { state: string; firstResponseAt: Date | null },
  input: TransitionInput,
  actor: { role: CaseRole },
  now: Date,
): TransitionResult {
  const t = wf.transitions.find((x) => x.action === input.action && x.from.includes(current.state));
  if (!t) return { ok: false, error: 'invalid_transition' };
  if (!t.roles.includes(actor.role)) return { ok: false, error: 'not_allowed' };
  if (t.needsReason && !(input.reason && input.reason.trim().length >= 2)) {
    return { ok: false, error: 'reason_required' };
  }
  if (t.takesRating && input.rating !== undefined && !(input.rating >= 1 && input.rating <= 5)) {
    return { ok: false, error: 'rating_required' };
  }
  const stateOf = (k: string) => wf.states.find((s) => s.key === k);
  const wasPaused = Boolean(stateOf(current.state)?.pausesSla);
  const nowPaused = Boolean(stateOf(t.to)?.pausesSla);
  const resolved = Boolean(stateOf(t.to)?.resolved) || t.to === CLOSED;
  return {
    ok: true,
    from: current.state,
    to: t.to,
    transition: t,
    sla: wasPaused === nowPaused ? 'none' : nowPaused ? 'pause' : 'resume',
    firstResponse: current.firstResponseAt === null && Boolean(t.respondsToMember),
    resolvedAt: resolved ? now : null,
    closedAt: t.to === CLOSED ? now : null,
  };
}
