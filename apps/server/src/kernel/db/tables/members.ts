import type { Generated } from 'kysely';
import type { DateColumn, DefaultTimestamp, Json, Timestamp } from './common.js';

// ---- members module (0002_members) ----

export interface MemberSettingsTable {
  union_id: string;
  self_editable: Generated<string[]>;
  next_seq: Generated<number>;
  updated_at: DefaultTimestamp;
  updated_by: string | null;
}

export interface MembersTable {
  id: Generated<string>;
  union_id: string;
  org_id: string;
  user_id: string | null;
  member_no: string;
  status: string;
  name: string;
  name_initials: string;
  name_pinyin: string;
  name_grams: string[];
  gender: string;
  birth_date: DateColumn | null;
  id_type: string;
  id_number_enc: Buffer | null;
  id_number_bidx: string | null;
  phone_enc: Buffer | null;
  phone_bidx: string | null;
  email: string | null;
  address_enc: Buffer | null;
  employer: string | null;
  department: string | null;
  job_title: string | null;
  education: string | null;
  join_date: DateColumn | null;
  previous_member_id: string | null;
  import_id: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  /** 0047: set by the PIPL erasure; a trigger blanks the name keys and drops the forum search rows. */
  erased_at: Timestamp | null;
}

export interface MemberEventsTable {
  id: Generated<number>;
  member_id: string;
  at: Timestamp;
  effective_date: DateColumn | null;
  actor_id: string | null;
  action: string;
  from_status: string | null;
  to_status: string;
  union_id: string;
  org_id: string;
  reason: string | null;
  details: Json<Record<string, unknown>>;
}

export interface MemberTransfersTable {
  id: Generated<string>;
  member_id: string;
  from_union_id: string;
  to_union_id: string;
  to_org_id: string;
  status: Generated<'pending' | 'approved' | 'rejected' | 'cancelled'>;
  reason: string;
  requested_by: string | null;
  requested_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
  new_member_id: string | null;
}

export interface MemberConsentsTable {
  id: Generated<number>;
  member_id: string;
  purpose: string;
  version: string;
  granted: boolean;
  at: Timestamp;
  actor_id: string | null;
  source: 'portal' | 'application' | 'officer_attested' | 'import_attested';
}

export interface MemberImportsTable {
  id: string;
  union_id: string;
  org_id: string;
  created_by: string | null;
  created_at: Timestamp;
  mode: 'dry_run' | 'valid_only' | 'all_or_nothing';
  format: 'csv' | 'xlsx';
  file_name: string | null;
  file_sha256: string;
  file_bytes: number;
  encoding: string | null;
  status: Generated<'queued' | 'running' | 'succeeded' | 'failed'>;
  progress: Generated<number>;
  total_rows: Generated<number>;
  valid_rows: Generated<number>;
  error_rows: Generated<number>;
  existing_rows: Generated<number>;
  created_rows: Generated<number>;
  committed: Generated<boolean>;
  error_code: string | null;
  error_details: Json<Record<string, unknown>> | null;
  preview: Json<Array<Record<string, unknown>>>;
  heartbeat_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface MemberImportErrorsTable {
  id: Generated<number>;
  import_id: string;
  row_no: number;
  column_key: string;
  code: string;
  ref_row: number | null;
}
