/** Transport only: schemas, auth, one service call each. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { IdParams } from '../../kernel/http/schemas.js';
import type { DecryptionShareJson, EncryptedBallot, TrusteePublic } from './elections.crypto.js';
import {
  AcceptNominationBody,
  BoardView,
  CastBody,
  CastResult,
  CreateElectionBody,
  DecryptionBody,
  ElectionView,
  NominationBody,
  TrusteeKeysBody,
  TrusteeElectionList,
  TrusteeSharesBody,
  TrusteeView,
  VoterElectionView,
} from './elections.schemas.js';
import {
  acceptNomination,
  announceElection,
  boardOf,
  castBallot,
  closeElection,
  countingLogOf,
  createElection,
  getElection,
  listElections,
  myElections,
  myTrusteeElections,
  nominate,
  postDecryption,
  postTrusteeKeys,
  postTrusteeShares,
  recordOf,
  trusteeView,
  voterView,
} from './elections.service.js';

const tags = ['elections'];
const Ok = Type.Object({ ok: Type.Boolean(), status: Type.Optional(Type.String()) });
const idOf = (req: { params: unknown }) => (req.params as IdParams).id;

export async function electionsRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  // ---- administration and observation ----
  api.post(
    '/elections',
    { schema: { tags, body: CreateElectionBody, response: { 201: ElectionView } } },
    async (req, reply) => {
      reply.status(201);
      return createElection(deps, actorOf(req), req.body as CreateElectionBody);
    },
  );
  api.get(
    '/elections',
    { schema: { tags, response: { 200: Type.Object({ items: Type.Array(ElectionView) }) } } },
    async (req) => ({ items: await listElections(deps, actorOf(req)) }),
  );
  api.get(
    '/elections/:id',
    { schema: { tags, params: IdParams, response: { 200: ElectionView } } },
    async (req) => getElection(deps, actorOf(req), idOf(req)),
  );
  api.post(
    '/elections/:id/nominations',
    { schema: { tags, params: IdParams, body: NominationBody, response: { 200: ElectionView } } },
    async (req) => nominate(deps, actorOf(req), idOf(req), req.body as typeof NominationBody.static),
  );
  // The nominee's own account (or the administrator for a nominee without one).
  api.post(
    '/elections/:id/nominations/accept',
    { schema: { tags, params: IdParams, body: AcceptNominationBody, response: { 200: Ok } } },
    async (req) =>
      acceptNomination(deps, actorOf(req), idOf(req), req.body as typeof AcceptNominationBody.static),
  );
  api.post(
    '/elections/:id/announce',
    { schema: { tags, params: IdParams, response: { 200: ElectionView } } },
    async (req) => announceElection(deps, actorOf(req), idOf(req)),
  );
  api.post(
    '/elections/:id/close',
    { schema: { tags, params: IdParams, response: { 200: ElectionView } } },
    async (req) => closeElection(deps, actorOf(req), idOf(req)),
  );
  api.get(
    '/elections/:id/board',
    { schema: { tags, params: IdParams, response: { 200: BoardView } } },
    async (req) => boardOf(deps, actorOf(req), idOf(req)),
  );
  api.get(
    '/elections/:id/log',
    {
      schema: {
        tags,
        params: IdParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                seq: Type.Integer(),
                at: Type.String(),
                action: Type.String(),
                details: Type.Any(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await countingLogOf(deps, actorOf(req), idOf(req)) }),
  );
  api.get(
    '/elections/:id/record',
    { schema: { tags, params: IdParams, response: { 200: Type.String() } } },
    async (req, reply) => {
      const text = await recordOf(deps, actorOf(req), idOf(req));
      reply.header('content-disposition', `attachment; filename="election-${idOf(req)}.json"`);
      reply.type('application/json; charset=utf-8');
      return reply.send(text);
    },
  );

  // ---- trustees (scrutineers holding key shares) ----
  api.get(
    '/trustee/elections',
    { schema: { tags, response: { 200: TrusteeElectionList } } },
    async (req) => ({ items: await myTrusteeElections(deps, actorOf(req)) }),
  );
  api.get(
    '/trustee/elections/:id',
    { schema: { tags, params: IdParams, response: { 200: TrusteeView } } },
    async (req) => trusteeView(deps, actorOf(req), idOf(req)),
  );
  api.post(
    '/trustee/elections/:id/keys',
    { schema: { tags, params: IdParams, body: TrusteeKeysBody, response: { 200: Ok } } },
    async (req) => {
      const body = req.body as { public: TrusteePublic; transportKey: string };
      return postTrusteeKeys(deps, actorOf(req), idOf(req), body);
    },
  );
  api.post(
    '/trustee/elections/:id/shares',
    { schema: { tags, params: IdParams, body: TrusteeSharesBody, response: { 200: Ok } } },
    async (req) =>
      postTrusteeShares(deps, actorOf(req), idOf(req), req.body as typeof TrusteeSharesBody.static),
  );
  api.post(
    '/trustee/elections/:id/decryption',
    { schema: { tags, params: IdParams, body: DecryptionBody, response: { 200: Ok } } },
    async (req) =>
      postDecryption(deps, actorOf(req), idOf(req), (req.body as { share: DecryptionShareJson }).share),
  );

  // ---- voters ----
  api.get(
    '/my/elections',
    {
      schema: {
        tags,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                title: Type.String(),
                phase: Type.String(),
                opensAt: Type.String(),
                closesAt: Type.String(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await myElections(deps, actorOf(req)) }),
  );
  api.get(
    '/my/elections/:id',
    { schema: { tags, params: IdParams, response: { 200: VoterElectionView } } },
    async (req) => voterView(deps, actorOf(req), idOf(req)),
  );
  // Request logging is off for casting: no ballot body, and no time next to the voter (E3).
  api.post(
    '/my/elections/:id/ballot',
    { logLevel: 'silent', schema: { tags, params: IdParams, body: CastBody, response: { 200: CastResult } } },
    async (req) => {
      const { ballot, revoteOwner, revoteSecret } = req.body as CastBody;
      return castBallot(deps, actorOf(req), idOf(req), ballot as EncryptedBallot, {
        revoteOwner,
        revoteSecret,
      });
    },
  );
}
