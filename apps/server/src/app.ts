/** buildApp(deps): kernel plugins, then every module's routes. */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { listenForAuthChanges } from './kernel/auth/auth-cache.js';
import { registerAuthHook } from './kernel/auth/auth-hook.js';
import type { Deps } from './kernel/deps.js';
import { registerRequestDecompression } from './kernel/http/decompress.js';
import { registerErrorHandler, registerNotFound } from './kernel/http/error-handler.js';
import { registerDocs } from './kernel/http/openapi.js';
import { enforceRouteConventions } from './kernel/http/route-conventions.js';
import { registerOverloadGuard, registerSecurity } from './kernel/http/security.js';
import { registerOpsRoutes } from './kernel/ops/ops.routes.js';
import { moduleRoutes } from './modules/index.js';

export const LOG_REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.code',
  '*.recoveryCode',
  '*.phone',
  '*.idNumber',
  '*.email',
  '*.secret',
];

export type BuildOptions = {
  logger?: FastifyServerOptions['logger'] | boolean;
  loggerInstance?: FastifyServerOptions['loggerInstance'];
};

export async function buildApp(deps: Deps, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.loggerInstance
      ? { loggerInstance: opts.loggerInstance }
      : {
          logger: opts.logger ?? {
            level: deps.config.logLevel,
            redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
          },
        }),
    genReqId: () => randomUUID(),
    trustProxy: deps.config.trustProxy,
    bodyLimit: deps.config.bodyLimitBytes,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    forceCloseConnections: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandler(app);
  enforceRouteConventions(app);
  await registerSecurity(app, deps.config);
  registerOverloadGuard(app, deps.config.maxInFlight, deps.config.maxEventLoopLagMs);
  registerRequestDecompression(app);
  await app.register(cookie);
  registerAuthHook(app, deps);
  await registerDocs(app);
  if (deps.authCache.enabled) {
    const stopListening = await listenForAuthChanges(deps.pool, deps.authCache);
    app.addHook('onClose', stopListening);
  }

  await app.register(
    async (api) => {
      registerOpsRoutes(api, deps);
      for (const register of moduleRoutes) await register(api, deps);
    },
    { prefix: '/api' },
  );

  const spa = existsSync(deps.config.webDistDir);
  if (spa)
    await app.register(fastifyStatic, { root: deps.config.webDistDir, wildcard: false, index: 'index.html' });
  registerNotFound(app, spa);
  return app;
}
