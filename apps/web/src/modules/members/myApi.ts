/** Queries of the member portal (/api/my/...). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';
import type { MemberEvent, MemberView, PersonBody } from './api';

export interface ConsentState {
  purpose: string;
  currentVersion: string;
  required: boolean;
  granted: boolean;
  version: string | null;
  at: string | null;
}
export interface MyProfile {
  member: MemberView;
  editable: string[];
  consents: ConsentState[];
}
export const myKey = ['my-membership'] as const;

export function useMyProfile() {
  return useQuery({
    queryKey: [...myKey, 'profile'],
    queryFn: () => api.get<MyProfile>('/my/profile'),
    retry: false,
  });
}
export function useMyHistory() {
  return useQuery({
    queryKey: [...myKey, 'history'],
    queryFn: () => api.get<{ items: MemberEvent[] }>('/my/history'),
    retry: false,
  });
}
export function useMyConsents() {
  return useQuery({
    queryKey: [...myKey, 'consents'],
    queryFn: () =>
      api.get<{
        purposes: ConsentState[];
        history: {
          id: number;
          purpose: string;
          version: string;
          granted: boolean;
          at: string;
          source: string;
        }[];
      }>('/my/consents'),
    retry: false,
  });
}
export function useMyMutation<V, R = unknown>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: myKey }) });
}
export const myApi = {
  update: (b: PersonBody) =>
    api.patch<{ member: MemberView; applied: string[]; ignored: string[] }>('/my/profile', b),
  consent: (purpose: string, granted: boolean) => api.post('/my/consents', { purpose, granted }),
};
