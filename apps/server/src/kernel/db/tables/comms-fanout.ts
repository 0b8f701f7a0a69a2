import type { Generated } from 'kysely';
import type { DefaultTimestamp, Timestamp } from './common.js';

// ---- comms: set-based fan-out and the socket registry (0028_comms_fanout) ----
export interface NotificationBroadcastsTable {
  id: Generated<string>;
  template: string;
  params_enc: Buffer;
  created_at: DefaultTimestamp;
}

export interface WsSocketsTable {
  id: string;
  user_id: string;
  process_id: string;
  expires_at: Timestamp;
  created_at: DefaultTimestamp;
}

// ---- comms: announcement files (0029_comms_announcement_files) ----
export interface AnnouncementFilesTable {
  id: Generated<string>;
  announcement_id: string;
  uploaded_by: string | null;
  file_name: string;
  stored_name: string;
  mime: 'image/jpeg' | 'image/png' | 'application/pdf';
  size_bytes: number;
  key_enc: Buffer;
  iv: Buffer;
  tag: Buffer;
  created_at: Timestamp;
}
