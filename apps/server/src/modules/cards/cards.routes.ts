/** Transport only: the member's card, officer revocation and the public verification endpoint. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { IdParams } from '../../kernel/http/schemas.js';
import { myCard, revokeMemberCard, revokeMyCard, verifyCardToken } from './cards.service.js';

const tags = ['member card'];

const CardReply = Type.Object({
  name: Type.String(),
  memberNo: Type.String(),
  unionName: Type.String(),
  validUntil: Type.String(),
  issuedAt: Type.String(),
  token: Type.String(),
  tokenExpiresAt: Type.String(),
  verifyUrl: Type.String(),
});
const Revoked = Type.Object({ revoked: Type.Boolean() });
const RevokeBody = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 200 }) },
  { additionalProperties: false },
);
const VerifyBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 600 }) },
  { additionalProperties: false },
);
const VerifyReply = Type.Object(
  {
    status: Type.Union([
      Type.Literal('valid'),
      Type.Literal('expired'),
      Type.Literal('revoked'),
      Type.Literal('invalid'),
    ]),
    maskedName: Type.Optional(Type.String()),
    unionName: Type.Optional(Type.String()),
    validUntil: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export async function cardsRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  api.get('/my/card', { schema: { tags, response: { 200: CardReply } } }, async (req) =>
    myCard(deps, actorOf(req)),
  );
  api.post('/my/card/revoke', { schema: { tags, response: { 200: Revoked } } }, async (req) =>
    revokeMyCard(deps, actorOf(req)),
  );
  api.post(
    '/cards/members/:id/revoke',
    { schema: { tags, params: IdParams, body: RevokeBody, response: { 200: Revoked } } },
    async (req) =>
      revokeMemberCard(
        deps,
        actorOf(req),
        (req.params as IdParams).id,
        (req.body as typeof RevokeBody.static).reason,
      ),
  );
  api.post(
    '/cards/verify',
    {
      config: { public: true, rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: { tags, body: VerifyBody, response: { 200: VerifyReply } },
    },
    async (req) => verifyCardToken(deps, (req.body as typeof VerifyBody.static).token),
  );
}
