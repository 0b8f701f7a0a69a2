/** Queries and mutations of the dues module (/api/my/dues for members, /api/dues for officers). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';
import { getCsrfToken } from '../../shared/api/csrf';
import { ApiError } from '../../shared/api/errors';

export interface DuesPeriod {
  period: string;
  dueFen: number;
  paidFen: number;
}
export interface LedgerEntry {
  id: string;
  kind: 'charge' | 'exemption' | 'payment' | 'reversal';
  amountFen: number;
  period: string | null;
  source: string | null;
  reference: string | null;
  reversesId: string | null;
  at: string;
}
export interface MyDues {
  memberId: string;
  status: string;
  balanceFen: number;
  owedFen: number;
  periods: DuesPeriod[];
  entries: LedgerEntry[];
}
export interface Rule {
  id: string;
  unionId: string;
  effectiveFrom: string;
  ratePercent: string;
  roundingUnit: 1 | 10 | 100;
  roundingMode: 'up' | 'down' | 'half_up';
  minimumFen: number;
  retainedPercent: number;
  createdAt: string;
}
export type RuleInput = Omit<Rule, 'id' | 'createdAt'>;
export interface MemberDues {
  member: { id: string; name: string; memberNo: string; status: string; orgId: string };
  balanceFen: number;
  owedFen: number;
  periods: DuesPeriod[];
  entries: LedgerEntry[];
  wages: { effectiveFrom: string; wage: string }[];
  exemptions: {
    id: string;
    kind: string;
    percentPayable: number;
    fromPeriod: string;
    toPeriod: string | null;
    reason: string;
  }[];
}
export interface ArrearsItem {
  memberId: string;
  name: string;
  memberNo: string;
  orgId: string;
  orgName: string;
  hasAccount: boolean;
  months: number;
  owedFen: number;
  oldestPeriod: string;
}
export interface CollectionItem {
  unitId: string;
  unitName: string;
  period: string;
  dueFen: number;
  paidFen: number;
  members: number;
}
export interface DrillItem {
  memberId: string;
  name: string;
  memberNo: string;
  orgName: string;
  dueFen: number;
  paidFen: number;
}
export interface PayrollImport {
  id: string;
  orgId: string;
  fileName: string | null;
  createdAt: string;
  applied: boolean;
  summary: Record<string, number>;
  report: {
    rowNo: number;
    key: string;
    period: string | null;
    amountFen: number | null;
    problem: string;
    dueFen: number | null;
  }[];
}
export interface MemberRow {
  id: string;
  name: string;
  memberNo: string;
  orgName?: string;
  status: string;
}

/** 12345 fen -> "123.45" (integer arithmetic, no floats). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** "123.4" -> 12340 fen; null when not a valid amount with at most two decimals. */
export function yuanToFen(text: string): number | null {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export const useMyDues = () =>
  useQuery({ queryKey: ['dues', 'my'], queryFn: () => api.get<MyDues>('/my/dues') });

export const useRules = (unionId: string | undefined) =>
  useQuery({
    queryKey: ['dues', 'rules', unionId],
    enabled: !!unionId,
    queryFn: () => api.get<{ items: Rule[] }>('/dues/rules', { query: { orgId: unionId } }),
  });

export const useMemberDues = (memberId: string | undefined) =>
  useQuery({
    queryKey: ['dues', 'member', memberId],
    enabled: !!memberId,
    queryFn: () => api.get<MemberDues>(`/dues/members/${memberId}`),
  });

export const useArrears = (orgId: string | undefined, minMonths: number, page: number) =>
  useQuery({
    queryKey: ['dues', 'arrears', orgId, minMonths, page],
    enabled: !!orgId,
    queryFn: () =>
      api.get<{ items: ArrearsItem[]; total: number; page: number; pageSize: number }>('/dues/arrears', {
        query: { orgId, minMonths, page, pageSize: 50 },
      }),
  });

export const useCollection = (orgId: string | undefined, from: string, to: string) =>
  useQuery({
    queryKey: ['dues', 'dashboard', orgId, from, to],
    enabled: !!orgId,
    queryFn: () =>
      api.get<{ orgId: string; from: string; to: string; items: CollectionItem[] }>('/dues/dashboard', {
        query: { orgId, from, to },
      }),
  });

export const useDrill = (orgId: string | undefined, period: string | undefined) =>
  useQuery({
    queryKey: ['dues', 'drill', orgId, period],
    enabled: !!orgId && !!period,
    queryFn: () => api.get<{ items: DrillItem[] }>('/dues/dashboard/members', { query: { orgId, period } }),
  });

export const usePayrollImports = () =>
  useQuery({
    queryKey: ['dues', 'payroll'],
    queryFn: () => api.get<{ items: Omit<PayrollImport, 'report'>[] }>('/dues/payroll'),
  });

export const useMembersForDues = (orgId: string | undefined, q: string) =>
  useQuery({
    queryKey: ['dues', 'members', orgId, q],
    enabled: !!orgId,
    queryFn: () =>
      api.get<{ items: MemberRow[]; total: number }>('/members', {
        query: { orgId, q: q || undefined, pageSize: 50 },
      }),
  });

/** A mutation that refreshes every dues query afterwards. */
export function useDuesMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: ['dues'] }) });
}

export const duesApi = {
  createRule: (input: RuleInput) => api.post<{ items: Rule[] }>('/dues/rules', input),
  schedule: (input: { unionId: string; period: string }) =>
    api.post<{ scheduled: number; withoutWage: number; ruleFound: boolean }>('/dues/schedule', input),
  setWage: (memberId: string, input: { effectiveFrom: string; wageFen: number }) =>
    api.post<MemberDues>(`/dues/members/${memberId}/wages`, input),
  revealWages: (memberId: string, reason: string) =>
    api.post<{ items: { effectiveFrom: string; wageFen: number }[] }>(
      `/dues/members/${memberId}/wages/reveal`,
      { reason },
    ),
  addExemption: (
    memberId: string,
    input: {
      kind: 'hardship' | 'other';
      percentPayable: number;
      fromPeriod: string;
      toPeriod?: string;
      reason: string;
    },
  ) => api.post<MemberDues>(`/dues/members/${memberId}/exemptions`, input),
  cash: (memberId: string, input: { amountFen: number; reference?: string }) =>
    api.post<MemberDues>(`/dues/members/${memberId}/payments`, input),
  reverse: (entryId: string, reason: string) =>
    api.post<MemberDues>(`/dues/entries/${entryId}/reverse`, { reason }),
  remind: (input: { orgId: string; minMonths: number }) =>
    api.post<{ sent: number; alreadyReminded: number; withoutAccount: number }>('/dues/reminders', input),
};

/** Uploads a payroll file as the raw body (CSV or XLSX). */
export async function uploadPayroll(
  file: File,
  orgId: string,
  mode: 'dry_run' | 'apply',
): Promise<PayrollImport> {
  const xlsx = file.name.toLowerCase().endsWith('.xlsx');
  const headers: Record<string, string> = {
    'content-type': xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv',
    'x-file-name': encodeURIComponent(file.name),
  };
  const csrf = getCsrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(`/api/dues/payroll?${new URLSearchParams({ orgId, mode })}`, {
    method: 'POST',
    headers,
    credentials: 'same-origin',
    body: file,
  });
  const data = await res.json();
  if (!res.ok) throw new ApiError(res.status, data);
  return data as PayrollImport;
}

/** The current month as YYYY-MM (local time). */
export function thisPeriod(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export function addMonths(period: string, n: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}
