/**
 * Every column that links a row to a person (an account in `users` or a registry record in `members`),
 * classified in this one place for the PIPL export (art. 45) and deletion (art. 47). The links are read
 * from the schema at runtime (foreign keys) plus the few non-FK links listed in EXTRA_LINKS; a link that
 * is not classified here fails `privacy.classification.test.ts` and refuses an erasure at runtime.
 *
 * export:
 *  - rows:   the rows are exported (encrypted fields decrypted for the member, secrets omitted);
 *  - refs:   the person is named as the officer/actor on someone else's record: only the row ids;
 *  - secret: credentials (session, token, recovery code hashes): "present, not exported" and a count.
 * erase:
 *  - delete:   the rows are deleted;
 *  - scrub:    the row stays (others' records depend on it) but its personal content is replaced;
 *  - retained: kept by law as a record, pseudonymous (the person's name and PII are gone);
 *  - keep:     the person only appears as the actor; the account becomes the "Erased member" placeholder.
 */
export type ExportMode = 'rows' | 'refs' | 'secret';
export type EraseMode = 'delete' | 'scrub' | 'retained' | 'keep';
export type Target = 'users' | 'members';
export type Link = { table: string; column: string; target: Target };
export type Rule = { export: ExportMode; erase: EraseMode; why: string };

/** Person links that are not foreign keys (found by grepping the migrations). */
export const EXTRA_LINKS: Link[] = [
  { table: 'audit_log', column: 'actor_id', target: 'users' },
  { table: 'election_votes_cast', column: 'member_id', target: 'members' },
  { table: 'poll_responded', column: 'member_id', target: 'members' },
];

const actor = (what: string): Rule => ({ export: 'refs', erase: 'keep', why: `acted as ${what}` });
const own = (erase: EraseMode, why: string): Rule => ({ export: 'rows', erase, why });

export const CLASSIFICATION: Record<string, Rule> = {
  // identity and sessions
  'members.user_id': own(
    'scrub',
    'registry record: name placeholder, every PII field and blind index nulled',
  ),
  'members.previous_member_id': actor('earlier record of a transferred member'),
  'sessions.user_id': { export: 'secret', erase: 'delete', why: 'sign-in sessions' },
  'one_time_tokens.user_id': { export: 'secret', erase: 'delete', why: 'reset and setup tokens' },
  'recovery_codes.user_id': { export: 'secret', erase: 'delete', why: 'MFA recovery codes' },
  'ws_sockets.user_id': { export: 'refs', erase: 'delete', why: 'live socket registrations' },
  'grants.user_id': own('delete', 'roles held'),
  'grants.created_by': actor('granting officer'),
  'audit_log.actor_id': own('retained', 'append-only hash chain, never touched'),
  // members
  'member_consents.member_id': own('retained', 'evidence of the lawful basis (PIPL 14): kept unchanged'),
  'member_consents.actor_id': actor('officer attesting a consent'),
  'member_events.member_id': own('retained', 'membership history (join/leave dates) of the union'),
  'member_events.actor_id': actor('officer changing a status'),
  'member_transfers.member_id': own('retained', 'transfer record between unions'),
  'member_transfers.new_member_id': own('retained', 'transfer record between unions'),
  'member_transfers.requested_by': actor('requesting officer'),
  'member_transfers.decided_by': actor('deciding officer'),
  'member_imports.created_by': actor('importing officer'),
  'member_settings.updated_by': actor('officer changing settings'),
  'member_cards.member_id': own('scrub', 'e-member cards: revoked, so every QR token is refused'),
  'member_cards.revoked_by': actor('officer revoking a card'),
  // cases
  'cases.submitter_user_id': own('retained', 'casework record (labour dispute, work injury)'),
  'cases.assignee_id': actor('case handler'),
  'case_events.actor_id': own('keep', 'messages and steps on a case file'),
  'case_attachments.uploaded_by': own('retained', 'part of the case file'),
  'case_types.updated_by': actor('officer editing a case type'),
  'case_assignment_rules.user_id': {
    export: 'refs',
    erase: 'delete',
    why: 'assignment rules naming a handler',
  },
  'case_assignment_rules.created_by': actor('officer writing an assignment rule'),
  'case_assignment_turns.user_id': { export: 'refs', erase: 'delete', why: 'round-robin state' },
  // communication
  'notifications.user_id': own('delete', 'in-app notifications'),
  'notification_deliveries.user_id': own('delete', 'e-mail/SMS deliveries with the address'),
  'notification_prefs.user_id': own('delete', 'notification preferences'),
  'announcement_reads.user_id': own('delete', 'read marks'),
  'announcements.created_by': actor('announcement author (officer)'),
  'announcement_files.uploaded_by': actor('announcement file uploader (officer)'),
  'chat_members.user_id': own('delete', 'chat room memberships'),
  'chat_messages.sender_id': own('delete', 'chat messages written'),
  'chat_rooms.created_by': actor('chat room creator'),
  'forum_posts.author_id': own('scrub', 'body replaced, floor kept so threads keep their numbering'),
  'forum_threads.author_id': own('keep', 'thread kept under the placeholder author'),
  'forum_mentions.user_id': { export: 'refs', erase: 'delete', why: '@mentions of the account' },
  'forum_reactions.user_id': own('delete', 'reactions'),
  'forum_reports.reporter_id': own('keep', 'moderation record'),
  'forum_bans.user_id': own('delete', 'forum bans of the account'),
  'forum_bans.created_by': actor('moderator'),
  'forum_bans.lifted_by': actor('moderator'),
  'forum_boards.created_by': actor('board creator'),
  // dues and payments (financial records: accounting law, 30 years for ledgers)
  'dues_ledger.member_id': own('retained', 'append-only ledger, financial record'),
  'dues_ledger.actor_id': actor('officer booking an entry'),
  'dues_schedule.member_id': own('retained', 'dues due per period, financial record'),
  'dues_exemptions.member_id': own('retained', 'basis of the dues charged'),
  'dues_exemptions.created_by': actor('officer granting an exemption'),
  'dues_wages.member_id': own('delete', 'wage history (the schedule keeps the amounts charged)'),
  'dues_wages.created_by': actor('officer entering wages'),
  'dues_reminders.member_id': own('delete', 'reminders sent'),
  'dues_reminders.sent_by': actor('officer sending a reminder'),
  'dues_rules.created_by': actor('officer writing a dues rule'),
  'dues_payroll_imports.created_by': actor('officer importing payroll'),
  'payment_orders.member_id': own('retained', 'payment record, financial record'),
  'payment_orders.created_by': actor('payer or officer creating an order'),
  'payment_refunds.created_by': actor('officer refunding'),
  // elections and polls
  'election_voters.member_id': own('retained', 'voter roll of a held election'),
  'election_voters.user_id': own('retained', 'voter roll of a held election'),
  'election_votes_cast.member_id': own('retained', 'voted mark (no ballot content, no name)'),
  'election_trustees.user_id': own('retained', 'trustee of a held election'),
  'elections.created_by': actor('election administrator'),
  'poll_audience.member_id': own('retained', 'poll audience (counts of a held poll)'),
  'poll_audience.user_id': own('retained', 'poll audience (counts of a held poll)'),
  'poll_responded.member_id': own('retained', 'responded mark'),
  'poll_responses.member_id': own('scrub', 'named responses: name replaced, answers kept in the results'),
  'polls.created_by': actor('poll author'),
  // this module
  'privacy_deletion_requests.user_id': own('retained', 'evidence the request was handled; reason blanked'),
  'privacy_deletion_requests.member_id': own('retained', 'evidence the request was handled; reason blanked'),
  'privacy_deletion_requests.decided_by': actor('officer deciding a deletion request'),
  'privacy_breach_members.member_id': own(
    'retained',
    'PIPL 57 evidence: which records a breach reached and when the notice went out (no personal content)',
  ),
  'privacy_breach_members.user_id': own(
    'retained',
    'PIPL 57 evidence: the account the breach notice went to',
  ),
  'privacy_breaches.created_by': actor('officer opening a breach incident'),
  'privacy_breaches.computed_by': actor('officer computing the affected members of a breach'),
  'privacy_officer_contacts.updated_by': actor('officer publishing the protection officer contact'),
  'privacy_activities.created_by': actor('officer creating a processing register entry'),
  'privacy_activity_versions.created_by': actor('officer writing a register entry version'),
};

export const keyOf = (l: { table: string; column: string }) => `${l.table}.${l.column}`;

/** Columns never exported (credentials, keyed lookups): "present, not exported". */
export const SECRET_COLUMNS = new Set([
  'users.password_hash',
  'users.mfa_secret_enc',
  'users.mfa_pending_secret_enc',
  'users.mfa_last_step',
  'users.phone_bidx',
  'members.id_number_bidx',
  'members.phone_bidx',
  'members.name_grams',
  'members.name_initials',
  'members.name_pinyin',
  'cases.submitter_bidx',
  'cases.identity_enc',
  'case_attachments.key_enc',
  'case_attachments.iv',
  'case_attachments.tag',
  'case_attachments.stored_name',
  'notification_prefs.unsubscribe_key',
  'sessions.id_hash',
  'one_time_tokens.token_hash',
  'recovery_codes.code_hash',
]);

/** Encrypted columns decrypted for the member (`<name>_enc` with the column label the module uses). */
export const DECRYPT: Record<string, string> = {
  'users.phone_enc': 'users.phone',
  'members.id_number_enc': 'members.id_number',
  'members.phone_enc': 'members.phone',
  'members.address_enc': 'members.address',
  'cases.details_enc': 'cases.details',
  'case_events.body_enc': 'case_events.body',
  'dues_wages.wage_enc': 'dues_wages.wage',
  'notification_deliveries.recipient_enc': 'notification_deliveries.recipient',
  'notification_deliveries.params_enc': 'notification_deliveries.params',
};

export const ERASED_NAME = '已注销会员';
export const ERASED_POST = '（内容已应本人要求删除 / removed at the member’s request）';
