import { api } from '../../shared/api/client';
import type { CsrfResponse, LoginResponse, MfaEnrollResponse } from '../../shared/api/types';

// Calls whose 401 is an answer for the form (wrong password, wrong code), not an ended session.
const formCall = { redirectOn401: false } as const;

export const authApi = {
  login: (username: string, password: string) =>
    api.post<LoginResponse>('/auth/login', { username, password }, formCall),
  verifyMfa: (body: { code: string } | { recoveryCode: string }) =>
    api.post<CsrfResponse & { status: 'ok' }>('/auth/mfa/verify', body, formCall),
  reauth: (password: string) => api.post<void>('/auth/reauth', { password }, formCall),
  enrollMfa: () => api.post<MfaEnrollResponse>('/auth/mfa/enroll', undefined, formCall),
  activateMfa: (code: string) =>
    api.post<{ recoveryCodes: string[] }>('/auth/mfa/activate', { code }, formCall),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<void>('/auth/password/change', { currentPassword, newPassword }, formCall),
  requestReset: (username: string) => api.post<void>('/auth/password/reset-request', { username }, formCall),
  resetPassword: (token: string, newPassword: string) =>
    api.post<void>('/auth/password/reset', { token, newPassword }, formCall),
};
