import type { Generated } from 'kysely';
import type { DefaultTimestamp, Timestamp } from './common.js';

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
  /** 0028: non-urgent mail as a daily or weekly digest. */
  digest: Generated<'off' | 'daily' | 'weekly'>;
  digest_sent_at: Timestamp | null;
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
  /** null for a delivery of a broadcast (0028): the address is read at delivery time. */
  recipient_enc: Buffer | null;
  params_enc: Buffer | null;
  broadcast_id: string | null;
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
  /** 0028: chat groups aimed at (empty: the whole org subtree), fan-out progress. */
  target_room_ids: Generated<string[]>;
  fanout_cursor: string | null;
  fanout_lease_until: Timestamp | null;
  fanout_done_at: Timestamp | null;
}

export interface AnnouncementReadsTable {
  announcement_id: string;
  user_id: string;
  read_at: DefaultTimestamp;
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
  /** 0025: pinned threads come first in the board. */
  pinned: Generated<boolean>;
  /** 0047: number of posts (hidden ones included); the next reply takes post_count + 1. */
  post_count: Generated<number>;
}

export interface ForumPostsTable {
  id: Generated<string>;
  thread_id: string;
  author_id: string | null;
  body: string;
  quote_id: string | null;
  hidden: Generated<boolean>;
  created_at: DefaultTimestamp;
  /** 0047: floor number in the thread (1 = opening post), no gaps. */
  post_no: number;
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
  /** 0027, forum posts only: the board, the thread, and whether the post or its thread is hidden. */
  board_id: string | null;
  thread_id: string | null;
  hidden: Generated<boolean>;
}

// ---- comms: forum reactions, mentions, bans (0025_comms_forum_social) ----
export interface ForumReactionsTable {
  post_id: string;
  user_id: string;
  kind: 'like' | 'thanks' | 'support' | 'question';
  created_at: DefaultTimestamp;
}

export interface ForumMentionsTable {
  post_id: string;
  user_id: string;
}

export interface ForumBansTable {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  reason: string;
  until: Timestamp;
  created_by: string | null;
  created_at: DefaultTimestamp;
  lifted_at: Timestamp | null;
  lifted_by: string | null;
}
