import type { Generated } from 'kysely';
import type { Timestamp } from './common.js';

// ---- PIPL deletion requests (0049_privacy) ----
export interface PrivacyDeletionRequestsTable {
  id: Generated<string>;
  user_id: string;
  member_id: string | null;
  org_id: string;
  reason: string;
  status: Generated<'open' | 'executed' | 'declined' | 'withdrawn'>;
  requested_at: Timestamp;
  due_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
}
