import { getCsrfToken, setCsrfToken } from './csrf';
import { ApiError } from './errors';
import type { ApiErrorBody } from './types';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Set false for calls whose 401 is an expected answer (login, /me, re-auth). */
  redirectOn401?: boolean;
  signal?: AbortSignal;
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler = () => {};

/** Registered by the router: sends the user to /login, keeping the intended path in state. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

async function readError(res: Response): Promise<ApiError> {
  let body: ApiErrorBody = { code: res.status >= 500 ? 'internal' : 'http_error', message: res.statusText };
  try {
    const parsed = (await res.json()) as Partial<ApiErrorBody>;
    if (parsed && typeof parsed.code === 'string') body = { ...body, ...parsed } as ApiErrorBody;
  } catch {
    // Non-JSON error (proxy, gateway): keep the generic body.
  }
  const retryAfter = Number(res.headers.get('retry-after'));
  if (res.status === 429 && Number.isFinite(retryAfter) && body.details?.retryAfterSeconds === undefined) {
    body.details = { ...body.details, retryAfterSeconds: retryAfter };
  }
  return new ApiError(res.status, body);
}

async function send(method: Method, path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = getCsrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  try {
    return await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, { code: 'network', message: (e as Error).message });
  }
}

/** Fetches a fresh CSRF token from GET /api/me (the token follows the session). */
async function refreshCsrf(): Promise<boolean> {
  try {
    const res = await fetch('/api/me', { credentials: 'same-origin', cache: 'no-store' });
    if (!res.ok) return false;
    setCsrfToken(((await res.json()) as { csrfToken?: string }).csrfToken);
    return true;
  } catch {
    return false;
  }
}

/**
 * Calls the API under /api with the session cookie and, for non-GET requests, the CSRF header.
 * A stale CSRF token (after a reload or a new session in another tab) is refreshed once.
 * @throws ApiError for any non-2xx answer and for network failures (code `network`).
 */
export async function apiRequest<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
  let res = await send(method, path, opts);
  if (!res.ok) {
    let err = await readError(res);
    if (err.code === 'auth.csrf_failed' && method !== 'GET' && (await refreshCsrf())) {
      res = await send(method, path, opts);
      err = res.ok ? err : await readError(res);
    }
    if (!res.ok) {
      if (res.status === 401 && opts.redirectOn401 !== false && err.code !== 'auth.reauth_required') {
        onUnauthorized();
      }
      throw err;
    }
  }
  if (res.status === 204 || res.status === 202) return undefined as T;
  const text = await res.text();
  const data = (text ? JSON.parse(text) : undefined) as T;
  if (data && typeof data === 'object' && 'csrfToken' in data) {
    setCsrfToken((data as { csrfToken?: string }).csrfToken);
  }
  return data;
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => apiRequest<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) =>
    apiRequest<T>('POST', path, { ...opts, body: body ?? {} }),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) =>
    apiRequest<T>('PATCH', path, { ...opts, body: body ?? {} }),
  delete: <T>(path: string, opts?: RequestOptions) => apiRequest<T>('DELETE', path, opts),
};
