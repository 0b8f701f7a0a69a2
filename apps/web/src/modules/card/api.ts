/** The member's e-card (/api/my/card) and the public verification (/api/cards/verify). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';

export interface MyCard {
  name: string;
  memberNo: string;
  unionName: string;
  validUntil: string;
  issuedAt: string;
  token: string;
  tokenExpiresAt: string;
  verifyUrl: string;
}
export type VerifyResult = {
  status: 'valid' | 'expired' | 'revoked' | 'invalid';
  maskedName?: string;
  unionName?: string;
  validUntil?: string;
};

/** The card with a fresh token, refetched 30 s before the token expires. */
export function useMyCard() {
  return useQuery({
    queryKey: ['card', 'my'],
    queryFn: () => api.get<MyCard>('/my/card'),
    refetchInterval: (q) => {
      const exp = q.state.data ? new Date(q.state.data.tokenExpiresAt).getTime() : 0;
      return Math.max(5_000, exp - Date.now() - 30_000);
    },
    refetchOnWindowFocus: true,
  });
}

export function useRevokeMyCard() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ revoked: boolean }>('/my/card/revoke'),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['card', 'my'] }),
  });
}

export function useVerifyCard(token: string) {
  return useQuery({
    queryKey: ['card', 'verify', token],
    enabled: token.length > 0,
    retry: false,
    queryFn: () => api.post<VerifyResult>('/cards/verify', { token }, { redirectOn401: false }),
  });
}
