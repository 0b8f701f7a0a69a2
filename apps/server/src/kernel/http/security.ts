/** Security headers on every response (errors included), body limits, rate limits and overload shedding. */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../../config.js';
import { AppError } from './errors.js';

export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // antd injects its CSS-in-JS as <style> elements; scripts stay strictly 'self'.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

/**
 * Helmet's headers computed once at start-up (running its middleware per request re-parses the CSP
 * every time) and set on every response in onRequest, so errors carry them too.
 */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  helmet({
    contentSecurityPolicy: { directives: CSP_DIRECTIVES },
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  })({} as never, res as never, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

export async function registerSecurity(app: FastifyInstance, config: Config): Promise<void> {
  const headers = securityHeaders();
  app.addHook('onRequest', async (_req, reply) => {
    reply.headers(headers);
  });
  // API answers may carry personal data: never cache them.
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { connectTimeout: 2000, maxRetriesPerRequest: 1 })
    : undefined;
  if (redis) app.addHook('onClose', async () => void redis.disconnect());
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    ...(redis ? { redis, nameSpace: 'uh-rl:' } : {}),
    keyGenerator: (req) => req.ip,
    errorResponseBuilder: (_req, ctx) =>
      new AppError('rate_limited', { retryAfterSeconds: Math.ceil(ctx.ttl / 1000) }),
  });
}

/**
 * Sheds load before the process falls over: when too many requests are in flight or the event loop
 * lags, answer 503 with Retry-After. Health checks are exempt.
 */
export function registerOverloadGuard(app: FastifyInstance, maxInFlight = 512, maxLoopDelayMs = 1000): void {
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  let inFlight = 0;
  const timer = setInterval(() => loop.reset(), 5000);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    loop.disable();
  });
  // Start-up work (module loading, plugin registration) is not overload.
  app.addHook('onReady', async () => loop.reset());
  app.addHook('onRequest', async (req, reply) => {
    if (req.url === '/api/health') return;
    // The median, not the maximum: one long pause (a GC, the process descheduled on a busy host) must
    // not shed every request until the next reset; sustained lag delays most samples.
    if (inFlight >= maxInFlight || loop.percentile(50) / 1e6 > maxLoopDelayMs) {
      reply.header('retry-after', '5');
      throw new AppError('overloaded', { retryAfterSeconds: 5 });
    }
    inFlight++;
    let done = false;
    const release = () => {
      if (!done) {
        done = true;
        inFlight--;
      }
    };
    reply.raw.once('finish', release);
    reply.raw.once('close', release);
  });
}
