/** Session, CSRF and device cookies: `__Host-` prefix, Secure, Path=/, SameSite. */
import type { FastifyReply } from 'fastify';
import { CSRF_COOKIE, DEVICE_COOKIE, SESSION_COOKIE } from '../../kernel/auth/sessions.js';

const base = { path: '/', secure: true, sameSite: 'lax' as const };

export function setSessionCookies(reply: FastifyReply, sessionToken: string, csrfToken: string): void {
  reply.setCookie(SESSION_COOKIE, sessionToken, { ...base, httpOnly: true });
  // Readable by the SPA so it can echo it in x-csrf-token; useless to another origin.
  reply.setCookie(CSRF_COOKIE, csrfToken, { ...base, httpOnly: false, sameSite: 'strict' });
}

export function setDeviceCookie(reply: FastifyReply, deviceToken: string): void {
  reply.setCookie(DEVICE_COOKIE, deviceToken, { ...base, httpOnly: true, maxAge: 180 * 24 * 3600 });
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, base);
  reply.clearCookie(CSRF_COOKIE, base);
}
