/** Kernel tables (0001_kernel and later kernel migrations). */
import type { ColumnType, Generated } from 'kysely';
import type { DefaultTimestamp, Timestamp } from './common.js';

export type OrgKind = 'federation' | 'grassroots' | 'branch' | 'group' | 'industrial';

export interface OrgsTable {
  id: Generated<string>;
  parent_id: string | null;
  kind: OrgKind;
  name: string;
  path: string;
  depth: number;
  status: Generated<'active' | 'closed'>;
  created_at: DefaultTimestamp;
  closed_at: Timestamp | null;
}

export interface UsersTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  email: string | null;
  phone_enc: Buffer | null;
  phone_bidx: string | null;
  org_id: string;
  password_hash: string;
  password_changed_at: DefaultTimestamp;
  status: Generated<'active' | 'disabled'>;
  mfa_secret_enc: Buffer | null;
  mfa_pending_secret_enc: Buffer | null;
  mfa_enabled: Generated<boolean>;
  mfa_last_step: Generated<number>;
  created_at: DefaultTimestamp;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: string;
  code_hash: string;
  used_at: Timestamp | null;
}

export interface RolesTable {
  key: string;
  permissions: string[];
  builtin: Generated<boolean>;
}

export interface GrantsTable {
  id: Generated<string>;
  user_id: string;
  role_key: string;
  org_id: string;
  created_at: DefaultTimestamp;
  created_by: string | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  mfa_passed: Generated<boolean>;
  reauth_at: Timestamp | null;
  ip: string | null;
  user_agent: string | null;
}

export interface OneTimeTokensTable {
  token_hash: string;
  purpose: 'setup' | 'password_reset';
  user_id: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface AuthThrottleTable {
  key: string;
  failures: number;
  window_start: Timestamp;
}

export interface DataKeysTable {
  id: Generated<number>;
  tenant: string;
  purpose: 'encryption' | 'blind_index';
  wrapped: Buffer;
  master_key_id: string;
  status: Generated<'active' | 'retired'>;
  created_at: DefaultTimestamp;
  rewrapped_at: Timestamp | null;
}

export interface AuditLogTable {
  seq: number;
  at: Timestamp;
  actor_id: string | null;
  actor_ip: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  org_id: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}
