/**
 * One error shape for every failure: `{code, message, requestId, details?}`. 5xx bodies carry only
 * the request id; the cause goes to the log.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, type ErrorCode, messageOf, statusOf } from './errors.js';

type Mapped = { status: number; code: ErrorCode; details?: Record<string, unknown> };

function mapFrameworkError(err: FastifyError): Mapped {
  if (err.validation) {
    return {
      status: 400,
      code: 'validation_failed',
      details: {
        context: err.validationContext,
        errors: err.validation.map((v) => ({
          path: v.instancePath || (v.params as { missingProperty?: string })?.missingProperty || '',
          rule: v.keyword,
          message: v.message,
        })),
      },
    };
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return { status: 413, code: 'payload_too_large' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 415, code: 'unsupported_media_type' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'bad_request', details: { reason: 'invalid_json' } };
    // PostgreSQL refuses NUL characters in text and jsonb: bad input, not a server fault.
    case '22021': // character_not_in_repertoire
    case '22P05': // untranslatable_character
      return { status: 400, code: 'bad_request', details: { reason: 'invalid_characters' } };
    // PostgreSQL gave up on a transaction that raced another one: nothing was written, retry it.
    case '40P01': // deadlock_detected
    case '40001': // serialization_failure
      return { status: 503, code: 'overloaded', details: { retryAfterSeconds: 1 } };
  }
  if (err.statusCode === 429) return { status: 429, code: 'rate_limited' };
  if (err.statusCode === 413) return { status: 413, code: 'payload_too_large' };
  if (err.statusCode === 415) return { status: 415, code: 'unsupported_media_type' };
  if (err instanceof SyntaxError || err.statusCode === 400) return { status: 400, code: 'bad_request' };
  return { status: 500, code: 'internal' };
}

/**
 * Unknown paths: a JSON 404 under /api; with `spa`, browser navigations elsewhere get index.html so
 * client-side routes work on reload.
 */
export function registerNotFound(app: FastifyInstance, spa: boolean): void {
  app.setNotFoundHandler((req, reply) => {
    if (
      spa &&
      req.method === 'GET' &&
      !req.url.startsWith('/api/') &&
      req.headers.accept?.includes('text/html')
    ) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send({ code: 'not_found', message: messageOf('not_found'), requestId: req.id });
  });
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const mapped: Mapped =
      err instanceof AppError
        ? { status: err.status, code: err.code, details: err.details }
        : mapFrameworkError(err);
    if (mapped.status >= 500) {
      req.log.error({ err }, 'request failed');
      if (typeof mapped.details?.retryAfterSeconds === 'number')
        reply.header('retry-after', String(mapped.details.retryAfterSeconds));
      return reply
        .status(mapped.status)
        .send({ code: mapped.code, message: messageOf(mapped.code), requestId: req.id });
    }
    const retryAfter = mapped.details?.retryAfterSeconds;
    if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
    return reply.status(mapped.status).send({
      code: mapped.code,
      message: err instanceof AppError ? err.message : messageOf(mapped.code),
      requestId: req.id,
      ...(mapped.details ? { details: mapped.details } : {}),
    });
  });
}

export { statusOf };
