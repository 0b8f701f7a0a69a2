import type { Generated } from 'kysely';
import type { DateColumn, DefaultTimestamp, Json } from './common.js';

// ---- dues module (0040_dues) ----

export interface DuesRulesTable {
  id: Generated<string>;
  union_id: string;
  effective_from: DateColumn;
  rate_ppm: number;
  rounding_unit: number;
  rounding_mode: 'up' | 'down' | 'half_up';
  minimum_fen: number;
  retained_percent: number;
  created_by: string | null;
  created_at: DefaultTimestamp;
}

export interface DuesWagesTable {
  id: Generated<string>;
  member_id: string;
  effective_from: DateColumn;
  wage_enc: Buffer;
  created_by: string | null;
  created_at: DefaultTimestamp;
}

export interface DuesExemptionsTable {
  id: Generated<string>;
  member_id: string;
  kind: 'hardship' | 'other';
  percent_payable: number;
  from_period: string;
  to_period: string | null;
  reason: string;
  created_by: string | null;
  created_at: DefaultTimestamp;
}

export interface DuesScheduleTable {
  member_id: string;
  period: string;
  union_id: string;
  org_id: string;
  rule_id: string;
  gross_fen: number;
  due_fen: number;
  exemption: 'hardship' | 'other' | 'retained' | null;
  created_at: DefaultTimestamp;
}

export interface DuesLedgerTable {
  id: Generated<string>;
  seq: Generated<number>;
  member_id: string;
  kind: 'charge' | 'exemption' | 'payment' | 'reversal';
  amount_fen: number;
  period: string | null;
  source: 'online' | 'payroll' | 'cash' | null;
  reference: string | null;
  reverses_id: string | null;
  actor_id: string | null;
  at: DefaultTimestamp;
}

export interface DuesRemindersTable {
  member_id: string;
  period: string;
  sent_at: DefaultTimestamp;
  sent_by: string | null;
}

export interface DuesPayrollImportsTable {
  id: Generated<string>;
  org_id: string;
  file_name: string | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
  applied: boolean;
  summary: Json<Record<string, number>>;
  report: Json<unknown[]>;
}
