/** Transport only: member portal, finance officers, the providers' notify endpoint and the sandbox. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { IdParams } from '../../kernel/http/schemas.js';
import { queryOrderNow, refundOrder } from './officer.service.js';
import { createMyOrder, getMyOrder, getOrder, listMyOrders, listOrders } from './orders.service.js';
import * as S from './payments.schemas.js';
import { sandboxProvider } from './providers.js';
import { myReceipt, officerReceipt } from './receipt.service.js';
import { handleNotification } from './settle.service.js';

const tags = ['payments'];

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^A-Za-z0-9._-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function sendPdf(reply: FastifyReply, r: { fileName: string; data: Buffer }) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', contentDisposition(r.fileName))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(r.data);
}

export async function paymentsRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  // ---- member portal ----
  api.post(
    '/my/payments/orders',
    { schema: { tags, body: S.CreateOrderBody, response: { 201: S.OrderView } } },
    async (req, reply) => {
      reply.status(201);
      return createMyOrder(deps, actorOf(req), req.body as S.CreateOrderBody);
    },
  );
  api.get('/my/payments/orders', { schema: { tags, response: { 200: S.MyOrdersReply } } }, async (req) =>
    listMyOrders(deps, actorOf(req)),
  );
  api.get(
    '/my/payments/orders/:id',
    { schema: { tags, params: IdParams, response: { 200: S.OrderView } } },
    async (req) => getMyOrder(deps, actorOf(req), (req.params as IdParams).id),
  );
  api.get(
    '/my/payments/orders/:id/receipt',
    { schema: { tags, params: IdParams, response: { 200: S.FileReply } } },
    async (req, reply) => sendPdf(reply, await myReceipt(deps, actorOf(req), (req.params as IdParams).id)),
  );

  // ---- finance officers ----
  api.get(
    '/payments/orders',
    { schema: { tags, querystring: S.OrdersQuery, response: { 200: S.OrdersPage } } },
    async (req) => listOrders(deps, actorOf(req), req.query as S.OrdersQuery),
  );
  api.get(
    '/payments/orders/:id',
    { schema: { tags, params: IdParams, response: { 200: S.OrderView } } },
    async (req) => getOrder(deps, actorOf(req), (req.params as IdParams).id),
  );
  api.get(
    '/payments/orders/:id/receipt',
    { schema: { tags, params: IdParams, response: { 200: S.FileReply } } },
    async (req, reply) =>
      sendPdf(reply, await officerReceipt(deps, actorOf(req), (req.params as IdParams).id)),
  );
  api.post(
    '/payments/orders/:id/refund',
    { schema: { tags, params: IdParams, body: S.RefundBody, response: { 200: S.OrderView } } },
    async (req) => refundOrder(deps, actorOf(req), (req.params as IdParams).id, req.body as S.RefundBody),
  );
  api.post(
    '/payments/orders/:id/query',
    { schema: { tags, params: IdParams, response: { 200: S.QueryReply } } },
    async (req) => queryOrderNow(deps, actorOf(req), (req.params as IdParams).id),
  );

  // ---- the platforms' asynchronous notifications: the raw body is needed for the signature ----
  await api.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    // Alipay notifies form-encoded and expects the plain text `success`.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => done(null, body),
    );
    const notifyConfig = { public: true, skipCsrf: true, rateLimit: { max: 600, timeWindow: 60_000 } };
    for (const provider of deps.config.paymentProviders) {
      const alipay = provider === 'alipay';
      scope.post(
        `/payments/notify/${provider}`,
        {
          config: notifyConfig,
          schema: { tags, response: { 200: alipay ? S.NotifyText : S.NotifyReply } },
        },
        async (req, reply) => {
          const body = typeof req.body === 'string' ? req.body : '';
          await handleNotification(deps, provider, { headers: req.headers, body }, req.ip);
          if (alipay) return reply.type('text/plain; charset=utf-8').send('success');
          return { code: 'SUCCESS', message: '成功' };
        },
      );
    }
  });

  // ---- the sandbox platform (development and tests only; refused in production by config.ts) ----
  if (!deps.config.paymentProviders.includes('sandbox')) return;
  const sandboxLimit = { rateLimit: { max: 60, timeWindow: 60_000 } };
  api.get(
    '/payments/sandbox/:prepayId',
    {
      config: { public: true, ...sandboxLimit },
      schema: { tags: ['payments sandbox'], params: S.SandboxParams, response: { 200: S.SandboxOrder } },
    },
    async (req) => sandboxProvider(deps).describe((req.params as S.SandboxParams).prepayId),
  );
  api.post(
    '/payments/sandbox/:prepayId/pay',
    {
      config: { public: true, ...sandboxLimit },
      schema: {
        tags: ['payments sandbox'],
        params: S.SandboxParams,
        body: S.SandboxPayBody,
        response: { 200: S.SandboxPayReply },
      },
    },
    async (req) => {
      const body = req.body as { totalFen?: number };
      const n = await sandboxProvider(deps).pay((req.params as S.SandboxParams).prepayId, body.totalFen);
      // The platform POSTs its signed notification to the merchant's notify URL (this server).
      const res = await api.inject({
        method: 'POST',
        url: new URL(n.notifyUrl).pathname,
        headers: n.headers,
        payload: n.body,
      });
      return { tradeState: 'SUCCESS', notifyStatus: res.statusCode };
    },
  );
}
