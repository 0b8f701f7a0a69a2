/**
 * Resolves the caller from the session cookie, enforces CSRF on state-changing requests, and refuses
 * anonymous calls to every route not explicitly marked `config: { public: true }`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Deps } from '../deps.js';
import { AppError } from '../http/errors.js';
import type { Actor } from './actor.js';
import { SESSION_COOKIE, csrfMatches, findSession } from './sessions.js';

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

async function resolveActor(deps: Deps, req: FastifyRequest, token: string): Promise<Actor | null> {
  const policy = {
    idleMs: deps.config.sessionIdleMinutes * 60_000,
    absoluteMs: deps.config.sessionAbsoluteHours * 3_600_000,
  };
  const session = await findSession(deps.db, token, deps.clock.now(), policy);
  if (!session) return null;
  const user = await deps.db
    .selectFrom('users as u')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.org_id',
      'u.mfa_enabled',
      'u.status',
      sql<boolean>`EXISTS (SELECT 1 FROM grants g WHERE g.user_id = u.id)`.as('is_officer'),
    ])
    .where('u.id', '=', session.userId)
    .executeTakeFirst();
  if (user?.status !== 'active') return null;
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    orgId: user.org_id,
    sessionIdHash: session.idHash,
    mfaEnabled: user.mfa_enabled,
    mfaPassed: session.mfaPassed,
    isOfficer: user.is_officer,
    reauthAt: session.reauthAt,
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
}

/** The authenticated caller of a non-public route. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('auth.unauthenticated');
  return req.actor;
}
