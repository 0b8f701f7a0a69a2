/**
 * Case types as data: the five shipped types (suggestion, demand, grievance, labour dispute, injury or
 * strain report), each with its fields, workflow and SLA budgets. A union may store its own version of
 * any type (same shape, checked by `validateCaseType`) in case_types; the shipped one applies otherwise.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { validateWorkflow, Workflow, type WorkflowTransition } from './workflow.js';

export const FieldDef = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
    kind: Type.Union([
      Type.Literal('text'),
      Type.Literal('date'),
      Type.Literal('number'),
      Type.Literal('choice'),
    ]),
    required: Type.Optional(Type.Boolean()),
    options: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 60 })),
    /** A union's own display name of the field (shipped fields are translated by key in the web). */
    label: Type.Optional(
      Type.Object(
        {
          zh: Type.String({ minLength: 1, maxLength: 60 }),
          en: Type.String({ minLength: 1, maxLength: 60 }),
        },
        { additionalProperties: false },
      ),
    ),
    /** Display names of the options, by option value. */
    optionLabels: Type.Optional(
      Type.Record(
        Type.String({ maxLength: 40 }),
        Type.Object(
          {
            zh: Type.String({ minLength: 1, maxLength: 60 }),
            en: Type.String({ minLength: 1, maxLength: 60 }),
          },
          { additionalProperties: false },
        ),
        { maxProperties: 60 },
      ),
    ),
    /**
     * Copied, as a coded value, into the plain analytics columns (body part, location, severity, days
     * lost, incident date). Every field value is also kept encrypted with the rest of the details.
     */
    analytic: Type.Optional(
      Type.Union([
        Type.Literal('incident_date'),
        Type.Literal('location'),
        Type.Literal('body_part'),
        Type.Literal('severity'),
        Type.Literal('days_lost'),
        Type.Literal('cause'),
      ]),
    ),
  },
  { additionalProperties: false },
);
export type FieldDef = Static<typeof FieldDef>;

export const CaseTypeDef = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
    name: Type.Object({ zh: Type.String({ maxLength: 60 }), en: Type.String({ maxLength: 60 }) }),
    allowAnonymous: Type.Boolean(),
    fields: Type.Array(FieldDef, { maxItems: 30 }),
    workflow: Workflow,
    sla: Type.Object(
      {
        firstResponseHours: Type.Number({ minimum: 1, maximum: 24 * 90 }),
        resolutionHours: Type.Number({ minimum: 1, maximum: 24 * 365 }),
        /** Remind the handler when this share of a budget has run (0.75 = at three quarters). */
        remindAt: Type.Number({ minimum: 0.1, maximum: 0.99 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type CaseTypeDef = Static<typeof CaseTypeDef>;

/** Builds the standard workflow around a list of working states (one, or the four dispute stages). */
export function standardWorkflow(working: { key: string; stage?: string }[]): Workflow {
  const work = working.map((w) => w.key);
  const first = work[0]!;
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
    transitions.push({
      action: `to_${working[i + 1]!.key}`,
      from: [working[i]!.key],
      to: working[i + 1]!.key,
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

const simple = standardWorkflow([{ key: 'in_progress' }]);
const describe: FieldDef = { key: 'description', kind: 'text', required: true };

export const BUILTIN_CASE_TYPES: CaseTypeDef[] = [
  {
    key: 'suggestion',
    name: { zh: '合理化建议', en: 'Suggestion' },
    allowAnonymous: true,
    fields: [describe, { key: 'expected_benefit', kind: 'text' }],
    workflow: simple,
    sla: { firstResponseHours: 72, resolutionHours: 24 * 30, remindAt: 0.75 },
  },
  {
    key: 'demand',
    name: { zh: '诉求', en: 'Demand or complaint' },
    allowAnonymous: true,
    fields: [describe],
    workflow: simple,
    sla: { firstResponseHours: 24, resolutionHours: 24 * 7, remindAt: 0.75 },
  },
  {
    key: 'grievance',
    name: { zh: '申诉', en: 'Grievance' },
    allowAnonymous: false,
    fields: [describe, { key: 'remedy_sought', kind: 'text' }],
    workflow: simple,
    sla: { firstResponseHours: 24, resolutionHours: 24 * 14, remindAt: 0.75 },
  },
  {
    key: 'labour_dispute',
    name: { zh: '劳动争议', en: 'Labour dispute' },
    allowAnonymous: false,
    fields: [
      describe,
      {
        key: 'dispute_kind',
        kind: 'choice',
        options: ['wages', 'contract', 'dismissal', 'social_insurance', 'hours', 'other'],
        analytic: 'cause',
      },
    ],
    workflow: standardWorkflow([
      { key: 'consultation', stage: 'consultation' },
      { key: 'mediation', stage: 'mediation' },
      { key: 'arbitration', stage: 'arbitration' },
      { key: 'litigation', stage: 'litigation' },
    ]),
    sla: { firstResponseHours: 24, resolutionHours: 24 * 45, remindAt: 0.75 },
  },
  {
    key: 'injury',
    name: { zh: '工伤/劳损', en: 'Occupational injury or strain' },
    allowAnonymous: true,
    fields: [
      describe,
      { key: 'incident_date', kind: 'date', required: true, analytic: 'incident_date' },
      { key: 'location', kind: 'text', required: true, analytic: 'location' },
      {
        key: 'body_part',
        kind: 'choice',
        required: true,
        options: [
          'head',
          'eye',
          'neck',
          'back',
          'shoulder',
          'arm',
          'hand',
          'leg',
          'foot',
          'multiple',
          'other',
        ],
        analytic: 'body_part',
      },
      {
        key: 'cause',
        kind: 'choice',
        options: [
          'machinery',
          'fall',
          'lifting',
          'repetitive',
          'chemical',
          'noise',
          'heat',
          'vehicle',
          'other',
        ],
        analytic: 'cause',
      },
      {
        key: 'severity',
        kind: 'choice',
        required: true,
        options: ['minor', 'moderate', 'serious', 'fatal'],
        analytic: 'severity',
      },
      { key: 'days_lost', kind: 'number', analytic: 'days_lost' },
    ],
    workflow: simple,
    sla: { firstResponseHours: 24, resolutionHours: 24 * 14, remindAt: 0.75 },
  },
];

/** Every problem with a case type definition (empty when it may be saved). */
export function validateCaseType(raw: unknown): string[] {
  if (!Value.Check(CaseTypeDef, raw))
    return [...Value.Errors(CaseTypeDef, raw)].map((e) => `${e.path}: ${e.message}`);
  const t = raw as CaseTypeDef;
  const problems = validateWorkflow(t.workflow).map((p) => `workflow: ${p}`);
  const keys = new Set(t.fields.map((f) => f.key));
  if (keys.size !== t.fields.length) problems.push('duplicate field');
  for (const f of t.fields)
    if (f.kind === 'choice' && !f.options?.length) problems.push(`${f.key}: options required`);
  return problems;
}

export type FieldValues = Record<string, string | number>;

/** Checks submitted values against the type's fields; returns the clean values or the problems. */
export function checkFieldValues(
  t: CaseTypeDef,
  raw: Record<string, unknown>,
): { ok: true; values: FieldValues } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const values: FieldValues = {};
  for (const key of Object.keys(raw))
    if (!t.fields.some((f) => f.key === key)) problems.push(`${key}: unknown field`);
  for (const f of t.fields) {
    // the request schema may coerce between strings and numbers: accept either spelling
    let v = raw[f.key];
    if (f.kind === 'number' && typeof v === 'string' && /^\d+(\.\d+)?$/.test(v)) v = Number(v);
    if (f.kind !== 'number' && typeof v === 'number') v = String(v);
    if (v === undefined || v === null || v === '') {
      if (f.required) problems.push(`${f.key}: required`);
      continue;
    }
    if (f.kind === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100_000)
        problems.push(`${f.key}: number`);
      else values[f.key] = v;
    } else if (typeof v !== 'string' || v.length > 5000) {
      problems.push(`${f.key}: text`);
    } else if (f.kind === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) {
      problems.push(`${f.key}: date`);
    } else if (f.kind === 'choice' && !f.options?.includes(v)) {
      problems.push(`${f.key}: choice`);
    } else {
      values[f.key] = f.kind === 'text' ? v.trim() : v;
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, values };
}

/** The coded analytics columns derived from field values. */
export function analyticColumns(t: CaseTypeDef, values: FieldValues) {
  const pick = (a: string) => {
    const f = t.fields.find((x) => x.analytic === a);
    return f ? values[f.key] : undefined;
  };
  const str = (v: string | number | undefined) => (v === undefined ? null : String(v).slice(0, 80));
  const days = pick('days_lost');
  return {
    incident_date: str(pick('incident_date')),
    location: str(pick('location')),
    body_part: str(pick('body_part')),
    cause: str(pick('cause')),
    severity: str(pick('severity')),
    days_lost: typeof days === 'number' ? Math.round(days) : null,
  };
}
