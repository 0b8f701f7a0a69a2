import { api } from '../../shared/api/client';

export const accountApi = {
  /** PATCH /api/me/contact: needs a recent re-authentication. */
  updateContact: (body: { email?: string; phone?: string }) =>
    api.patch<void>('/me/contact', body, { redirectOn401: false }),
};
