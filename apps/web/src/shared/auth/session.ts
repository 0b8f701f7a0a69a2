import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { clearCsrfToken } from '../api/csrf';
import { isApiError } from '../api/errors';
import { queryClient } from '../api/queryClient';
import type { Me } from '../api/types';

export const meKey = ['me'] as const;
export const setupStatusKey = ['setup-status'] as const;

/** GET /api/me, or null when nobody is signed in. */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/me', { redirectOn401: false });
  } catch (e) {
    if (isApiError(e) && e.status === 401) return null;
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 60_000 });
}

export function useSetupStatus() {
  return useQuery({
    queryKey: setupStatusKey,
    queryFn: () => api.get<{ needsSetup: boolean }>('/setup/status', { redirectOn401: false }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Reloads the caller (and the CSRF token) after login, MFA or a security change. */
export function refreshMe(): Promise<Me | null> {
  return queryClient.fetchQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 0 });
}

export async function logout(): Promise<void> {
  try {
    await api.post('/auth/logout', undefined, { redirectOn401: false });
  } finally {
    clearCsrfToken();
    queryClient.clear();
    queryClient.setQueryData(meKey, null);
  }
}

export function hasPermission(me: Me | null | undefined, permission: string): boolean {
  return !!me?.abilities.permissions.includes(permission);
}

/** Where a signed-in user belongs after login: MFA first for officers, then their home. */
export function homePathFor(me: Me): string {
  const u = me.user;
  if (u.mfaRequired && !u.mfaEnabled) return '/account/mfa';
  if (u.mfaEnabled && !u.mfaPassed) return '/login';
  return u.isOfficer ? '/console' : '/';
}
