// The CSRF token lives in memory only; it is refreshed from every response that carries it
// (login, MFA verify, setup, GET /api/me). The readable `__Host-uh_csrf` cookie is a fallback
// for the first request after a reload.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null | undefined): void {
  if (token) csrfToken = token;
}

export function clearCsrfToken(): void {
  csrfToken = null;
}

export function getCsrfToken(): string | null {
  if (csrfToken) return csrfToken;
  const match = document.cookie.split('; ').find((c) => c.startsWith('__Host-uh_csrf='));
  return match ? decodeURIComponent(match.slice('__Host-uh_csrf='.length)) : null;
}
