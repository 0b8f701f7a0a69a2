/** Announcements: officer authoring and read rates, member feed and receipts. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';
import { getCsrfToken } from '../../shared/api/csrf';
import { ApiError } from '../../shared/api/errors';

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
  targetRoomIds?: string[];
  files?: AnnouncementFile[];
}
export interface AnnouncementFile {
  id: string;
  fileName: string;
  mime: string;
  sizeBytes: number;
  /** Same-origin download URL, usable as an image source in the body. */
  url: string;
}
export interface TargetGroup {
  id: string;
  kind: 'org' | 'custom';
  name: string;
  members: number;
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
  targetRoomIds?: string[];
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

/** Chat groups an announcement of `orgId` may be aimed at. */
export function useTargetGroups(orgId: string | undefined) {
  return useQuery({
    queryKey: [...key, 'targets', orgId],
    queryFn: () => api.get<{ items: TargetGroup[] }>(`/announcements/targets/${orgId}`),
    enabled: !!orgId,
  });
}

/** Uploads an image or attachment as the raw body (the server checks size and magic bytes). */
export async function uploadAnnouncementFile(id: string, file: File): Promise<AnnouncementFile> {
  const token = getCsrfToken();
  const res = await fetch(`/api/announcements/${id}/files`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': file.type || 'application/octet-stream',
      'x-file-name': encodeURIComponent(file.name),
      ...(token ? { 'x-csrf-token': token } : {}),
    },
    body: file,
  });
  const data = await res.json().catch(() => ({ code: 'internal', message: res.statusText }));
  if (!res.ok) throw new ApiError(res.status, data);
  return data as AnnouncementFile;
}

export const deleteAnnouncementFile = (f: AnnouncementFile) =>
  api.delete<{ ok: boolean }>(f.url.replace(/^\/api/, ''));
