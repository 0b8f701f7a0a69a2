/**
 * Table types, kept in step with src/migrations (a test compares them with the migrated schema).
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

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

export interface DB {
  orgs: OrgsTable;
  users: UsersTable;
  recovery_codes: RecoveryCodesTable;
  roles: RolesTable;
  grants: GrantsTable;
  sessions: SessionsTable;
  one_time_tokens: OneTimeTokensTable;
  auth_throttle: AuthThrottleTable;
  data_keys: DataKeysTable;
  audit_log: AuditLogTable;
  member_settings: MemberSettingsTable;
  members: MembersTable;
  member_events: MemberEventsTable;
  member_transfers: MemberTransfersTable;
  member_consents: MemberConsentsTable;
  member_imports: MemberImportsTable;
  member_import_errors: MemberImportErrorsTable;
  notification_prefs: NotificationPrefsTable;
  notifications: NotificationsTable;
  notification_deliveries: NotificationDeliveriesTable;
  chat_rooms: ChatRoomsTable;
  chat_members: ChatMembersTable;
  chat_messages: ChatMessagesTable;
  announcements: AnnouncementsTable;
  announcement_reads: AnnouncementReadsTable;
  forum_boards: ForumBoardsTable;
  forum_threads: ForumThreadsTable;
  forum_posts: ForumPostsTable;
  forum_reports: ForumReportsTable;
  forum_sensitive_words: ForumSensitiveWordsTable;
  search_docs: SearchDocsTable;
  case_types: CaseTypesTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_escalations: CaseEscalationsTable;
  case_attachments: CaseAttachmentsTable;
  elections: ElectionsTable;
  election_trustees: ElectionTrusteesTable;
  election_shares: ElectionSharesTable;
  election_voters: ElectionVotersTable;
  election_votes_cast: ElectionVotesCastTable;
  election_ballots: ElectionBallotsTable;
}

// ---- members module (0002_members) ----
type DateColumn = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, string, string>;

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

// ---- comms: notifications (0020_comms_notifications) ----
export interface NotificationPrefsTable {
  user_id: string;
  locale: Generated<'zh-CN' | 'en'>;
  email_enabled: Generated<boolean>;
  sms_enabled: Generated<boolean>;
  muted_categories: Generated<string[]>;
  quiet_start: number | null;
  quiet_end: number | null;
  time_zone: Generated<string>;
  unsubscribe_key: string;
  unsubscribed_at: Timestamp | null;
  updated_at: DefaultTimestamp;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  template: string;
  category: string;
  title: string;
  body: string;
  link: string | null;
  created_at: DefaultTimestamp;
  read_at: Timestamp | null;
}

export interface NotificationDeliveriesTable {
  id: Generated<string>;
  user_id: string | null;
  org_id: string | null;
  channel: 'email' | 'sms';
  template: string;
  locale: string;
  recipient_enc: Buffer;
  params_enc: Buffer;
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: DefaultTimestamp;
  sent_at: Timestamp | null;
}

// ---- comms: chat (0021_comms_chat) ----
export interface ChatRoomsTable {
  id: Generated<string>;
  kind: 'direct' | 'org' | 'custom';
  name: Generated<string>;
  org_id: string | null;
  direct_key: string | null;
  created_by: string | null;
  last_seq: Generated<number>;
  last_message_at: Timestamp | null;
  created_at: DefaultTimestamp;
}

export interface ChatMembersTable {
  room_id: string;
  user_id: string;
  role: Generated<'owner' | 'member'>;
  last_read_seq: Generated<number>;
  notified_seq: Generated<number>;
  joined_at: DefaultTimestamp;
}

export interface ChatMessagesTable {
  id: Generated<string>;
  room_id: string;
  seq: number;
  sender_id: string | null;
  client_id: string | null;
  body: string;
  created_at: DefaultTimestamp;
}

export interface CaseAttachmentsTable {
  id: Generated<string>;
  case_id: string;
  uploaded_by: string | null;
  uploader_role: 'member' | 'handler';
  file_name: string;
  stored_name: string;
  mime: 'image/jpeg' | 'image/png' | 'application/pdf';
  size_bytes: number;
  key_enc: Buffer;
  iv: Buffer;
  tag: Buffer;
  created_at: Timestamp;
}

// ---- comms: announcements (0022_comms_announcements) ----
export interface AnnouncementsTable {
  id: Generated<string>;
  org_id: string;
  title: string;
  body_html: string;
  status: Generated<'draft' | 'published' | 'withdrawn'>;
  publish_at: Timestamp | null;
  expires_at: Timestamp | null;
  pinned: Generated<boolean>;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  notified_at: Timestamp | null;
}

export interface AnnouncementReadsTable {
  announcement_id: string;
  user_id: string;
  read_at: DefaultTimestamp;
}

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
}

/** No member, session, IP or time (ELECTIONS.md E3). */
export interface ElectionBallotsTable {
  id: Generated<string>;
  election_id: string;
  tracking_code: string;
  ballot: Json<unknown>;
}

// ---- comms: forums (0023_comms_forums) ----
export interface ForumBoardsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  description: Generated<string>;
  visibility: Generated<'subtree' | 'union'>;
  created_by: string | null;
  created_at: DefaultTimestamp;
}

export interface ForumThreadsTable {
  id: Generated<string>;
  board_id: string;
  title: string;
  author_id: string | null;
  locked: Generated<boolean>;
  hidden: Generated<boolean>;
  created_at: DefaultTimestamp;
  last_post_at: DefaultTimestamp;
}

export interface ForumPostsTable {
  id: Generated<string>;
  thread_id: string;
  author_id: string | null;
  body: string;
  quote_id: string | null;
  hidden: Generated<boolean>;
  created_at: DefaultTimestamp;
}

export interface ForumReportsTable {
  id: Generated<string>;
  post_id: string;
  reporter_id: string | null;
  reason: string;
  status: Generated<'open' | 'resolved'>;
  created_at: DefaultTimestamp;
}

export interface ForumSensitiveWordsTable {
  org_id: string;
  word: string;
  created_at: DefaultTimestamp;
}

// ---- comms: search (0024_comms_search) ----
export interface SearchDocsTable {
  kind: 'announcement' | 'forum_post';
  ref_id: string;
  title: string;
  body: string;
  segmented: string;
  tsv: string;
  updated_at: DefaultTimestamp;
}
