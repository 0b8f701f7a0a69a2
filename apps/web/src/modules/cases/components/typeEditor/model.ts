/**
 * Pure helpers of the case-type editor: sensible defaults for a new type, the catalogue of common fields,
 * a clean definition to save (no empty optional properties), and plain-language problems.
 */
import type { TFunction } from 'i18next';
import type {
  Analytic,
  CaseTypeDef,
  FieldDef,
  FieldKind,
  Sla,
  UnionCaseType,
  Workflow,
  WorkflowTransition,
} from '../../api';

export const KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
export const FIELD_KINDS: FieldKind[] = ['text', 'date', 'number', 'choice'];
export const ANALYTICS: Analytic[] = [
  'incident_date',
  'location',
  'body_part',
  'severity',
  'days_lost',
  'cause',
];
export const ROLES = ['member', 'handler', 'system'] as const;
export const DEFAULT_SLA: Sla = { firstResponseHours: 24, resolutionHours: 24 * 14, remindAt: 0.75 };

/** The same standard workflow the server ships (case-types.ts `standardWorkflow`). */
export function standardWorkflow(working: { key: string; stage?: string }[]): Workflow {
  const work = working.map((w) => w.key);
  const first = work[0] ?? 'in_progress';
  const transitions: WorkflowTransition[] = [
    { action: 'take', from: ['submitted'], to: first, roles: ['handler'], respondsToMember: true },
    {
      action: 'reject',
      from: ['submitted'],
      to: 'closed',
      roles: ['handler'],
      needsReason: true,
      respondsToMember: true,
    },
    { action: 'ask_member', from: work, to: 'awaiting_member', roles: ['handler'], respondsToMember: true },
    { action: 'member_answers', from: ['awaiting_member'], to: first, roles: ['member'] },
    { action: 'pause', from: work, to: 'paused', roles: ['handler'], needsReason: true },
    { action: 'resume', from: ['paused'], to: first, roles: ['handler', 'system'] },
    { action: 'resolve', from: work, to: 'resolved', roles: ['handler'], respondsToMember: true },
    { action: 'confirm', from: ['resolved'], to: 'closed', roles: ['member'], takesRating: true },
    { action: 'auto_close', from: ['resolved'], to: 'closed', roles: ['system', 'handler'] },
    {
      action: 'reopen',
      from: ['resolved', 'closed'],
      to: first,
      roles: ['member', 'handler'],
      needsReason: true,
    },
    {
      action: 'withdraw',
      from: ['submitted', ...work, 'awaiting_member', 'paused'],
      to: 'closed',
      roles: ['member'],
    },
  ];
  for (let i = 0; i + 1 < working.length; i++) {
    const next = working[i + 1]!.key;
    transitions.push({
      action: `to_${next}`,
      from: [working[i]!.key],
      to: next,
      roles: ['handler'],
      needsReason: true,
    });
  }
  return {
    initial: 'submitted',
    states: [
      { key: 'submitted' },
      ...working.map((w) => (w.stage ? { key: w.key, stage: w.stage } : { key: w.key })),
      { key: 'awaiting_member', pausesSla: true },
      { key: 'paused', pausesSla: true },
      { key: 'resolved', resolved: true },
      { key: 'closed' },
    ],
    transitions,
  };
}

/** Fields officers add most often, with their usual kind (labels are translated by key). */
export const COMMON_FIELDS: FieldDef[] = [
  { key: 'description', kind: 'text', required: true },
  { key: 'incident_date', kind: 'date', analytic: 'incident_date' },
  { key: 'location', kind: 'text', analytic: 'location' },
  { key: 'expected_benefit', kind: 'text' },
  { key: 'remedy_sought', kind: 'text' },
  { key: 'days_lost', kind: 'number', analytic: 'days_lost' },
];

/** A new type: a description field, the standard workflow and the usual time limits. */
export function newTypeDef(key: string, name: { zh: string; en: string }): CaseTypeDef {
  return {
    key,
    name,
    allowAnonymous: true,
    fields: [{ key: 'description', kind: 'text', required: true }],
    workflow: standardWorkflow([{ key: 'in_progress' }]),
    sla: { ...DEFAULT_SLA },
  };
}

/**
 * The editable definition of a listed type. `complete` is false when the server did not send the
 * workflow or SLA: the standard ones are filled in and the page says so.
 */
export function toDef(t: UnionCaseType): { def: CaseTypeDef; complete: boolean } {
  const complete = !!t.workflow && !!t.sla;
  return {
    def: structuredClone({
      key: t.key,
      name: t.name,
      allowAnonymous: t.allowAnonymous,
      fields: t.fields,
      workflow: t.workflow ?? standardWorkflow([{ key: 'in_progress' }]),
      sla: t.sla ?? { ...DEFAULT_SLA },
    }),
    complete,
  };
}

/** The definition as the server's closed schema wants it: no empty or meaningless optional values. */
export function cleanDef(d: CaseTypeDef): CaseTypeDef {
  const field = (f: FieldDef): FieldDef => {
    const out: FieldDef = { key: f.key.trim(), kind: f.kind };
    if (f.required) out.required = true;
    if (f.kind === 'choice') out.options = (f.options ?? []).map((o) => o.trim()).filter(Boolean);
    if (f.analytic) out.analytic = f.analytic;
    const both = (l?: { zh: string; en: string }) => {
      const zh = l?.zh.trim() ?? '';
      const en = l?.en.trim() ?? '';
      return zh || en ? { zh: zh || en, en: en || zh } : undefined;
    };
    const own = both(f.label);
    if (own) out.label = own;
    if (out.options?.length) {
      const names: Record<string, { zh: string; en: string }> = {};
      for (const o of out.options) {
        const n = both(f.optionLabels?.[o]);
        if (n) names[o] = n;
      }
      if (Object.keys(names).length) out.optionLabels = names;
    }
    return out;
  };
  return {
    key: d.key,
    name: { zh: d.name.zh.trim(), en: d.name.en.trim() },
    allowAnonymous: d.allowAnonymous,
    fields: d.fields.map(field),
    workflow: {
      initial: d.workflow.initial,
      states: d.workflow.states.map((s) => ({
        key: s.key.trim(),
        ...(s.pausesSla ? { pausesSla: true } : {}),
        ...(s.resolved ? { resolved: true } : {}),
        ...(s.stage?.trim() ? { stage: s.stage.trim() } : {}),
      })),
      transitions: d.workflow.transitions.map((x) => ({
        action: x.action.trim(),
        from: x.from,
        to: x.to,
        roles: x.roles,
        ...(x.needsReason ? { needsReason: true } : {}),
        ...(x.takesRating ? { takesRating: true } : {}),
        ...(x.respondsToMember ? { respondsToMember: true } : {}),
      })),
    },
    sla: d.sla,
  };
}

/** Renames a state everywhere it is used (initial state, transitions). */
export function renameState(wf: Workflow, from: string, to: string): Workflow {
  const r = (k: string) => (k === from ? to : k);
  return {
    initial: r(wf.initial),
    states: wf.states.map((s) => (s.key === from ? { ...s, key: to } : s)),
    transitions: wf.transitions.map((x) => ({ ...x, from: x.from.map(r), to: r(x.to) })),
  };
}

/** Removes a state and every reference to it (transitions left without a source disappear). */
export function removeState(wf: Workflow, key: string): Workflow {
  return {
    initial: wf.initial,
    states: wf.states.filter((s) => s.key !== key),
    transitions: wf.transitions
      .filter((x) => x.to !== key)
      .map((x) => ({ ...x, from: x.from.filter((f) => f !== key) }))
      .filter((x) => x.from.length > 0),
  };
}

/** Moves item `i` of a list by `by` places (clamped), returning a new list. */
export function move<T>(list: T[], i: number, by: number): T[] {
  const j = Math.max(0, Math.min(list.length - 1, i + by));
  if (i === j) return list;
  const out = [...list];
  const [x] = out.splice(i, 1);
  out.splice(j, 0, x!);
  return out;
}

const PROBLEMS: [RegExp, string][] = [
  [/^workflow: state (\S+) cannot reach closed$/, 'unreachable'],
  [/^workflow: (\S+): unknown state (\S+)$/, 'unknownState'],
  [/^workflow: (\S+) is declared twice from (\S+)$/, 'twice'],
  [/^workflow: a "closed" state is required$/, 'noClosed'],
  [/^workflow: initial state (\S+) is not declared$/, 'noInitial'],
  [/^workflow: duplicate state$/, 'duplicateState'],
  [/^duplicate field$/, 'duplicateField'],
  [/^(\S+): options required$/, 'options'],
  [/^key does not match the path$/, 'keyMismatch'],
  [/^\/fields\/(\d+)\/key: /, 'fieldKey'],
  [/^\/name\/(zh|en): /, 'name'],
  [/^\/sla\//, 'sla'],
  [/^\/workflow\/states\/(\d+)\/key: /, 'stateKey'],
  [/^\/workflow\/transitions\/(\d+)\/action: /, 'actionKey'],
  [/^\/workflow\/transitions\/(\d+)\/(from|roles): /, 'emptyList'],
];

/** A server problem (`case.invalid_type` details) in plain words, the original kept for reference. */
export function problemText(t: TFunction, p: string): string {
  for (const [re, key] of PROBLEMS) {
    const m = re.exec(p);
    if (m) {
      const n = (i: number) => (m[i] && /^\d+$/.test(m[i]) ? String(Number(m[i]) + 1) : m[i]);
      return t(`cases.editor.problem.${key}`, { a: n(1), b: n(2) });
    }
  }
  return p;
}
