import type { Generated } from 'kysely';
import type { DefaultTimestamp, Json, Timestamp } from './common.js';

// ---- polls (0031_polls) ----
export interface PollsTable {
  id: Generated<string>;
  org_id: string;
  title: string;
  description_html: Generated<string>;
  anonymous: boolean;
  results_visibility: 'after_response' | 'after_close' | 'managers';
  status: Generated<'draft' | 'published' | 'closed'>;
  opens_at: Timestamp | null;
  closes_at: Timestamp;
  questions: Json<unknown>;
  audience_count: Generated<number>;
  published_at: Timestamp | null;
  closed_at: Timestamp | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface PollAudienceTable {
  poll_id: string;
  member_id: string;
  user_id: string;
  org_id: string;
}

export interface PollRespondedTable {
  poll_id: string;
  member_id: string;
}

export interface PollResponsesTable {
  id: Generated<string>;
  poll_id: string;
  anonymous: boolean;
  member_id: string | null;
  respondent_name: string | null;
  submitted_at: Timestamp | null;
}

export interface PollAnswersTable {
  response_id: string;
  poll_id: string;
  question_id: string;
  choices: string[] | null;
  text_value: string | null;
  rating: number | null;
  ranking: string[] | null;
}
