/** Health, readiness and Prometheus metrics. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import { ping } from '../db/locks.js';
import type { Deps } from '../deps.js';
import { AppError } from '../http/errors.js';

const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });
const httpDuration = new client.Histogram({
  name: 'unionhall_http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function registerOpsRoutes(api: FastifyInstance, deps: Deps): void {
  api.addHook('onResponse', async (req, reply) => {
    httpDuration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unknown', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  api.get(
    '/health',
    {
      config: { public: true, rateLimit: false },
      schema: { tags: ['ops'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );
  api.get(
    '/ready',
    {
      config: { public: true },
      schema: { tags: ['ops'], response: { 200: Type.Object({ status: Type.Literal('ready') }) } },
    },
    async () => {
      try {
        await ping(deps.db);
      } catch {
        throw new AppError('not_ready');
      }
      return { status: 'ready' as const };
    },
  );
  // Metrics carry no personal data, but are only served to loopback (a scraper or a sidecar).
  api.get(
    '/metrics',
    { config: { public: true }, schema: { tags: ['ops'], response: { 200: Type.String() } } },
    async (req, reply) => {
      if (!LOOPBACK.has(req.ip)) throw new AppError('not_found');
      reply.type(registry.contentType);
      return registry.metrics();
    },
  );
}
