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
import * as m0028comms from './0028_comms_fanout.js';
import * as m0029comms from './0029_comms_announcement_files.js';
import * as m0025comms from './0025_comms_forum_social.js';
import * as m0026comms from './0026_comms_search_officers.js';
import * as m0027comms from './0027_comms_search_scope.js';
import * as m0010cases from './0010_cases.js';
import * as m0011cases from './0011_cases_attachments.js';
import * as m0012cases from './0012_cases_indexes.js';
import * as m0013cases from './0013_cases_department.js';
import * as m0014cases from './0014_cases_rollup.js';
import * as m0015cases from './0015_cases_assignment.js';
import * as m0016cases from './0016_cases_member_counts.js';
import * as m0017cases from './0017_cases_rollup_move.js';
import * as m0030elections from './0030_elections.js';
import * as m0035electionsRevote from './0035_elections_revote.js';
import * as m0036electionsStorage from './0036_elections_ballot_storage.js';
import * as m0037electionsRetention from './0037_elections_retention.js';
import * as m0038casesArchive from './0038_cases_archive_rollups.js';
import * as m0031polls from './0031_polls.js';
import * as m0040dues from './0040_dues.js';
import * as m0045payments from './0045_payments.js';
import * as m0046cards from './0046_cards.js';
import * as m0047comms from './0047_comms_forum_paging_erasure.js';
import * as m0049privacy from './0049_privacy.js';
import * as m0050privacyBreaches from './0050_privacy_breaches.js';
import * as m0051privacyRegister from './0051_privacy_register.js';

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
  '0028_comms_fanout': m0028comms,
  '0029_comms_announcement_files': m0029comms,
  '0025_comms_forum_social': m0025comms,
  '0026_comms_search_officers': m0026comms,
  '0027_comms_search_scope': m0027comms,
  '0010_cases': m0010cases,
  '0011_cases_attachments': m0011cases,
  '0012_cases_indexes': m0012cases,
  '0013_cases_department': m0013cases,
  '0014_cases_rollup': m0014cases,
  '0015_cases_assignment': m0015cases,
  '0016_cases_member_counts': m0016cases,
  '0017_cases_rollup_move': m0017cases,
  '0030_elections': m0030elections,
  '0035_elections_revote': m0035electionsRevote,
  '0036_elections_ballot_storage': m0036electionsStorage,
  '0037_elections_retention': m0037electionsRetention,
  '0038_cases_archive_rollups': m0038casesArchive,
  '0031_polls': m0031polls,
  '0040_dues': m0040dues,
  '0045_payments': m0045payments,
  '0046_cards': m0046cards,
  '0047_comms_forum_paging_erasure': m0047comms,
  '0049_privacy': m0049privacy,
  '0050_privacy_breaches': m0050privacyBreaches,
  '0051_privacy_register': m0051privacyRegister,
};
