/** Wire types and queries of the member registry (/api/members, /api/my, /api/join). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';
import { getCsrfToken } from '../../shared/api/csrf';
import { ApiError } from '../../shared/api/errors';

export type MemberStatus =
  | 'applicant'
  | 'active'
  | 'retained'
  | 'transferring'
  | 'transferred_out'
  | 'left'
  | 'expelled'
  | 'rejected';
export type OfficerAction = 'approve' | 'reject' | 'retain' | 'reactivate' | 'leave' | 'expel' | 'rejoin';
export type PiiField = 'idNumber' | 'phone' | 'address' | 'email';
export type IdType = 'resident_id' | 'passport' | 'hk_macau_permit' | 'taiwan_permit' | 'other';
export const ID_TYPES: IdType[] = ['resident_id', 'passport', 'hk_macau_permit', 'taiwan_permit', 'other'];
export const EDUCATION = [
  'primary',
  'junior_high',
  'senior_high',
  'vocational',
  'associate',
  'bachelor',
  'master',
  'doctorate',
  'other',
] as const;
export const STATUSES: MemberStatus[] = [
  'applicant',
  'active',
  'retained',
  'transferring',
  'transferred_out',
  'left',
  'expelled',
  'rejected',
];

export interface MemberListItem {
  id: string;
  memberNo: string;
  name: string;
  gender: 'male' | 'female' | 'unspecified';
  status: MemberStatus;
  orgId: string;
  orgName: string;
  employer: string | null;
  department: string | null;
  joinDate: string | null;
  phoneMasked: string | null;
}

export interface MemberView extends MemberListItem {
  unionId: string;
  unionName: string;
  birthDate: string | null;
  idType: IdType;
  idNumberMasked: string | null;
  emailMasked: string | null;
  addressMasked: string | null;
  jobTitle: string | null;
  education: string | null;
  hasAccount: boolean;
  createdAt: string;
  updatedAt: string;
  abilities: {
    edit: boolean;
    reveal: boolean;
    actions: OfficerAction[];
    transfer: boolean;
    createAccount: boolean;
  };
}

export interface MemberEvent {
  id: number;
  at: string;
  action: string;
  fromStatus: MemberStatus | null;
  toStatus: MemberStatus;
  effectiveDate: string | null;
  reason: string | null;
  unionName: string;
  orgName: string;
  details: Record<string, unknown>;
}

export interface Transfer {
  id: string;
  memberId: string;
  memberName: string;
  fromUnionName: string;
  toUnionName: string;
  status: 'pending' | 'approved' | 'rejected' | 'cancelled';
  reason: string;
  requestedAt: string;
  canApprove: boolean;
  canCancel: boolean;
}

export interface MemberDetail {
  member: MemberView;
  history: MemberEvent[];
  pendingTransfer: Transfer | null;
}

export interface MemberFilter {
  orgId?: string;
  status?: MemberStatus[];
  gender?: string;
  education?: string;
  employer?: string;
  joinedFrom?: string;
  joinedTo?: string;
  q?: string;
  sort?: string;
}

export interface MemberPage {
  items: MemberListItem[];
  total: number;
  totalExact: boolean;
  page: number;
  pageSize: number;
}

export type PersonBody = Partial<{
  name: string;
  gender: string;
  birthDate: string | null;
  idType: IdType;
  idNumber: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  employer: string | null;
  department: string | null;
  jobTitle: string | null;
  education: string | null;
  orgId: string;
  joinDate: string;
  sensitiveConsentAttested: boolean;
}>;

export interface ImportJob {
  id: string;
  mode: 'dry_run' | 'valid_only' | 'all_or_nothing';
  format: 'csv' | 'xlsx';
  fileName: string | null;
  encoding: string | null;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: number;
  totalRows: number;
  validRows: number;
  errorRows: number;
  existingRows: number;
  createdRows: number;
  committed: boolean;
  errorCode: string | null;
  errorDetails: Record<string, unknown> | null;
  preview: Array<Record<string, string | number | null>>;
  errors: Array<{ rowNo: number; column: string; code: string; refRow: number | null }>;
}

export const membersKey = ['members'] as const;

/** Repeated keys for arrays (status=a&status=b), the form the server's query parser expects. */
function listQuery(f: MemberFilter & { page: number; pageSize: number }): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) {
    if (Array.isArray(v)) for (const x of v) p.append(k, x);
    else if (v !== undefined && v !== '') p.set(k, String(v));
  }
  return p.toString();
}

export function useMemberList(f: MemberFilter & { page: number; pageSize: number }) {
  return useQuery({
    queryKey: [...membersKey, 'list', f],
    queryFn: () => api.get<MemberPage>(`/members?${listQuery(f)}`),
    placeholderData: keepPreviousData,
  });
}

export function useMember(id: string | null) {
  return useQuery({
    queryKey: [...membersKey, 'detail', id],
    queryFn: () => api.get<MemberDetail>(`/members/${encodeURIComponent(id ?? '')}`),
    enabled: !!id,
  });
}

/** A mutation that refreshes every member query when it succeeds. */
export function useMemberMutation<V, R = unknown>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: membersKey }) });
}

export const memberApi = {
  create: (b: PersonBody) => api.post<MemberView>('/members', b),
  update: (id: string, b: PersonBody) => api.patch<MemberView>(`/members/${id}`, b),
  reveal: (id: string, fields: PiiField[], reason: string) =>
    api.post<Partial<Record<PiiField, string | null>>>(`/members/${id}/reveal`, { fields, reason }),
  transition: (id: string, action: OfficerAction, reason: string, effectiveDate?: string) =>
    api.post<MemberView>(`/members/${id}/transition`, { action, reason, effectiveDate }),
  transfer: (id: string, toOrgId: string, reason: string) =>
    api.post<Transfer>(`/members/${id}/transfer`, { toOrgId, reason }),
  decide: (id: string, decision: 'approve' | 'reject' | 'cancel', reason: string) =>
    api.post<Transfer>(`/members/transfers/${id}/${decision}`, { reason }),
  bulk: (ids: string[], action: OfficerAction | 'move', reason: string, orgId?: string) =>
    api.post<{ updated: number }>('/members/bulk', { ids, action, reason, orgId }),
  createAccount: (id: string, username: string) =>
    api.post<{ userId: string; username: string; invited: boolean }>(`/members/${id}/account`, { username }),
  unions: (q?: string) =>
    api.get<{ items: { id: string; name: string }[] }>('/members/unions', { query: { q } }),
  importJob: (id: string) => api.get<ImportJob>(`/members/imports/${id}`),
};

/** Downloads a file answer (export, report, template) and saves it under the server's file name. */
export async function download(method: 'GET' | 'POST', path: string, body?: unknown): Promise<void> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const csrf = getCsrfToken();
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(`/api${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok)
    throw new ApiError(
      res.status,
      await res.json().catch(() => ({ code: 'http_error', message: res.statusText })),
    );
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'download';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Uploads an import file as the raw request body; the job runs on the server and is polled. */
export async function uploadImport(
  file: File,
  orgId: string,
  mode: ImportJob['mode'],
  consentAttested: boolean,
): Promise<ImportJob> {
  const xlsx = file.name.toLowerCase().endsWith('.xlsx');
  const query = new URLSearchParams({
    orgId,
    mode,
    ...(mode === 'dry_run' ? {} : { consentAttested: String(consentAttested) }),
  });
  const headers: Record<string, string> = {
    'content-type': xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv',
    'x-file-name': encodeURIComponent(file.name),
  };
  const csrf = getCsrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(`/api/members/imports?${query}`, {
    method: 'POST',
    headers,
    credentials: 'same-origin',
    body: file,
  });
  const data = await res.json();
  if (!res.ok) throw new ApiError(res.status, data);
  return data as ImportJob;
}

export function useImportJob(id: string | null) {
  return useQuery({
    queryKey: [...membersKey, 'import', id],
    queryFn: () => memberApi.importJob(id!),
    enabled: !!id,
    refetchInterval: (q) =>
      q.state.data && ['succeeded', 'failed'].includes(q.state.data.status) ? false : 700,
  });
}
