/**
 * The polls module's cases for the route-table sweeps (kernel/http/route-sweep.test.ts, imported by
 * kernel/testing/scope-cases.ts): branch 2's poll answers 404 to officer 1 and member A on every
 * route, manager and member routes alike; officer 1's own polls are the positive controls.
 */
import { describe, expect, it } from 'vitest';
import { createUser } from '../../kernel/testing/fixtures.js';
import { insertMemberRow } from '../../kernel/testing/member-fixtures.js';
import { registerMemberRoutes, registerScopeModule, scopeModules } from '../../kernel/testing/sweeps.js';
import { answers, pollBody } from './polls-fixtures.test.js';

// Member routes: access is being in the poll's frozen audience.
registerMemberRoutes(
  'GET /api/my/polls',
  'GET /api/my/polls/:id',
  'POST /api/my/polls/:id/response',
  'GET /api/my/polls/:id/results',
  'GET /api/my/polls/:id/text-answers',
);

registerScopeModule({
  name: 'polls',
  unscoped: { 'GET /api/my/polls': "the caller's own audience entries" },
  cases: async ({ ctx, tree: t, clients: c }) => {
    // a respondent with an account in each branch, so both polls have an audience
    for (const [name, org] of [
      ['poll_sweep_1', t.b1Sub],
      ['poll_sweep_2', t.b2Sub],
    ] as const) {
      const user = await createUser(ctx, { username: name, org });
      await insertMemberRow(ctx, { user, org, union: t.union });
    }
    const mk = async (client: typeof c.officer1, orgId: string, publish: boolean) => {
      const r = await client.post(
        '/api/polls',
        pollBody(ctx, orgId, { title: `sweep poll ${orgId.slice(0, 4)}` }),
      );
      if (r.statusCode !== 201) throw new Error(`seeding poll: ${r.body}`);
      const id = r.json().id as string;
      if (publish) {
        const p = await client.post(`/api/polls/${id}/publish`);
        if (p.statusCode !== 200) throw new Error(`publishing poll: ${p.body}`);
      }
      return id;
    };
    const foreign = await mk(c.officer2, t.branch2.id, true);
    const own = await mk(c.officer1, t.branch1.id, true);
    const ownDraft = await mk(c.officer1, t.branch1.id, false);
    const ownToPublish = await mk(c.officer1, t.branch1.id, false);
    const ownToDelete = await mk(c.officer1, t.branch1.id, false);
    const ownToClose = await mk(c.officer1, t.branch1.id, true);
    const f = { params: { id: foreign } };
    const o = (id: string) => ({ params: { id } });
    const text = { questionId: 'ideas' };
    return {
      objects: [
        {
          route: 'POST /api/polls',
          foreign: { body: pollBody(ctx, t.branch2.id) },
          own: { body: pollBody(ctx, t.b1Sub.id) },
        },
        { route: 'GET /api/polls/:id', foreign: f, own: o(own) },
        {
          route: 'PATCH /api/polls/:id',
          foreign: { ...f, body: { title: 'x' } },
          own: { ...o(ownDraft), body: { title: 'y' } },
        },
        { route: 'DELETE /api/polls/:id', foreign: f, own: o(ownToDelete) },
        {
          route: 'POST /api/polls/:id/publish',
          foreign: { ...f, body: {} },
          own: { ...o(ownToPublish), body: {} },
        },
        {
          route: 'POST /api/polls/:id/close',
          foreign: { ...f, body: {} },
          own: { ...o(ownToClose), body: {} },
        },
        { route: 'GET /api/polls/:id/results', foreign: f, own: o(own) },
        {
          route: 'GET /api/polls/:id/text-answers',
          foreign: { ...f, query: text },
          own: { ...o(own), query: text },
        },
        { route: 'GET /api/polls/:id/export', foreign: f, own: o(own) },
        { route: 'GET /api/my/polls/:id', foreign: f },
        { route: 'POST /api/my/polls/:id/response', foreign: { ...f, body: answers() } },
        { route: 'GET /api/my/polls/:id/results', foreign: f },
        { route: 'GET /api/my/polls/:id/text-answers', foreign: { ...f, query: text } },
      ],
      lists: [{ route: 'GET /api/polls', hidden: [foreign], visible: [own] }],
    };
  },
});

describe('polls scope cases', () => {
  it('are registered for the route-table sweeps', () => {
    expect(scopeModules().some((m) => m.name === 'polls')).toBe(true);
  });
});
