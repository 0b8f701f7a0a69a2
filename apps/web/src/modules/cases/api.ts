/** Queries and mutations of the cases module (/api/my/cases for members, /api/cases for handlers). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiRequest } from '../../shared/api/client';
import { getCsrfToken } from '../../shared/api/csrf';
import { ApiError } from '../../shared/api/errors';

export type FieldKind = 'text' | 'date' | 'number' | 'choice';
export type Analytic = 'incident_date' | 'location' | 'body_part' | 'severity' | 'days_lost' | 'cause';
export interface FieldDef {
  key: string;
  kind: FieldKind;
  required?: boolean;
  options?: string[];
  analytic?: Analytic;
  /** A union's own display name (shipped fields are translated by key). */
  label?: { zh: string; en: string };
  /** Display names of the options, by option value. */
  optionLabels?: Record<string, { zh: string; en: string }>;
}
export type CaseRole = 'member' | 'handler' | 'system';
export interface WorkflowState {
  key: string;
  pausesSla?: boolean;
  resolved?: boolean;
  stage?: string;
}
export interface WorkflowTransition {
  action: string;
  from: string[];
  to: string;
  roles: CaseRole[];
  needsReason?: boolean;
  takesRating?: boolean;
  respondsToMember?: boolean;
}
export interface Workflow {
  initial: string;
  states: WorkflowState[];
  transitions: WorkflowTransition[];
}
export interface Sla {
  firstResponseHours: number;
  resolutionHours: number;
  remindAt: number;
}
/** A full case-type definition as `PUT /api/cases/types/:unionId/:key` takes it. */
export interface CaseTypeDef {
  key: string;
  name: { zh: string; en: string };
  allowAnonymous: boolean;
  fields: FieldDef[];
  workflow: Workflow;
  sla: Sla;
}
/** An officer's view of a union's type (workflow and SLA when the server sends them). */
export interface UnionCaseType extends CaseType {
  custom: boolean;
  workflow?: Workflow;
  sla?: Sla;
}
export interface CaseType {
  key: string;
  name: { zh: string; en: string };
  allowAnonymous: boolean;
  fields: FieldDef[];
}
export interface CaseSummary {
  id: string;
  ref: string;
  typeKey: string;
  state: string;
  title: string;
  anonymous: boolean;
  orgId: string;
  assigneeId: string | null;
  createdAt: string;
  updatedAt: string;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
  paused: boolean;
  escalationLevel: number;
}
export interface CaseEvent {
  id: string;
  at: string;
  actorRole: string;
  kind: string;
  action: string | null;
  toState: string | null;
  visibleToMember: boolean;
  body: string | null;
  details: Record<string, unknown>;
}
export interface Attachment {
  id: string;
  fileName: string;
  mime: string;
  sizeBytes: number;
  uploaderRole: string;
  createdAt: string;
}
export interface CaseDetail extends CaseSummary {
  stage: string | null;
  fields: Record<string, string | number>;
  fieldsMasked: boolean;
  submitterId: string | null;
  pauseReason: string | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  satisfaction: number | null;
  events: CaseEvent[];
  attachments: Attachment[];
  abilities: { actions: string[]; message: boolean };
}
export type Drill = Record<string, string>;
export interface Dashboard {
  range: { from: string; to: string };
  summary: {
    total: number;
    open: number;
    slaBreachRate: number | null;
    avgFirstResponseHours: number | null;
    medianFirstResponseHours: number | null;
    avgResolutionHours: number | null;
    satisfaction: number | null;
    rated: number;
  };
  byTypeMonth: { typeKey: string; month: string; count: number; drill: Drill }[];
  byOrg: { orgId: string; orgName: string; count: number; open: number; drill: Drill }[];
  backlog: { state: string; count: number; drill: Drill }[];
}
export interface HotspotItem {
  key: string;
  label: string;
  members: number;
  count: number;
  previous: number;
  ratePer100: number | null;
  smoothedPer100: number | null;
  expected: number | null;
  above: boolean;
  rising: boolean;
  explanation: { zh: string; en: string };
  drill: Drill;
}
export interface Hotspots {
  overallRatePer100: number;
  members: number;
  items: HotspotItem[];
}

const casesKey = ['cases'] as const;
/** Progress is polled: members and handlers see each step within a few seconds. */
const POLL_MS = 5000;

export const useMyCaseTypes = () =>
  useQuery({
    queryKey: [...casesKey, 'types'],
    queryFn: () => api.get<{ items: CaseType[] }>('/my/case-types'),
  });
export const useMyCases = () =>
  useQuery({
    queryKey: [...casesKey, 'mine'],
    queryFn: () => api.get<{ items: CaseSummary[] }>('/my/cases'),
    refetchInterval: POLL_MS,
  });
export const useMyCase = (id: string) =>
  useQuery({
    queryKey: [...casesKey, 'mine', id],
    queryFn: () => api.get<CaseDetail>(`/my/cases/${id}`),
    refetchInterval: POLL_MS,
  });
export const useCaseQueue = (query: Record<string, string | number | boolean | undefined>) =>
  useQuery({
    queryKey: [...casesKey, 'queue', query],
    queryFn: () =>
      api.get<{ items: CaseSummary[]; total: number; totalCapped?: boolean; page: number; pageSize: number }>(
        '/cases',
        { query },
      ),
    refetchInterval: POLL_MS * 2,
  });
export const useCase = (id: string) =>
  useQuery({
    queryKey: [...casesKey, 'one', id],
    queryFn: () => api.get<CaseDetail>(`/cases/${id}`),
    refetchInterval: POLL_MS,
  });
export const useDashboard = () =>
  useQuery({
    queryKey: [...casesKey, 'dashboard'],
    queryFn: () => api.get<Dashboard>('/cases/analytics/dashboard'),
  });
export const useHotspots = (dimension: string, typeKey: string) =>
  useQuery({
    queryKey: [...casesKey, 'hotspots', dimension, typeKey],
    queryFn: () => api.get<Hotspots>('/cases/analytics/hotspots', { query: { dimension, typeKey } }),
  });

export const useUnionCaseTypes = (unionId: string | undefined) =>
  useQuery({
    queryKey: [...casesKey, 'union-types', unionId],
    queryFn: () => api.get<{ items: UnionCaseType[] }>(`/cases/types/${unionId}`),
    enabled: !!unionId,
  });

export interface AssignmentRuleInput {
  orgId: string;
  /** null: any case type. */
  typeKey: string | null;
  mode: 'user' | 'round_robin';
  userId: string | null;
}
export interface AssignmentRule extends AssignmentRuleInput {
  id: string;
  orgName: string;
  userName: string | null;
}
export interface HandlerAccount {
  userId: string;
  username: string;
  displayName: string;
}

export const useAssignmentRules = (unionId: string | undefined) =>
  useQuery({
    queryKey: [...casesKey, 'rules', unionId],
    queryFn: () => api.get<{ rules: AssignmentRule[] }>(`/cases/assignment-rules/${unionId}`),
    enabled: !!unionId,
  });
export const useRuleHandlers = (unionId: string | undefined, orgId: string | undefined) =>
  useQuery({
    queryKey: [...casesKey, 'rule-handlers', unionId, orgId],
    queryFn: () =>
      api.get<{ items: HandlerAccount[] }>(`/cases/assignment-rules/${unionId}/handlers`, {
        query: { orgId },
      }),
    enabled: !!unionId && !!orgId,
  });

/** The export link of the queue with its current filters (the server streams CSV or XLSX). */
export function exportUrl(
  format: 'csv' | 'xlsx',
  filters: Record<string, string | number | boolean | undefined>,
) {
  const q = new URLSearchParams({ format });
  for (const [k, v] of Object.entries(filters)) {
    if (v !== undefined && v !== '' && k !== 'page' && k !== 'pageSize') q.set(k, String(v));
  }
  return `/api/cases/export?${q}`;
}

export function useCaseMutation<V, R = unknown>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: casesKey }) });
}

export const casesApi = {
  submit: (b: {
    typeKey: string;
    title: string;
    fields: Record<string, string | number>;
    anonymous: boolean;
  }) => api.post<CaseDetail>('/my/cases', b),
  memberAction: (id: string, b: { action: string; reason?: string; message?: string; rating?: number }) =>
    api.post<CaseDetail>(`/my/cases/${id}/actions`, b),
  memberMessage: (id: string, body: string) => api.post<CaseDetail>(`/my/cases/${id}/messages`, { body }),
  handlerAction: (id: string, b: { action: string; reason?: string; message?: string }) =>
    api.post<CaseDetail>(`/cases/${id}/actions`, b),
  handlerMessage: (id: string, body: string, toMember: boolean) =>
    api.post<CaseDetail>(`/cases/${id}/messages`, { body, toMember }),
  saveRules: (unionId: string, rules: AssignmentRuleInput[]) =>
    apiRequest<{ rules: AssignmentRule[] }>('PUT', `/cases/assignment-rules/${unionId}`, { body: { rules } }),
  saveType: (unionId: string, def: CaseTypeDef) =>
    apiRequest<{ items: UnionCaseType[] }>('PUT', `/cases/types/${unionId}/${encodeURIComponent(def.key)}`, {
      body: { definition: def },
    }),
};

/** Uploads a file as the raw request body (the server checks size and magic bytes). */
export async function uploadAttachment(path: string, file: File): Promise<Attachment> {
  const token = getCsrfToken();
  const res = await fetch(`/api${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': file.type || 'application/octet-stream',
      'x-file-name': encodeURIComponent(file.name),
      ...(token ? { 'x-csrf-token': token } : {}),
    },
    body: file,
  });
  const data = await res.json().catch(() => ({ code: 'internal', message: res.statusText }));
  if (!res.ok) throw new ApiError(res.status, data);
  return data as Attachment;
}
