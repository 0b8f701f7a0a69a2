/**
 * One error type for the whole server. Codes are stable, translatable (web: `errors.<code>`) and map to
 * one HTTP status each.
 */
const STATUS = {
  validation_failed: 400,
  bad_request: 400,
  'auth.password_policy': 400,
  'auth.invalid_token': 400,
  'auth.unauthenticated': 401,
  'auth.invalid_credentials': 401,
  'auth.mfa_invalid': 401,
  forbidden: 403,
  'auth.csrf_failed': 403,
  'auth.mfa_required': 403,
  'auth.mfa_enrollment_required': 403,
  'auth.reauth_required': 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  'setup.already_done': 409,
  'org.invalid_parent': 400,
  'org.invalid_kind': 400,
  'org.cycle': 400,
  'org.closed': 409,
  'org.has_open_children': 409,
  'org.is_root': 400,
  'user.username_taken': 409,
  'grant.exists': 409,
  'member.invalid_id_number': 400,
  'member.invalid_phone': 400,
  'member.invalid_org': 400,
  'member.duplicate_id_number': 409,
  'member.invalid_transition': 409,
  'member.transfer_pending': 409,
  'member.consent_required': 409,
  'member.has_account': 409,
  'import.empty_file': 400,
  'import.not_finished': 409,
  'forum.locked': 409,
  'forum.bad_cursor': 400,
  'forum.banned': 403,
  'case.unknown_type': 400,
  'case.invalid_type': 400,
  'case.anonymity_not_allowed': 400,
  'case.invalid_transition': 409,
  'case.reason_required': 400,
  'case.rating_required': 400,
  'case.closed': 409,
  'case.assignment_rule_invalid': 422,
  'election.invalid_state': 409,
  'election.outside_window': 409,
  'election.not_all_voted': 409,
  'election.already_voted': 409,
  'election.revote_code_required': 409,
  'election.revote_code_invalid': 422,
  'election.duplicate_ballot': 409,
  'election.invalid_ballot': 400,
  'election.invalid_definition': 400,
  'election.notice_period': 409,
  'election.invalid_trustee_data': 400,
  'poll.invalid_definition': 400,
  'poll.invalid_times': 400,
  'poll.invalid_state': 409,
  'poll.empty_audience': 409,
  'poll.not_open': 409,
  'poll.already_responded': 409,
  'poll.not_eligible': 403,
  'poll.unknown_question': 400,
  'poll.answer_required': 400,
  'poll.invalid_answer': 400,
  'poll.invalid_choice': 400,
  'poll.choice_count': 400,
  'poll.text_too_long': 400,
  'poll.rating_out_of_range': 400,
  'poll.invalid_ranking': 400,
  'poll.results_not_visible': 403,
  'payment.invalid_signature': 401,
  'payment.invalid_notification': 400,
  'payment.invalid_state': 409,
  'payment.invalid_amount': 400,
  'payment.invalid_period': 400,
  'payment.nothing_owed': 409,
  'payment.unavailable': 409,
  'payment.provider_error': 502,
  'card.revoked': 409,
  'card.not_issued': 409,
  'privacy.request_open': 409,
  'privacy.request_closed': 409,
  'privacy.confirm_mismatch': 400,
  'privacy.unclassified_data': 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  'auth.rate_limited': 429,
  rate_limited: 429,
  internal: 500,
  overloaded: 503,
  not_ready: 503,
  'dues.invalid_amount': 400,
  'dues.invalid_reference': 400,
  'dues.invalid_rule': 400,
  'dues.invalid_period': 400,
  'dues.reference_conflict': 409,
  'dues.payment_not_found': 404,
  'dues.refund_exceeds_payment': 409,
  'dues.already_reversed': 409,
  'dues.rule_exists': 409,
  'dues.no_member_record': 404,
  'dues.unreadable_file': 400,
  'dues.missing_columns': 400,
} as const;

export type ErrorCode = keyof typeof STATUS;

export const ERROR_CODES = Object.keys(STATUS) as ErrorCode[];

/** English fallback messages; the web app translates by code. */
const MESSAGES: Partial<Record<ErrorCode, string>> = {
  validation_failed: 'The request is not valid. Check the highlighted fields and try again.',
  'auth.unauthenticated': 'Please sign in first.',
  'auth.invalid_credentials': 'Wrong username or password. Check them and try again.',
  'auth.mfa_invalid': 'The verification code is wrong or already used. Enter the current code from your app.',
  'auth.csrf_failed': 'Your session token is missing or stale. Reload the page and try again.',
  'auth.mfa_required': 'Enter your verification code to continue.',
  'auth.mfa_enrollment_required': 'Officers must set up two-step verification before continuing.',
  'auth.reauth_required': 'Confirm your password to make this change.',
  'auth.rate_limited': 'Too many attempts. Wait a little and try again.',
  'auth.password_policy': 'Choose a different password: it does not meet the password rules.',
  'auth.invalid_token': 'This link is invalid or has expired. Ask for a new one.',
  not_found: 'Not found.',
  forbidden: 'You do not have permission to do this.',
  payload_too_large: 'The request is too large.',
  unsupported_media_type: 'This content type is not accepted.',
  rate_limited: 'Too many requests. Wait a little and try again.',
  internal: 'Something went wrong on the server. Quote the request id when you report it.',
  overloaded: 'The server is busy. Try again shortly.',
  'setup.already_done': 'Setup has already been completed. Sign in instead.',
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: Record<string, unknown>,
    message?: string,
  ) {
    super(message ?? MESSAGES[code] ?? code);
    this.status = STATUS[code];
  }
}

export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}

export function messageOf(code: ErrorCode): string {
  return MESSAGES[code] ?? code;
}
