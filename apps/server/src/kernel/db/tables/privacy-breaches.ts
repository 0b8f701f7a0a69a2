import type { Generated } from 'kysely';
import type { Timestamp } from './common.js';

// ---- personal-information breach incidents (0050_privacy_breaches) ----
export interface PrivacyBreachesTable {
  id: Generated<string>;
  org_id: string;
  title: string;
  description: Generated<string>;
  status: Generated<'open' | 'contained' | 'notified' | 'closed'>;
  discovered_at: Timestamp;
  occurred_from: Timestamp | null;
  occurred_to: Timestamp | null;
  cause: Generated<string>;
  categories: Generated<string[]>;
  consequences: Generated<string>;
  measures_taken: Generated<string>;
  member_measures: Generated<string>;
  contact: Generated<string>;
  delay_reason: Generated<string>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  contained_at: Timestamp | null;
  regulator_notified_at: Timestamp | null;
  regulator_authority: string | null;
  regulator_reference: string | null;
  members_notified_at: Timestamp | null;
  no_member_notice_reason: string | null;
  closed_at: Timestamp | null;
  computed_at: Timestamp | null;
  computed_by: string | null;
  scope: unknown | null;
  chain: unknown | null;
  totals: unknown | null;
  reminded_due_at: Timestamp | null;
  reminded_overdue_at: Timestamp | null;
}

export interface PrivacyBreachMembersTable {
  breach_id: string;
  member_id: string;
  user_id: string | null;
  org_id: string;
  events: number;
  actions: string[];
  categories: string[];
  first_at: Timestamp;
  last_at: Timestamp;
  sample_seqs: string[];
  channel: 'account' | 'offline';
  notified_at: Timestamp | null;
}
