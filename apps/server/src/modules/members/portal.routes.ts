/** Member portal (/my/...) and the public join application (/join/:unionId). Transport only. */
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { applyToJoin, joinInfo } from './apply.service.js';
import type { ConsentPurpose } from './consents.js';
import type { MyProfileBody } from './members.schemas.js';
import { MyProfileBody as MyProfileBodySchema } from './members.schemas.js';
import * as P from './portal.schemas.js';
import {
  getMyConsents,
  getMyHistory,
  getMyProfile,
  setMyConsent,
  updateMyProfile,
} from './portal.service.js';

const tags = ['member portal'];
const joinLimit = { rateLimit: { max: 10, timeWindow: 60_000 } };

export async function portalRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  api.get('/my/profile', { schema: { tags, response: { 200: P.MyProfileReply } } }, async (req) =>
    getMyProfile(deps, actorOf(req)),
  );
  api.patch(
    '/my/profile',
    { schema: { tags, body: MyProfileBodySchema, response: { 200: P.MyProfileUpdateReply } } },
    async (req) => updateMyProfile(deps, actorOf(req), req.body as MyProfileBody),
  );
  api.get('/my/history', { schema: { tags, response: { 200: P.MyHistoryReply } } }, async (req) =>
    getMyHistory(deps, actorOf(req)),
  );
  api.get('/my/consents', { schema: { tags, response: { 200: P.MyConsentsReply } } }, async (req) =>
    getMyConsents(deps, actorOf(req)),
  );
  api.post(
    '/my/consents',
    { schema: { tags, body: P.ConsentBody, response: { 200: P.MyConsentsReply } } },
    async (req) => {
      const b = req.body as typeof P.ConsentBody.static;
      return setMyConsent(deps, actorOf(req), b.purpose as ConsentPurpose, b.granted);
    },
  );
  api.get(
    '/join/:unionId',
    { config: { public: true }, schema: { tags, params: P.UnionParams, response: { 200: P.JoinInfoReply } } },
    async (req) => joinInfo(deps, (req.params as typeof P.UnionParams.static).unionId),
  );
  api.post(
    '/join/:unionId',
    {
      config: { public: true, ...joinLimit },
      schema: { tags, params: P.UnionParams, body: P.JoinBody, response: { 202: P.JoinReply } },
    },
    async (req, reply) => {
      const r = await applyToJoin(
        deps,
        req.actor,
        (req.params as typeof P.UnionParams.static).unionId,
        req.body as typeof P.JoinBody.static,
        req.ip,
      );
      return reply.status(202).send(r);
    },
  );
}
