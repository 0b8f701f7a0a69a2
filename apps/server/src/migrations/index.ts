/** Ordered list of migrations; a static import map so it works from source and from dist alike. */
import type { Migration } from 'kysely';
import * as m0001 from './0001_kernel.js';
import * as m0002members from './0002_members.js';
import * as m0003 from './0003_kernel_auth_notify.js';
import * as m0004 from './0004_kernel_mfa_pending.js';
import * as m0020comms from './0020_comms_notifications.js';
import * as m0021comms from './0021_comms_chat.js';
import * as m0022comms from './0022_comms_announcements.js';
import * as m0023comms from './0023_comms_forums.js';
import * as m0024comms from './0024_comms_search.js';
import * as m0010cases from './0010_cases.js';
import * as m0011cases from './0011_cases_attachments.js';
import * as m0012cases from './0012_cases_indexes.js';
import * as m0030elections from './0030_elections.js';

export const migrations: Record<string, Migration> = {
  '0001_kernel': m0001,
  '0002_members': m0002members,
  '0003_kernel_auth_notify': m0003,
  '0004_kernel_mfa_pending': m0004,
  '0020_comms_notifications': m0020comms,
  '0021_comms_chat': m0021comms,
  '0022_comms_announcements': m0022comms,
  '0023_comms_forums': m0023comms,
  '0024_comms_search': m0024comms,
  '0010_cases': m0010cases,
  '0011_cases_attachments': m0011cases,
  '0012_cases_indexes': m0012cases,
  '0030_elections': m0030elections,
};
