import { api } from '../../shared/api/client';
import type { CsrfResponse } from '../../shared/api/types';

export interface SetupBody {
  token: string;
  orgName: string;
  orgKind: 'federation' | 'grassroots';
  username: string;
  displayName: string;
  email?: string;
  password: string;
}

export const setupApi = {
  /** POST /api/setup: creates the root union and the first admin, and signs the admin in. */
  complete: (body: SetupBody) => api.post<CsrfResponse>('/setup', body, { redirectOn401: false }),
};
