import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';
import type { Grant, Page, RevealedContact, Role, UserDetail, UserSummary } from '../../shared/api/types';

export interface UserListParams {
  q?: string;
  orgId?: string;
  page: number;
  pageSize: number;
}

export const usersKey = ['users'] as const;

export function useUserList(params: UserListParams) {
  return useQuery({
    queryKey: [...usersKey, 'list', params],
    queryFn: () => api.get<Page<UserSummary>>('/users', { query: { ...params } }),
    placeholderData: keepPreviousData,
  });
}

export function useUser(id: string | null) {
  return useQuery({
    queryKey: [...usersKey, 'detail', id],
    queryFn: () => api.get<UserDetail>(`/users/${encodeURIComponent(id ?? '')}`),
    enabled: !!id,
  });
}

export function useRoles() {
  return useQuery({
    queryKey: ['roles'],
    queryFn: () => api.get<{ items: Role[] }>('/roles').then((r) => r.items),
    staleTime: 10 * 60_000,
  });
}

export interface CreateUserBody {
  username: string;
  displayName: string;
  email?: string;
  orgId: string;
  password: string;
}

export const usersApi = {
  create: (body: CreateUserBody) => api.post<UserSummary>('/users', body),
  setStatus: (id: string, enable: boolean, reason: string) =>
    api.post<UserSummary>(`/users/${encodeURIComponent(id)}/${enable ? 'enable' : 'disable'}`, { reason }),
  addGrant: (body: { userId: string; roleKey: string; orgId: string }) => api.post<Grant>('/grants', body),
  revokeGrant: (id: string) => api.delete<void>(`/grants/${encodeURIComponent(id)}`),
};

/** A mutation that refreshes every user query (list and details) when it succeeds. */
export function useUsersMutation<V, R>(fn: (v: V) => Promise<R>, onDone?: (r: R) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: usersKey });
      onDone?.(r);
    },
  });
}

/** POST /api/users/:id/reveal: the unmasked contact details, with a reason for the audit log. */
export const revealContact = (id: string, reason: string) =>
  api.post<RevealedContact>(`/users/${encodeURIComponent(id)}/reveal`, { reason });
