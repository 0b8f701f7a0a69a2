/**
 * Resolves the caller from the session cookie, enforces CSRF on state-changing requests, and refuses
 * anonymous calls to every route not explicitly marked `config: { public: true }`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../deps.js';
import { AppError } from '../http/errors.js';
import type { Actor } from './actor.js';
import {
  SESSION_COOKIE,
  csrfMatches,
  hashToken,
  loadSessionWithUser,
  revokeSession,
  sessionLive,
  touchSession,
} from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    public?: boolean;
    /** Skip the CSRF check (only for endpoints that carry their own proof, such as signed webhooks). */
    skipCsrf?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the session, from the in-process cache when possible. A cached entry that looks expired is
 * re-read before the session is declared dead, since another process may have moved its idle clock.
 */
async function resolveActor(deps: Deps, req: FastifyRequest, token: string): Promise<Actor | null> {
  const now = deps.clock.now();
  const policy = {
    idleMs: deps.config.sessionIdleMinutes * 60_000,
    absoluteMs: deps.config.sessionAbsoluteHours * 3_600_000,
  };
  const idHash = hashToken(token);
  let s = deps.authCache.getSession(idHash);
  if (s && !sessionLive(s, now, policy)) s = undefined;
  if (!s) {
    const loaded = await loadSessionWithUser(deps.db, idHash);
    if (!loaded) return null;
    if (!sessionLive(loaded, now, policy)) {
      await revokeSession(deps.db, idHash);
      deps.authCache.evictSession(idHash);
      return null;
    }
    s = loaded;
    deps.authCache.setSession(s);
  }
  if (s.status !== 'active') return null;
  if (now.getTime() - s.lastSeenAt.getTime() > 60_000) {
    await touchSession(deps.db, idHash, now);
    s.lastSeenAt = now;
  }
  return {
    userId: s.userId,
    username: s.username,
    displayName: s.displayName,
    orgId: s.orgId,
    sessionIdHash: idHash,
    mfaEnabled: s.mfaEnabled,
    mfaPassed: s.mfaPassed,
    isOfficer: s.isOfficer,
    reauthAt: s.reauthAt,
    ip: req.ip,
  };
}

function originAllowed(deps: Deps, req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined)
    return origin === deps.config.publicOrigin || origin === `http://${req.headers.host}`;
  return req.headers['sec-fetch-site'] !== 'cross-site';
}

export function registerAuthHook(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const cfg = req.routeOptions.config;
    const token = req.cookies[SESSION_COOKIE];
    if (token && token.length <= 100) {
      req.actor = await resolveActor(deps, req, token);
      if (req.actor) req.sessionToken = token;
    }
    if (!SAFE_METHODS.has(req.method) && !cfg.skipCsrf) {
      if (!originAllowed(deps, req)) throw new AppError('auth.csrf_failed');
      if (
        req.sessionToken &&
        !csrfMatches(req.sessionToken, req.headers['x-csrf-token'] as string | undefined)
      ) {
        throw new AppError('auth.csrf_failed');
      }
    }
    if (!cfg.public && !req.actor) throw new AppError('auth.unauthenticated');
  });
  // Any state change by a signed-in caller may concern their own session or account: drop the cached
  // view before the answer leaves, so the caller's next request sees the new state.
  app.addHook('onSend', async (req) => {
    if (req.actor && !SAFE_METHODS.has(req.method)) deps.authCache.evictUser(req.actor.userId);
  });
}

/** The authenticated caller of a non-public route. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('auth.unauthenticated');
  return req.actor;
}
