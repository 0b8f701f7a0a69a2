import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api/client';
import type { AuditEvent, AuditVerifyResult, Page } from '../../shared/api/types';

export interface AuditFilters {
  action?: string;
  actorId?: string;
  targetId?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export function useAuditEvents(filters: AuditFilters) {
  return useQuery({
    queryKey: ['audit', filters],
    queryFn: () => api.get<Page<AuditEvent>>('/audit', { query: { ...filters } }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

export function useVerifyChain() {
  return useMutation({ mutationFn: () => api.post<AuditVerifyResult>('/audit/verify') });
}
