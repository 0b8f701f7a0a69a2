/** Announcements: officer authoring and read rates, member feed and receipts. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';

export interface Announcement {
  id: string;
  orgId: string;
  orgName: string;
  title: string;
  /** Sanitised on the server; rendered through RichText's allow-list, never as raw HTML. */
  bodyHtml: string;
  status: 'draft' | 'published' | 'withdrawn';
  publishAt: string | null;
  expiresAt: string | null;
  pinned: boolean;
  createdAt: string;
  reads?: number;
  readAt?: string | null;
}
export interface ReadRates {
  audience: number;
  readers: number;
  rate: number;
  orgs: Array<{ orgId: string; orgName: string; audience: number; readers: number; rate: number }>;
}
export interface AnnouncementDraft {
  orgId: string;
  title: string;
  body: string;
  publish?: boolean;
  publishAt?: string;
  expiresAt?: string | null;
  pinned?: boolean;
}
const key = ['announcements'] as const;

export function useOfficerAnnouncements() {
  return useQuery({
    queryKey: [...key, 'officer'],
    queryFn: () => api.get<{ items: Announcement[] }>('/announcements'),
    refetchInterval: 10_000,
  });
}
export function useReadRates(id: string | null) {
  return useQuery({
    queryKey: [...key, 'rates', id],
    queryFn: () => api.get<ReadRates>(`/announcements/${id}/read-rates`),
    enabled: !!id,
    refetchInterval: 5000,
  });
}
export function useCreateAnnouncement() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (d: AnnouncementDraft) => api.post<Announcement>('/announcements', d),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}
export function useUpdateAnnouncement() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; patch: Record<string, unknown> }) =>
      api.patch<Announcement>(`/announcements/${v.id}`, v.patch),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}
export function useFeed() {
  return useQuery({
    queryKey: [...key, 'feed'],
    queryFn: () => api.get<{ items: Announcement[] }>('/my/announcements'),
  });
}
export function useFeedItem(id: string | undefined) {
  return useQuery({
    queryKey: [...key, 'feed', id],
    queryFn: () => api.get<Announcement>(`/my/announcements/${id}`),
    enabled: !!id,
  });
}
export const markAnnouncementRead = (id: string) => api.post(`/my/announcements/${id}/read`, {});
