/** Queries and mutations of the elections module (/api/my/elections for voters). */
import type {
  DecryptionShareJson,
  ElectionParameters,
  EncryptedBallot,
  EncryptedShare,
  Manifest,
  TallyJson,
  TrusteePublic,
} from '@unionhall/election-crypto';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api/client';

export interface MyElection {
  id: string;
  title: string;
  phase: string;
  opensAt: string;
  closesAt: string;
}
export interface VoterElection extends MyElection {
  coercionPolicy: string;
  manifest: Manifest | null;
  parameters: ElectionParameters | null;
  voted: boolean;
}
export interface Board {
  trackingCodes: string[];
  board: { head: string; entries: { ballot: EncryptedBallot; hash: string }[] } | null;
}

const key = ['elections'] as const;

export const useMyElections = () =>
  useQuery({ queryKey: [...key, 'mine'], queryFn: () => api.get<{ items: MyElection[] }>('/my/elections') });
export const useVoterElection = (id: string) =>
  useQuery({ queryKey: [...key, 'mine', id], queryFn: () => api.get<VoterElection>(`/my/elections/${id}`) });
export const useBoard = (id: string) =>
  useQuery({ queryKey: [...key, 'board', id], queryFn: () => api.get<Board>(`/elections/${id}/board`) });

export const castBallot = (id: string, ballot: EncryptedBallot) =>
  api.post<{ trackingCode: string }>(`/my/elections/${id}/ballot`, { ballot });

export interface TrusteeView {
  index: number;
  trustees: number;
  threshold: number;
  status: string;
  manifest: Manifest | null;
  manifestHash: string;
  peers: { index: number; public: TrusteePublic | null; transportKey: string | null }[];
  sharesForMe: EncryptedShare[];
  parameters: ElectionParameters | null;
  tally: TallyJson | null;
}

export const useTrusteeView = (id: string) =>
  useQuery({
    queryKey: [...key, 'trustee', id],
    queryFn: () => api.get<TrusteeView>(`/trustee/elections/${id}`),
    refetchInterval: 5000,
  });
export const postTrusteeKeys = (id: string, pub: TrusteePublic, transportKey: string) =>
  api.post<{ ok: boolean }>(`/trustee/elections/${id}/keys`, { public: pub, transportKey });
export const postTrusteeShares = (id: string, shares: EncryptedShare[]) =>
  api.post<{ ok: boolean; status: string }>(`/trustee/elections/${id}/shares`, { shares });
export const postDecryption = (id: string, share: DecryptionShareJson) =>
  api.post<{ ok: boolean; status: string }>(`/trustee/elections/${id}/decryption`, { share });

export interface OutcomeOption {
  optionId: string;
  votes: number;
  status: 'elected' | 'not_elected' | 'tie';
}
export interface ElectionSummary {
  id: string;
  orgId: string;
  title: string;
  profile: string;
  status: string;
  phase: string;
  opensAt: string;
  closesAt: string;
  trustees: number;
  threshold: number;
  eligibleVoters: number | null;
  ballotsCast: number;
  outcome: { contestId: string; status: string; carried?: boolean; options: OutcomeOption[] }[] | null;
}

export const useElections = () =>
  useQuery({
    queryKey: [...key, 'all'],
    queryFn: () => api.get<{ items: ElectionSummary[] }>('/elections'),
    refetchInterval: 10_000,
  });
export const electionStep = (id: string, step: 'announce' | 'close') =>
  api.post<ElectionSummary>(`/elections/${id}/${step}`, {});
