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
export type Profile = 'cn_grassroots' | 'us_lmrda' | 'uk_statutory' | 'custom';
export interface VoterElection extends MyElection {
  profile: Profile;
  coercionPolicy: string;
  /** A voter who has voted may replace the ballot with their re-vote code; only the last counts. */
  allowRevote: boolean;
  manifest: Manifest | null;
  parameters: ElectionParameters | null;
  voted: boolean;
}
export interface Board {
  trackingCodes: string[];
  board: {
    head: string;
    entries: { ballot: EncryptedBallot; hash: string }[];
    /** Re-voting: ballots replaced by a later ballot of the same voter (not counted). */
    supersedes?: { tracking_code: string; revote_secret: string; hash: string }[];
  } | null;
}

const key = ['elections'] as const;

export const useMyElections = () =>
  useQuery({ queryKey: [...key, 'mine'], queryFn: () => api.get<{ items: MyElection[] }>('/my/elections') });
export const useVoterElection = (id: string) =>
  useQuery({ queryKey: [...key, 'mine', id], queryFn: () => api.get<VoterElection>(`/my/elections/${id}`) });
export const useBoard = (id: string) =>
  useQuery({ queryKey: [...key, 'board', id], queryFn: () => api.get<Board>(`/elections/${id}/board`) });

/** Re-voting: the new ballot's owner check, and the previous ballot's code when replacing it. */
export type CastRevote = { revoteOwner?: string; revoteSecret?: string };

export const castBallot = (id: string, ballot: EncryptedBallot, revote: CastRevote = {}) =>
  api.post<{ trackingCode: string; replaced?: boolean }>(`/my/elections/${id}/ballot`, { ballot, ...revote });

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

export interface TrusteeElection {
  id: string;
  title: string;
  status: string;
  index: number;
}
export const useTrusteeElections = () =>
  useQuery({
    queryKey: [...key, 'trustee-list'],
    queryFn: () => api.get<{ items: TrusteeElection[] }>('/trustee/elections'),
  });

export interface OutcomeOption {
  optionId: string;
  votes: number;
  status: 'elected' | 'not_elected' | 'tie';
}
export interface CandidateDef {
  id: string;
  name: string;
  memberId?: string;
  /** false while a nomination waits for the nominee's acceptance. */
  accepted?: boolean;
}
export interface ContestDef {
  id: string;
  kind: 'single' | 'multi' | 'yes_no';
  title: string;
  seats: number;
  minSelections: number;
  maxSelections: number;
  candidates: CandidateDef[];
}
export interface Rules {
  quorumOfEntitled: number;
  majorityBase: 'entitled' | 'voting';
  duesStanding?: 'ignore' | 'not_in_arrears';
  majorityFraction: number;
  minCandidateSurplus: number;
  turnoutMin: number;
  noticeDays: number;
  retentionYears: number;
  /** Re-voting (only the last ballot counts); switchable for custom rules only. */
  allowRevote?: boolean;
}
export interface ElectionSummary {
  id: string;
  orgId: string;
  title: string;
  profile: Profile;
  status: 'draft' | 'announced' | 'ready' | 'closed' | 'tallied';
  phase: string;
  rules: Rules;
  contests: ContestDef[];
  opensAt: string;
  closesAt: string;
  trustees: number;
  threshold: number;
  eligibleVoters: number | null;
  ballotsCast: number;
  /** Records kept (E11) until this date, YYYY-MM-DD; null for a draft. */
  retainUntil: string | null;
  /** When the roll, voted marks and other personal data were disposed of after retention. */
  recordsDisposedAt: string | null;
  ceremony: { keys: number; shares: number; decryptions: number };
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

export interface ContestInput {
  id: string;
  kind: ContestDef['kind'];
  title: string;
  seats?: number;
  minSelections?: number;
  maxSelections?: number;
  candidates?: { id: string; name: string }[];
}
export interface CreateElectionInput {
  orgId: string;
  title: string;
  profile: Profile;
  rules?: Partial<Rules>;
  opensAt: string;
  closesAt: string;
  trusteeUserIds: string[];
  threshold: number;
  contests: ContestInput[];
}
export const createElection = (body: CreateElectionInput) => api.post<ElectionSummary>('/elections', body);
export const nominate = (id: string, body: { contestId: string; candidateId: string; name: string }) =>
  api.post<ElectionSummary>(`/elections/${id}/nominations`, body);
export const acceptNomination = (id: string, body: { contestId: string; candidateId: string }) =>
  api.post<{ ok: boolean }>(`/elections/${id}/nominations/accept`, body);

export interface UserOption {
  id: string;
  username: string;
  displayName: string;
  orgName: string;
}
export const searchUsers = (q: string) =>
  api.get<{ items: UserOption[] }>(`/users?${new URLSearchParams({ q, pageSize: '20' })}`);

export interface LogEntry {
  seq: number;
  at: string;
  action: string;
  details: Record<string, unknown>;
}
export const useCountingLog = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: [...key, 'log', id],
    queryFn: () => api.get<{ items: LogEntry[] }>(`/elections/${id}/log`),
    enabled,
  });
