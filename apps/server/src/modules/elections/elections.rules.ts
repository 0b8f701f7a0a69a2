/**
 * Rule profiles (DOMAIN.md "Elections"): quorum, majority base, surplus of candidates over seats,
 * turnout thresholds, notice period, retention and the coercion policy. Pure functions only.
 */
export type Profile = 'cn_grassroots' | 'us_lmrda' | 'uk_statutory' | 'custom';

export type Rules = {
  /** Ballots counted must exceed this fraction of those entitled (strictly), else quorum failed. */
  quorumOfEntitled: number;
  /** Whose votes a majority is measured against. */
  majorityBase: 'entitled' | 'voting';
  /** A candidate (or a yes) needs strictly more than this fraction of the base. */
  majorityFraction: number;
  /** Candidates must exceed seats by at least this ratio (差额选举); 0 allows equal numbers. */
  minCandidateSurplus: number;
  /** Ballots counted must reach at least this fraction of those entitled (UK turnout). */
  turnoutMin: number;
  /** A yes/no question also needs this fraction of all entitled voting yes (UK important services). */
  yesOfEntitledMin: number;
  noticeDays: number;
  retentionYears: number;
  /** Member statuses that make the voter roll. */
  voterStatuses: string[];
  /**
   * Dues standing on the roll: 'ignore', or 'not_in_arrears' (a member with an unpaid earlier month
   * in the dues ledger is left off; exempt members stay). Checked once, when the roll is frozen.
   */
  duesStanding: 'ignore' | 'not_in_arrears';
  /**
   * Re-voting (E2, E13): a voter may replace their ballot until voting closes with the secret
   * re-vote code their device kept; only the last ballot counts. Fixed by the profile; only the
   * `custom` profile may set it.
   */
  allowRevote: boolean;
  /** Written coercion policy shown to voters (E13); the web shows a translated text per profile. */
  coercionPolicy: string;
};

const REVOTE_POLICY =
  'Secret ballot; the tracking code proves inclusion, never the choice. Re-voting is allowed until voting closes: only your last ballot counts, so a ballot cast under pressure can be replaced in private with your re-vote code. A voter who cannot vote freely online may instead ask the election committee for an in-person paper ballot before casting online. After the count the board shows which tracking codes were replaced (not by whom, nor the new choice).';
const FINAL_POLICY =
  'Secret ballot; the tracking code proves inclusion, never the choice. A voter who was coerced online may ask the election committee for an in-person paper ballot before the online ballot is cast; once cast, an online ballot is final.';

const CN: Rules = {
  quorumOfEntitled: 2 / 3,
  majorityBase: 'entitled',
  majorityFraction: 1 / 2,
  minCandidateSurplus: 0.05,
  turnoutMin: 0,
  yesOfEntitledMin: 0,
  noticeDays: 7,
  retentionYears: 5,
  voterStatuses: ['active'],
  duesStanding: 'ignore',
  // Online voting happens outside the assembly's voting booth, so re-voting gives back its
  // privacy: a ballot cast while watched can be replaced later, alone (ELECTIONS.md E13).
  allowRevote: true,
  coercionPolicy: REVOTE_POLICY,
};

export const PROFILES: Record<Profile, Rules> = {
  cn_grassroots: CN,
  us_lmrda: {
    ...CN,
    quorumOfEntitled: 0,
    majorityBase: 'voting',
    minCandidateSurplus: 0,
    noticeDays: 15,
    retentionYears: 1,
    // LMRDA 401(e): "members in good standing" — constitutions commonly require dues paid up.
    duesStanding: 'not_in_arrears',
    // A cast secret ballot is final, as with mail and site ballots; the in-person fallback stays.
    allowRevote: false,
    coercionPolicy:
      'Secret ballot, no proxy voting; observers may watch the count. Receipts show only the tracking code. Voters under pressure may vote in person at the polling site instead of online.',
  },
  uk_statutory: {
    ...CN,
    quorumOfEntitled: 0,
    majorityBase: 'voting',
    minCandidateSurplus: 0,
    turnoutMin: 0.5,
    yesOfEntitledMin: 0,
    noticeDays: 7,
    retentionYears: 1,
    // Statutory ballots are postal: one ballot paper per voter, no replacement.
    allowRevote: false,
    coercionPolicy:
      'Independent scrutineer; receipts reveal no choice. Voters may ask the scrutineer for a postal ballot instead of voting online.',
  },
  // Re-voting is opt-in for custom rules (rules.allowRevote); without it an early close is possible.
  custom: { ...CN, allowRevote: false, coercionPolicy: FINAL_POLICY },
};

/**
 * The profile's defaults with the caller's overrides. Only `custom` may switch re-voting, and its
 * written coercion policy follows that switch; the other profiles keep theirs.
 */
export function resolveRules(profile: Profile, overrides: Partial<Rules> = {}): Rules {
  const base = PROFILES[profile];
  if (profile !== 'custom') return { ...base, ...overrides, allowRevote: base.allowRevote };
  const allowRevote = overrides.allowRevote ?? base.allowRevote;
  return {
    ...base,
    ...overrides,
    allowRevote,
    coercionPolicy: allowRevote ? REVOTE_POLICY : FINAL_POLICY,
  };
}

/** Minimum number of candidates for `seats` under the rules. */
export function minimumCandidates(rules: Rules, seats: number): number {
  if (rules.minCandidateSurplus <= 0) return seats;
  return Math.max(seats + 1, Math.ceil(seats * (1 + rules.minCandidateSurplus)));
}

export type ContestDef = {
  id: string;
  kind: 'single' | 'multi' | 'yes_no';
  title: string;
  seats: number;
  minSelections: number;
  maxSelections: number;
  /** Nominees; only accepted ones (accepted !== false) stand at announcement. */
  candidates: { id: string; name: string; memberId?: string; accepted?: boolean }[];
};

export type OptionOutcome = { optionId: string; votes: number; status: 'elected' | 'not_elected' | 'tie' };
export type ContestOutcome = {
  contestId: string;
  status: 'decided' | 'quorum_failed' | 'turnout_failed';
  /** yes/no contests: whether the question carried. */
  carried?: boolean;
  options: OptionOutcome[];
};

/**
 * Apply the rules to the decrypted counts. Quorum and turnout fail whole contests; candidates are
 * ranked by votes and elected within the seats when above the majority threshold; a tie across the
 * last seat marks the tied candidates 'tie' (a run-off is the committee's decision).
 */
export function applyRules(
  rules: Rules,
  contests: ContestDef[],
  counts: Record<string, Record<string, number>>,
  ballotsCounted: number,
  eligible: number,
): ContestOutcome[] {
  const quorumOk = ballotsCounted > rules.quorumOfEntitled * eligible || rules.quorumOfEntitled === 0;
  const turnoutOk = ballotsCounted >= rules.turnoutMin * eligible;
  const base = rules.majorityBase === 'entitled' ? eligible : ballotsCounted;
  const passes = (v: number) => v > rules.majorityFraction * base;
  return contests.map((c) => {
    const votes = counts[c.id] ?? {};
    const raw = c.candidates.map((o) => ({ optionId: o.id, votes: votes[o.id] ?? 0 }));
    const none = (status: ContestOutcome['status']): ContestOutcome => ({
      contestId: c.id,
      status,
      options: raw.map((o) => ({ ...o, status: 'not_elected' })),
    });
    if (!quorumOk) return none('quorum_failed');
    if (!turnoutOk) return none('turnout_failed');
    if (c.kind === 'yes_no') {
      const yes = votes.yes ?? 0;
      const carried = passes(yes) && yes >= rules.yesOfEntitledMin * eligible;
      return {
        contestId: c.id,
        status: 'decided',
        carried,
        options: raw.map((o) => ({
          ...o,
          status: o.optionId === 'yes' && carried ? 'elected' : 'not_elected',
        })),
      };
    }
    const ranked = [...raw].sort((a, b) => b.votes - a.votes);
    const options = raw.map((o): OptionOutcome => {
      const above = ranked.filter((r) => r.votes > o.votes).length;
      const tied = ranked.filter((r) => r.votes === o.votes).length;
      if (!passes(o.votes) || above >= c.seats) return { ...o, status: 'not_elected' };
      return { ...o, status: above + tied <= c.seats ? 'elected' : 'tie' };
    });
    return { contestId: c.id, status: 'decided', options };
  });
}
