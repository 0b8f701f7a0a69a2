import type { Generated } from 'kysely';
import type { Json, Timestamp } from './common.js';

// ---- processing register and protection officer's contact (0051_privacy_register) ----
export interface PrivacyOfficerContactsTable {
  union_id: string;
  name: string;
  title: string;
  phone: string;
  email: string;
  postal_address: string | null;
  updated_at: Timestamp;
  updated_by: string;
}

export interface PrivacyActivitiesTable {
  id: Generated<string>;
  union_id: string;
  builtin_key: string | null;
  current_version: Generated<number>;
  created_at: Timestamp;
  created_by: string;
}

/** Append-only: the database refuses UPDATE, DELETE and TRUNCATE. */
export interface PrivacyActivityVersionsTable {
  activity_id: string;
  version: number;
  content: Json<Record<string, unknown>>;
  change_note: string | null;
  created_at: Timestamp;
  created_by: string;
}
