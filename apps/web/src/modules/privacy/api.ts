/** The member's data export and deletion request, and the officers' deletion desk (/api/privacy). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';

export type RequestStatus = 'open' | 'executed' | 'declined' | 'withdrawn';
export interface DeletionRequest {
  id: string;
  status: RequestStatus;
  reason: string;
  requestedAt: string;
  dueAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
}
export interface MyRequest {
  request: DeletionRequest | null;
  workingDays: number;
}
export interface OfficerRequest extends DeletionRequest {
  memberNo: string | null;
  memberName: string | null;
  username: string;
  orgId: string;
  orgName: string;
  overdue: boolean;
}

const myKey = ['privacy', 'my-request'] as const;
const deskKey = ['privacy', 'requests'] as const;

/** Fetches the export and saves it as a JSON file. */
export async function downloadMyData(): Promise<void> {
  const data = await api.get<{ generatedAt: string }>('/my/data-export');
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `unionhall-my-data-${data.generatedAt.slice(0, 10)}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function useMyDeletionRequest() {
  return useQuery({ queryKey: myKey, queryFn: () => api.get<MyRequest>('/my/deletion-request') });
}

export function useMyRequestMutations() {
  const qc = useQueryClient();
  const done = (d: MyRequest) => qc.setQueryData(myKey, d);
  return {
    request: (reason: string) => api.post<MyRequest>('/my/deletion-request', { reason }).then(done),
    withdraw: useMutation({
      mutationFn: () => api.post<MyRequest>('/my/deletion-request/withdraw'),
      onSuccess: done,
    }),
  };
}

export function useDeletionRequests(status: RequestStatus | undefined) {
  return useQuery({
    queryKey: [...deskKey, status ?? 'all'],
    queryFn: () =>
      api.get<{ items: OfficerRequest[]; workingDays: number }>(
        `/privacy/deletion-requests${status ? `?status=${status}` : ''}`,
      ),
  });
}

export function useDecide() {
  const qc = useQueryClient();
  const onSuccess = () => void qc.invalidateQueries({ queryKey: deskKey });
  return {
    execute: useMutation({
      mutationFn: (v: { id: string; confirm: string }) =>
        api.post(`/privacy/deletion-requests/${v.id}/execute`, { confirm: v.confirm }),
      onSuccess,
    }),
    decline: useMutation({
      mutationFn: (v: { id: string; reason: string }) =>
        api.post(`/privacy/deletion-requests/${v.id}/decline`, { reason: v.reason }),
      onSuccess,
    }),
  };
}
