/**
 * Transport only: the register of processing activities and the protection officer's contact
 * (officers with security.admin), the public contact pages, and the member's own union's contact.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { IdParams } from '../../kernel/http/schemas.js';
import {
  clearContact,
  getContact,
  myContact,
  publicContact,
  publicRootContacts,
  setContact,
} from './contact.service.js';
import * as S from './register.schemas.js';
import {
  adoptBuiltin,
  createEntry,
  exportRegister,
  getEntry,
  getRegister,
  listBuiltins,
  listUnions,
  reviewEntry,
  updateEntry,
} from './register.service.js';

const tags = ['privacy'];
const noStore = { 'cache-control': 'no-store' };
/** Public reads: the same limit as the card verification route. */
const publicLimit = { public: true, rateLimit: { max: 30, timeWindow: 60_000 } };
const FileReply = { 200: Type.String({ description: 'file download (attachment)' }) };

export async function privacyRegisterRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  // --- public -------------------------------------------------------------------------------------
  api.get(
    '/privacy-contact',
    { config: publicLimit, schema: { tags, response: { 200: S.PublicContactsReply } } },
    async () => publicRootContacts(deps),
  );
  api.get(
    '/privacy-contact/:unionId',
    { config: publicLimit, schema: { tags, params: S.UnionParams, response: { 200: S.PublicContactReply } } },
    async (req) => publicContact(deps, (req.params as S.UnionParams).unionId),
  );
  // --- the member's own union -------------------------------------------------------------------------
  api.get('/my/privacy-contact', { schema: { tags, response: { 200: S.PublicContactReply } } }, async (req) =>
    myContact(deps, actorOf(req)),
  );
  // --- officers -----------------------------------------------------------------------------------
  api.get('/privacy/unions', { schema: { tags, response: { 200: S.UnionsReply } } }, async (req) =>
    listUnions(deps, actorOf(req)),
  );
  api.get(
    '/privacy/unions/:unionId/contact',
    { schema: { tags, params: S.UnionParams, response: { 200: S.OfficerContactReply } } },
    async (req) => getContact(deps, actorOf(req), (req.params as S.UnionParams).unionId),
  );
  api.put(
    '/privacy/unions/:unionId/contact',
    {
      schema: { tags, params: S.UnionParams, body: S.ContactBody, response: { 200: S.OfficerContactReply } },
    },
    async (req) =>
      setContact(deps, actorOf(req), (req.params as S.UnionParams).unionId, req.body as S.ContactBody),
  );
  api.delete(
    '/privacy/unions/:unionId/contact',
    { schema: { tags, params: S.UnionParams, response: { 200: S.OfficerContactReply } } },
    async (req) => clearContact(deps, actorOf(req), (req.params as S.UnionParams).unionId),
  );
  api.get(
    '/privacy/unions/:unionId/register',
    { schema: { tags, params: S.UnionParams, response: { 200: S.RegisterReply } } },
    async (req, reply) => {
      reply.headers(noStore);
      return getRegister(deps, actorOf(req), (req.params as S.UnionParams).unionId);
    },
  );
  api.post(
    '/privacy/unions/:unionId/register',
    { schema: { tags, params: S.UnionParams, body: S.CreateBody, response: { 201: S.EntryReply } } },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await createEntry(
            deps,
            actorOf(req),
            (req.params as S.UnionParams).unionId,
            req.body as S.CreateBody,
          ),
        ),
  );
  api.get(
    '/privacy/unions/:unionId/register/builtins',
    { schema: { tags, params: S.UnionParams, querystring: S.LangQuery, response: { 200: S.BuiltinsReply } } },
    async (req) =>
      listBuiltins(
        deps,
        actorOf(req),
        (req.params as S.UnionParams).unionId,
        (req.query as { lang?: S.Lang }).lang,
      ),
  );
  api.post(
    '/privacy/unions/:unionId/register/adopt',
    { schema: { tags, params: S.UnionParams, body: S.AdoptBody, response: { 201: S.EntryReply } } },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await adoptBuiltin(
            deps,
            actorOf(req),
            (req.params as S.UnionParams).unionId,
            req.body as S.AdoptBody,
          ),
        ),
  );
  api.get(
    '/privacy/unions/:unionId/register/export',
    { schema: { tags, params: S.UnionParams, querystring: S.ExportQuery, response: FileReply } },
    async (req, reply) => {
      const f = await exportRegister(
        deps,
        actorOf(req),
        (req.params as S.UnionParams).unionId,
        req.query as S.ExportQuery,
      );
      return reply
        .headers(noStore)
        .header('content-type', f.contentType)
        .header('content-disposition', `attachment; filename="${f.fileName}"`)
        .send(f.body);
    },
  );
  api.get(
    '/privacy/register/:id',
    { schema: { tags, params: IdParams, response: { 200: S.EntryReply } } },
    async (req, reply) => {
      reply.headers(noStore);
      return getEntry(deps, actorOf(req), (req.params as IdParams).id);
    },
  );
  api.put(
    '/privacy/register/:id',
    { schema: { tags, params: IdParams, body: S.UpdateBody, response: { 200: S.EntryReply } } },
    async (req) => updateEntry(deps, actorOf(req), (req.params as IdParams).id, req.body as S.UpdateBody),
  );
  api.post(
    '/privacy/register/:id/review',
    { schema: { tags, params: IdParams, body: S.ReviewBody, response: { 200: S.EntryReply } } },
    async (req) => reviewEntry(deps, actorOf(req), (req.params as IdParams).id, req.body as S.ReviewBody),
  );
}
