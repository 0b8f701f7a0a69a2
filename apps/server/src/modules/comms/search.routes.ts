/** Global search (POST, so search terms never appear in URLs or access logs). Transport only. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { search } from './search.service.js';

const Body = Type.Object(
  { q: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
const Reply = Type.Object({
  items: Type.Array(
    Type.Object({
      kind: Type.Union([
        Type.Literal('announcement'),
        Type.Literal('forum_post'),
        Type.Literal('member'),
        Type.Literal('case'),
      ]),
      id: Type.String(),
      title: Type.String(),
      snippet: Type.String(),
      threadId: Type.Optional(Type.String()),
      orgName: Type.Optional(Type.String()),
      status: Type.Optional(Type.String()),
      ref: Type.Optional(Type.String()),
    }),
  ),
});

export async function searchRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  api.post(
    '/search',
    {
      config: { rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: { tags: ['search'], body: Body, response: { 200: Reply } },
    },
    async (req) => search(deps, actorOf(req), (req.body as typeof Body.static).q),
  );
}
