/** Personal-information breach incidents (/api/privacy/breaches): list, detail, flow, notices. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';

export type BreachStatus = 'open' | 'contained' | 'notified' | 'closed';
export const BREACH_STATUSES: BreachStatus[] = ['open', 'contained', 'notified', 'closed'];
export const DATA_CATEGORIES = [
  'identity',
  'id_number',
  'phone',
  'email',
  'address',
  'employment',
  'membership',
  'casework',
  'financial',
  'account',
] as const;
export const REQUIRED_FIELDS = [
  'description',
  'cause',
  'categories',
  'consequences',
  'measuresTaken',
  'memberMeasures',
  'contact',
  'affectedMembers',
  'delayReason',
] as const;

export interface Deadline {
  deadlineAt: string;
  msLeft: number;
  overdue: boolean;
  notifiedLate: boolean;
}

export interface BreachSummary {
  id: string;
  orgId: string;
  orgName: string;
  title: string;
  status: BreachStatus;
  discoveredAt: string;
  createdAt: string;
  regulatorNotifiedAt: string | null;
  affected: number | null;
  deadline: Deadline;
}

export interface Totals {
  members: number;
  withAccount: number;
  offline: number;
  events: number;
  byCategory: Record<string, number>;
  unresolved: {
    action: string;
    reason: 'bulk' | 'anonymous_case' | 'no_member';
    events: number;
    rows: number;
    categories: string[];
  }[];
  outsideScope: number;
}

export interface Snapshot {
  computedAt: string;
  scope: {
    from: string;
    to: string;
    orgId: string;
    orgName: string;
    actions: string[] | null;
    actors: { id: string; name: string }[];
  };
  chain: { ok: boolean; checked: number; firstBadSeq?: number; reason?: string };
  totals: Totals;
  notices: { account: number; offline: number; notified: number };
}

export interface BreachDetail extends BreachSummary {
  description: string;
  occurredFrom: string | null;
  occurredTo: string | null;
  cause: string;
  categories: string[];
  consequences: string;
  measuresTaken: string;
  memberMeasures: string;
  contact: string;
  delayReason: string;
  createdByName: string | null;
  containedAt: string | null;
  regulatorAuthority: string | null;
  regulatorReference: string | null;
  membersNotifiedAt: string | null;
  noMemberNoticeReason: string | null;
  closedAt: string | null;
  snapshot: Snapshot | null;
  missing: { regulator: string[]; members: string[] };
  abilities: {
    manage: boolean;
    edit: boolean;
    contain: boolean;
    compute: boolean;
    notifyRegulator: boolean;
    notifyMembers: boolean;
    close: boolean;
  };
  history: {
    seq: string;
    at: string;
    action: string;
    actorName: string | null;
    details: Record<string, unknown>;
  }[];
  catalogue: { action: string; group: string; bulk: boolean; categories: string[] }[];
  now: string;
}

export interface AffectedMember {
  memberId: string;
  memberNo: string;
  nameMasked: string;
  orgName: string;
  events: number;
  actions: string[];
  categories: string[];
  firstAt: string;
  lastAt: string;
  sampleSeqs: string[];
  channel: 'account' | 'offline';
  notifiedAt: string | null;
}

export type BreachPatch = Partial<
  Pick<
    BreachDetail,
    | 'title'
    | 'description'
    | 'discoveredAt'
    | 'occurredFrom'
    | 'occurredTo'
    | 'cause'
    | 'categories'
    | 'consequences'
    | 'measuresTaken'
    | 'memberMeasures'
    | 'contact'
    | 'delayReason'
  >
>;

export interface ComputeScope {
  from: string;
  to: string;
  actorIds?: string[];
  actions?: string[];
  orgId?: string;
}

const key = ['privacy', 'breaches'] as const;

export function useBreaches() {
  return useQuery({
    queryKey: [...key, 'list'],
    queryFn: () =>
      api.get<{ items: BreachSummary[]; orgs: { id: string; name: string; depth: number }[]; now: string }>(
        '/privacy/breaches',
      ),
    refetchInterval: 60_000,
  });
}

export function useBreach(id: string) {
  return useQuery({
    queryKey: [...key, 'detail', id],
    queryFn: () => api.get<BreachDetail>(`/privacy/breaches/${encodeURIComponent(id)}`),
    refetchInterval: 60_000,
  });
}

export function useAffected(
  id: string,
  channel: 'account' | 'offline' | undefined,
  page: number,
  computedAt?: string,
) {
  return useQuery({
    queryKey: [...key, 'members', id, channel ?? 'all', page, computedAt ?? ''],
    queryFn: () =>
      api.get<{ items: AffectedMember[]; total: number; page: number; pageSize: number }>(
        `/privacy/breaches/${encodeURIComponent(id)}/members`,
        { query: { channel, page, pageSize: 20 } },
      ),
    enabled: Boolean(computedAt),
    placeholderData: keepPreviousData,
  });
}

/** Accounts matching `q` in the caller's user-management scope (the suspected actors). */
export function searchAccounts(q: string) {
  return api
    .get<{ items: { id: string; username: string; displayName: string; orgName: string }[] }>('/users', {
      query: { q, pageSize: 20 },
    })
    .then((r) => r.items);
}

export function fetchRegulatorNotice(id: string, lang: 'zh-CN' | 'en') {
  return api.get<{ lang: string; fileName: string; text: string }>(
    `/privacy/breaches/${encodeURIComponent(id)}/regulator-notice`,
    { query: { lang } },
  );
}

/** Saves text as a UTF-8 Markdown file. */
export function saveText(fileName: string, text: string): void {
  const blob = new Blob([text], { type: 'text/markdown;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function useBreachMutations(id?: string) {
  const qc = useQueryClient();
  const path = `/privacy/breaches/${encodeURIComponent(id ?? '')}`;
  const store = (d: BreachDetail) => {
    qc.setQueryData([...key, 'detail', d.id], d);
    void qc.invalidateQueries({ queryKey: [...key, 'list'] });
    void qc.invalidateQueries({ queryKey: [...key, 'members', d.id] });
  };
  const refresh = () => void qc.invalidateQueries({ queryKey: key });
  return {
    create: useMutation({
      mutationFn: (v: { orgId: string; title: string; description?: string; discoveredAt?: string }) =>
        api.post<BreachDetail>('/privacy/breaches', v),
      onSuccess: store,
    }),
    update: useMutation({
      mutationFn: (v: BreachPatch) => api.patch<BreachDetail>(path, v),
      onSuccess: store,
    }),
    contain: useMutation({ mutationFn: () => api.post<BreachDetail>(`${path}/contain`), onSuccess: store }),
    compute: useMutation({
      mutationFn: (v: ComputeScope) => api.post<BreachDetail>(`${path}/compute`, v),
      onSuccess: store,
    }),
    notifyRegulator: useMutation({
      mutationFn: (v: { authority: string; reference?: string; notifiedAt?: string }) =>
        api.post<BreachDetail>(`${path}/notify-regulator`, v),
      onSuccess: store,
    }),
    notifyMembers: useMutation({
      mutationFn: () =>
        api.post<{ sent: number; alreadyNotified: number; offline: number }>(`${path}/notify-members`),
      onSuccess: refresh,
    }),
    close: useMutation({
      mutationFn: (v: { noMemberNoticeReason?: string }) => api.post<BreachDetail>(`${path}/close`, v),
      onSuccess: store,
    }),
  };
}
