import type { ColumnType, Generated } from 'kysely';
import type { DateColumn, DefaultTimestamp, Json, Timestamp } from './common.js';

// ---- cases module (0010_cases) ----
export interface CaseTypesTable {
  union_id: string;
  key: string;
  definition: Json<unknown>;
  updated_at: DefaultTimestamp;
  updated_by: string | null;
}

export interface CasesTable {
  id: Generated<string>;
  ref: string;
  union_id: string;
  origin_org_id: string;
  org_id: string;
  org_chain: string[];
  escalation_level: Generated<number>;
  type_key: string;
  state: string;
  title: string;
  details_enc: Buffer;
  anonymous: boolean;
  submitter_user_id: string | null;
  submitter_bidx: string;
  identity_enc: Buffer | null;
  assignee_id: string | null;
  incident_date: DateColumn | null;
  location: string | null;
  body_part: string | null;
  cause: string | null;
  severity: string | null;
  days_lost: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  first_response_at: Timestamp | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  paused_at: Timestamp | null;
  pause_reason: string | null;
  paused_ms: ColumnType<string, number | string | undefined, number | string>;
  fr_budget_ms: ColumnType<string, number | string, number | string>;
  res_budget_ms: ColumnType<string, number | string, number | string>;
  remind_share: number;
  fr_due_at: Timestamp | null;
  res_due_at: Timestamp | null;
  fr_reminded_at: Timestamp | null;
  res_reminded_at: Timestamp | null;
  fr_breached_at: Timestamp | null;
  res_breached_at: Timestamp | null;
  satisfaction: number | null;
  version: Generated<number>;
  /** 0013: the member's department at filing (kept for anonymous cases only in departments of >= 5). */
  department: string | null;
}

export interface CaseEventsTable {
  id: Generated<string>;
  case_id: string;
  at: Timestamp;
  actor_id: string | null;
  actor_role: 'member' | 'handler' | 'system';
  kind: 'submitted' | 'transition' | 'message' | 'note' | 'escalation' | 'reminder' | 'assignment';
  action: string | null;
  from_state: string | null;
  to_state: string | null;
  visible_to_member: boolean;
  body_enc: Buffer | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface CaseEscalationsTable {
  case_id: string;
  clock: 'first_response' | 'resolution';
  at: Timestamp;
  from_org_id: string;
  to_org_id: string;
}

// ---- 0014_cases_rollup: kept by a trigger on cases (never written by the application) ----
type Count = ColumnType<number, number, number>;
type BigCount = ColumnType<string, string | number, string | number>;

export interface CaseRollupMonthTable {
  node_id: string;
  type_key: string;
  month: DateColumn;
  state: string;
  n: Count;
  open_n: Count;
  breached_n: Count;
  fr_n: Count;
  fr_sum_us: BigCount;
  res_n: Count;
  res_sum_us: BigCount;
  rated_n: Count;
  sat_sum: Count;
}

export interface CaseRollupOriginTable {
  node_id: string;
  /** a case type, or '*' for every type */
  type_key: string;
  month: DateColumn;
  origin_org_id: string;
  n: Count;
  open_n: Count;
}

export interface CaseRollupFrTable {
  node_id: string;
  type_key: string;
  month: DateColumn;
  /** first response time in 6-minute steps (floor) */
  bucket: Count;
  n: Count;
}

export interface CaseRollupDimTable {
  node_id: string;
  type_key: string;
  dim: string;
  day: DateColumn;
  key: string;
  n: Count;
}

// ---- 0015_cases_assignment ----
export interface CaseAssignmentRulesTable {
  id: Generated<string>;
  union_id: string;
  org_id: string;
  type_key: string | null;
  mode: 'user' | 'round_robin';
  user_id: string | null;
  position: number;
  created_at: Timestamp;
  created_by: string | null;
}

export interface CaseAssignmentTurnsTable {
  rule_id: string;
  user_id: string;
  last_assigned_at: Timestamp;
}

// ---- 0016_cases_member_counts: the head-count snapshot of the job cases-member-counts ----
export interface CaseMemberCountsTable {
  org_id: string;
  /** '' for members without a department */
  department: string;
  n: number;
}

export interface CaseMemberCountsStateTable {
  id: number;
  refreshed_at: Timestamp;
}
