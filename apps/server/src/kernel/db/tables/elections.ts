import type { Generated } from 'kysely';
import type { DateColumn, DefaultTimestamp, Json, Timestamp } from './common.js';

// ---- elections (0030_elections) ----
export interface ElectionsTable {
  id: Generated<string>;
  org_id: string;
  title: string;
  profile: 'cn_grassroots' | 'us_lmrda' | 'uk_statutory' | 'custom';
  rules: Json<unknown>;
  contests: Json<unknown>;
  status: Generated<'draft' | 'announced' | 'ready' | 'closed' | 'tallied'>;
  opens_at: Timestamp;
  closes_at: Timestamp;
  trustees_n: number;
  threshold: number;
  manifest: Json<unknown> | null;
  parameters: Json<unknown> | null;
  board: Json<unknown> | null;
  tally: Json<unknown> | null;
  results: Json<unknown> | null;
  outcome: Json<unknown> | null;
  eligible_count: number | null;
  announced_at: Timestamp | null;
  retain_until: DateColumn | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
  /** When the disposal job removed the election's personal data after retain_until (0037). */
  records_disposed_at: Timestamp | null;
  /** Voted marks counted at disposal, kept after the marks are gone (0037). */
  voted_count: number | null;
}

export interface ElectionTrusteesTable {
  election_id: string;
  idx: number;
  user_id: string;
  public: Json<unknown> | null;
  transport_key: string | null;
  decryption: Json<unknown> | null;
}

export interface ElectionSharesTable {
  election_id: string;
  dealer: number;
  recipient: number;
  share: Json<unknown>;
}

export interface ElectionVotersTable {
  election_id: string;
  member_id: string;
  user_id: string | null;
}

export interface ElectionVotesCastTable {
  election_id: string;
  member_id: string;
  /** Re-voting: H("revote-owner", Q, s) of the voter's current re-vote code (0035). */
  revote_owner: string | null;
}

/** No member, session, IP or time (ELECTIONS.md E3). */
export interface ElectionBallotsTable {
  id: Generated<string>;
  election_id: string;
  tracking_code: string;
  ballot: Json<unknown>;
  /** Re-voting: H("revote-tag", Q, s); null where the rules forbid re-voting (0035). */
  revote_tag: string | null;
}

/** A ballot replaced by a re-vote and the revealed re-vote code (0035); no member, no time. */
export interface ElectionSupersedesTable {
  election_id: string;
  tracking_code: string;
  revote_secret: string;
}
