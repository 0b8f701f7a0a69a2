import type { ApiErrorBody } from './types';

/** An error answered by the API (or a network failure, code `network`). */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly requestId: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message || body.code);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.requestId = body.requestId;
    this.details = body.details;
  }

  /** Seconds to wait before retrying, from details or the Retry-After header. */
  get retryAfterSeconds(): number | undefined {
    const v = this.details?.retryAfterSeconds;
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** True when the server asks for the password again before a sensitive change. */
export function isReauthRequired(e: unknown): boolean {
  return isApiError(e) && e.code === 'auth.reauth_required';
}
