/** Notification centre queries. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../../shared/api/client';
import { subscribeRealtime } from './realtime';

export interface NotificationItem {
  id: string;
  template: string;
  category: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}
export interface NotificationPrefs {
  locale: 'zh-CN' | 'en';
  emailEnabled: boolean;
  smsEnabled: boolean;
  mutedCategories: string[];
  quietStart: number | null;
  quietEnd: number | null;
  timeZone: string;
  unsubscribed: boolean;
  /** Non-urgent mail one by one, or as a daily/weekly digest. */
  digest: 'off' | 'daily' | 'weekly';
}
export const notificationsKey = ['notifications'] as const;

export function useNotifications() {
  return useQuery({
    queryKey: [...notificationsKey, 'list'],
    queryFn: () => api.get<{ items: NotificationItem[]; unread: number }>('/notifications?limit=30'),
  });
}

export function useUnread() {
  return useQuery({
    queryKey: [...notificationsKey, 'unread'],
    queryFn: () => api.get<{ unread: number }>('/notifications/unread'),
    refetchInterval: 120_000,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[] | 'all') =>
      api.post<{ unread: number }>('/notifications/read', ids === 'all' ? { all: true } : { ids }),
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationsKey }),
  });
}

export function usePrefs() {
  return useQuery({
    queryKey: [...notificationsKey, 'prefs'],
    queryFn: () => api.get<NotificationPrefs>('/notifications/prefs'),
  });
}

export function useSavePrefs() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (p: Partial<Omit<NotificationPrefs, 'unsubscribed'>>) =>
      api.patch<NotificationPrefs>('/notifications/prefs', p),
    onSuccess: (data) => qc.setQueryData([...notificationsKey, 'prefs'], data),
  });
}

/** Refreshes the centre when the server pushes a notification or a read change. */
export function useLiveNotifications(): void {
  const qc = useQueryClient();
  useEffect(
    () =>
      subscribeRealtime((e) => {
        if (e.type === 'notification' || e.type === 'unread_changed')
          void qc.invalidateQueries({ queryKey: notificationsKey });
      }),
    [qc],
  );
}
