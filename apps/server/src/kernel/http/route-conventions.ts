/**
 * Conventions every /api route must follow, checked when the route is registered so a violation fails
 * at start-up (and in every test): a schema, a declared security (public ones explicitly), closed
 * request bodies, and the shared error responses. The registered routes are collected for the sweeps.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { errorResponses } from './schemas.js';

export type RouteInfo = { method: string; url: string; public: boolean; hasBody: boolean; params: string[] };

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteInfo[];
  }
}

function closedObject(schema: unknown): boolean {
  const s = schema as { type?: string; additionalProperties?: unknown; anyOf?: unknown[] } | undefined;
  if (!s) return true;
  if (s.anyOf) return s.anyOf.every(closedObject);
  return s.type !== 'object' || s.additionalProperties === false;
}

export function enforceRouteConventions(app: FastifyInstance): void {
  const table: RouteInfo[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api/')) return;
    if (route.url.startsWith('/api/docs')) {
      route.config = { ...(route.config as object), public: true };
      return;
    }
    if (!route.schema) throw new Error(`Route ${route.method} ${route.url} must declare a schema`);
    const schema = route.schema as Record<string, unknown>;
    const isPublic = (route.config as { public?: boolean } | undefined)?.public === true;
    if (!schema.response && !schema.hide) {
      throw new Error(`Route ${route.method} ${route.url} must declare a response schema`);
    }
    for (const part of ['body', 'querystring', 'params'] as const) {
      if (!closedObject(schema[part])) {
        throw new Error(
          `Route ${route.method} ${route.url}: ${part} schema must set additionalProperties: false`,
        );
      }
    }
    schema.security = isPublic ? [] : [{ sessionCookie: [] }];
    schema.response = { ...errorResponses, ...(schema.response as object) };
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      table.push({
        method,
        url: route.url,
        public: isPublic,
        hasBody: Boolean(schema.body),
        params: [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!),
      });
    }
  });
}
