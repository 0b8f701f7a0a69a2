/** Global search: POST /api/search (terms travel in the body, never in a URL). */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api/client';

export type HitKind = 'announcement' | 'forum_post' | 'member' | 'case';
export interface Hit {
  kind: HitKind | string;
  id: string;
  title: string;
  /** Plain text; the server puts « and » around matched words. */
  snippet: string;
  threadId?: string;
  orgName?: string;
  status?: string;
  ref?: string;
}

export function useSearch(q: string) {
  return useQuery({
    queryKey: ['search', q],
    queryFn: () => api.post<{ items: Hit[] }>('/search', { q }).then((r) => r.items),
    enabled: q.trim().length > 0,
    staleTime: 30_000,
  });
}
