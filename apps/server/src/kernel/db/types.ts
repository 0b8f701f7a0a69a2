/**
 * The database as Kysely sees it. Table interfaces live in tables/<module>.ts; types.test.ts checks
 * them against the schema the migrations create.
 */
import type {
  AuditLogTable,
  AuthThrottleTable,
  DataKeysTable,
  GrantsTable,
  OneTimeTokensTable,
  OrgsTable,
  RecoveryCodesTable,
  RolesTable,
  SessionsTable,
  UsersTable,
} from './tables/kernel.js';
import type {
  MemberConsentsTable,
  MemberEventsTable,
  MemberImportErrorsTable,
  MemberImportsTable,
  MemberSettingsTable,
  MemberTransfersTable,
  MembersTable,
} from './tables/members.js';
import type { CaseEscalationsTable, CaseEventsTable, CaseTypesTable, CasesTable } from './tables/cases.js';
import type {
  CaseAssignmentRulesTable,
  CaseAssignmentTurnsTable,
  CaseMemberCountsStateTable,
  CaseMemberCountsTable,
  CaseRollupDimTable,
  CaseRollupFrTable,
  CaseRollupMonthTable,
  CaseRollupOriginTable,
} from './tables/cases.js';
import type {
  AnnouncementReadsTable,
  AnnouncementsTable,
  CaseAttachmentsTable,
  ChatMembersTable,
  ChatMessagesTable,
  ChatRoomsTable,
  ForumBansTable,
  ForumBoardsTable,
  ForumMentionsTable,
  ForumPostsTable,
  ForumReactionsTable,
  ForumReportsTable,
  ForumSensitiveWordsTable,
  ForumThreadsTable,
  NotificationDeliveriesTable,
  NotificationPrefsTable,
  NotificationsTable,
  SearchDocsTable,
} from './tables/comms.js';
import type {
  AnnouncementFilesTable,
  NotificationBroadcastsTable,
  WsSocketsTable,
} from './tables/comms-fanout.js';
import type {
  ElectionBallotsTable,
  ElectionSharesTable,
  ElectionSupersedesTable,
  ElectionTrusteesTable,
  ElectionVotersTable,
  ElectionVotesCastTable,
  ElectionsTable,
} from './tables/elections.js';
import type {
  DuesExemptionsTable,
  DuesLedgerTable,
  DuesPayrollImportsTable,
  DuesRemindersTable,
  DuesRulesTable,
  DuesScheduleTable,
  DuesWagesTable,
} from './tables/dues.js';
import type {
  MemberCardsTable,
  PaymentOrdersTable,
  PaymentRefundsTable,
  PaymentSandboxKeysTable,
  PaymentSandboxTxnsTable,
} from './tables/payments.js';
import type {
  PollAnswersTable,
  PollAudienceTable,
  PollRespondedTable,
  PollResponsesTable,
  PollsTable,
} from './tables/polls.js';
import type { PrivacyDeletionRequestsTable } from './tables/privacy.js';
import type {
  PrivacyActivitiesTable,
  PrivacyActivityVersionsTable,
  PrivacyOfficerContactsTable,
} from './tables/privacy-register.js';
import type { PrivacyBreachesTable, PrivacyBreachMembersTable } from './tables/privacy-breaches.js';

export type * from './tables/cases.js';
export type * from './tables/common.js';
export type * from './tables/comms.js';
export type * from './tables/comms-fanout.js';
export type * from './tables/elections.js';
export type * from './tables/dues.js';
export type * from './tables/kernel.js';
export type * from './tables/members.js';
export type * from './tables/payments.js';
export type * from './tables/polls.js';
export type * from './tables/privacy.js';
export type * from './tables/privacy-register.js';
export type * from './tables/privacy-breaches.js';

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
  notification_broadcasts: NotificationBroadcastsTable;
  ws_sockets: WsSocketsTable;
  announcement_files: AnnouncementFilesTable;
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
  forum_reactions: ForumReactionsTable;
  forum_mentions: ForumMentionsTable;
  forum_bans: ForumBansTable;
  search_docs: SearchDocsTable;
  case_types: CaseTypesTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_escalations: CaseEscalationsTable;
  case_rollup_month: CaseRollupMonthTable;
  case_rollup_origin: CaseRollupOriginTable;
  case_rollup_fr: CaseRollupFrTable;
  case_rollup_dim: CaseRollupDimTable;
  case_assignment_rules: CaseAssignmentRulesTable;
  case_assignment_turns: CaseAssignmentTurnsTable;
  case_member_counts: CaseMemberCountsTable;
  case_member_counts_state: CaseMemberCountsStateTable;
  case_attachments: CaseAttachmentsTable;
  elections: ElectionsTable;
  election_trustees: ElectionTrusteesTable;
  election_shares: ElectionSharesTable;
  election_voters: ElectionVotersTable;
  election_votes_cast: ElectionVotesCastTable;
  election_ballots: ElectionBallotsTable;
  election_supersedes: ElectionSupersedesTable;
  dues_rules: DuesRulesTable;
  dues_wages: DuesWagesTable;
  dues_exemptions: DuesExemptionsTable;
  dues_schedule: DuesScheduleTable;
  dues_ledger: DuesLedgerTable;
  dues_reminders: DuesRemindersTable;
  dues_payroll_imports: DuesPayrollImportsTable;
  payment_orders: PaymentOrdersTable;
  payment_refunds: PaymentRefundsTable;
  payment_sandbox_keys: PaymentSandboxKeysTable;
  payment_sandbox_txns: PaymentSandboxTxnsTable;
  member_cards: MemberCardsTable;
  polls: PollsTable;
  poll_audience: PollAudienceTable;
  poll_responded: PollRespondedTable;
  poll_responses: PollResponsesTable;
  poll_answers: PollAnswersTable;
  privacy_deletion_requests: PrivacyDeletionRequestsTable;
  privacy_officer_contacts: PrivacyOfficerContactsTable;
  privacy_activities: PrivacyActivitiesTable;
  privacy_activity_versions: PrivacyActivityVersionsTable;
  privacy_breaches: PrivacyBreachesTable;
  privacy_breach_members: PrivacyBreachMembersTable;
}
