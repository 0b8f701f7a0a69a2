import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';
import type { OrgKind, OrgNode } from '../../shared/api/types';

export const orgsKey = ['orgs'] as const;

export function useOrgs() {
  return useQuery({
    queryKey: orgsKey,
    queryFn: () => api.get<{ items: OrgNode[] }>('/orgs').then((r) => r.items),
  });
}

export const orgsApi = {
  create: (body: { parentId: string; name: string; kind: OrgKind }) => api.post<OrgNode>('/orgs', body),
  rename: (id: string, name: string) => api.patch<OrgNode>(`/orgs/${encodeURIComponent(id)}`, { name }),
  move: (id: string, parentId: string) =>
    api.post<OrgNode>(`/orgs/${encodeURIComponent(id)}/move`, { parentId }),
  close: (id: string, reason: string) =>
    api.post<OrgNode>(`/orgs/${encodeURIComponent(id)}/close`, { reason }),
};

/** A mutation that refreshes the org list when it succeeds. */
export function useOrgMutation<V>(fn: (v: V) => Promise<OrgNode>, onDone: (node: OrgNode) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (node) => {
      await qc.invalidateQueries({ queryKey: orgsKey });
      onDone(node);
    },
  });
}
