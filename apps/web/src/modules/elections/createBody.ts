/** The create-election form's values and their mapping to the API body (pure, tested). */
import type { Dayjs } from 'dayjs';
import type { ContestDef, CreateElectionInput, Profile } from './api';

export interface ContestForm {
  kind: ContestDef['kind'];
  title: string;
  seats?: number;
  minSelections?: number;
  maxSelections?: number;
  candidates?: string[];
}
export interface CreateFormValues {
  orgId: string;
  title: string;
  profile: Profile;
  noticeDays?: number;
  quorum?: number;
  majorityBase?: 'entitled' | 'voting';
  duesStanding?: 'ignore' | 'not_in_arrears';
  turnout?: number;
  /** Custom rules: voters may replace their ballot until close (only the last counts). */
  allowRevote?: boolean;
  opensAt: Dayjs;
  closesAt: Dayjs;
  trusteeUserIds: string[];
  threshold: number;
  contests: ContestForm[];
}

/** Form values to the API body: slug ids for contests (c1, c2...) and candidates (k1, k2...). */
export function toCreateBody(v: CreateFormValues): CreateElectionInput {
  return {
    orgId: v.orgId,
    title: v.title.trim(),
    profile: v.profile,
    ...(v.profile === 'custom'
      ? {
          rules: {
            noticeDays: v.noticeDays ?? 0,
            quorumOfEntitled: (v.quorum ?? 0) / 100,
            majorityBase: v.majorityBase ?? 'voting',
            turnoutMin: (v.turnout ?? 0) / 100,
            duesStanding: v.duesStanding ?? 'ignore',
            minCandidateSurplus: 0,
            allowRevote: v.allowRevote ?? false,
          },
        }
      : {}),
    opensAt: v.opensAt.toISOString(),
    closesAt: v.closesAt.toISOString(),
    trusteeUserIds: v.trusteeUserIds,
    threshold: v.threshold,
    contests: v.contests.map((c, i) => ({
      id: `c${i + 1}`,
      kind: c.kind,
      title: c.title.trim(),
      ...(c.kind === 'multi'
        ? {
            seats: c.seats ?? 1,
            minSelections: c.minSelections ?? 0,
            maxSelections: c.maxSelections ?? c.seats,
          }
        : {}),
      ...(c.kind !== 'yes_no'
        ? {
            candidates: (c.candidates ?? [])
              .map((name) => name.trim())
              .filter(Boolean)
              .map((name, j) => ({ id: `k${j + 1}`, name })),
          }
        : {}),
    })),
  };
}
