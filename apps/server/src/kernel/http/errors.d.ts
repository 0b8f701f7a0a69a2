/**
 * One error type for the whole server. Codes are stable, translatable (web: `errors.<code>`) and map to
 * one HTTP status each.
 */
declare const STATUS: {
    readonly validation_failed: 400;
    readonly bad_request: 400;
    readonly 'auth.password_policy': 400;
    readonly 'auth.invalid_token': 400;
    readonly 'auth.unauthenticated': 401;
    readonly 'auth.invalid_credentials': 401;
    readonly 'auth.mfa_invalid': 401;
    readonly forbidden: 403;
    readonly 'auth.csrf_failed': 403;
    readonly 'auth.mfa_required': 403;
    readonly 'auth.mfa_enrollment_required': 403;
    readonly 'auth.reauth_required': 403;
    readonly not_found: 404;
    readonly method_not_allowed: 405;
    readonly conflict: 409;
    readonly 'setup.already_done': 409;
    readonly 'org.invalid_parent': 400;
    readonly 'org.invalid_kind': 400;
    readonly 'org.cycle': 400;
    readonly 'org.closed': 409;
    readonly 'org.has_open_children': 409;
    readonly 'org.is_root': 400;
    readonly 'user.username_taken': 409;
    readonly 'grant.exists': 409;
    readonly 'member.invalid_id_number': 400;
    readonly 'member.invalid_phone': 400;
    readonly 'member.invalid_org': 400;
    readonly 'member.duplicate_id_number': 409;
    readonly 'member.invalid_transition': 409;
    readonly 'member.transfer_pending': 409;
    readonly 'member.consent_required': 409;
    readonly 'member.has_account': 409;
    readonly 'import.empty_file': 400;
    readonly 'import.not_finished': 409;
    readonly payload_too_large: 413;
    readonly unsupported_media_type: 415;
    readonly 'auth.rate_limited': 429;
    readonly rate_limited: 429;
    readonly internal: 500;
    readonly overloaded: 503;
    readonly not_ready: 503;
};
export type ErrorCode = keyof typeof STATUS;
export declare const ERROR_CODES: ErrorCode[];
export declare class AppError extends Error {
    readonly code: ErrorCode;
    readonly details?: Record<string, unknown> | undefined;
    readonly status: number;
    constructor(code: ErrorCode, details?: Record<string, unknown> | undefined, message?: string);
}
export declare function statusOf(code: ErrorCode): number;
export declare function messageOf(code: ErrorCode): string;
export {};
