/**
 * The elections module's cases for the route-table sweeps (kernel/http/route-sweep.test.ts, imported
 * by kernel/testing/scope-cases.ts): branch 2's election answers 404 to officer 1 and member A on
 * every route, administration, trustee and voter routes alike.
 */
import { describe, expect, it } from 'vitest';
import { registerMemberRoutes, registerScopeModule, scopeModules } from '../../kernel/testing/sweeps.js';

// Voter and trustee routes: callers need no grant; access is being on the roll or a trustee.
registerMemberRoutes(
  'GET /api/my/elections',
  'GET /api/my/elections/:id',
  'POST /api/my/elections/:id/ballot',
  'GET /api/trustee/elections',
  'POST /api/elections/:id/nominations/accept',
  'GET /api/trustee/elections/:id',
  'POST /api/trustee/elections/:id/keys',
  'POST /api/trustee/elections/:id/shares',
  'POST /api/trustee/elections/:id/decryption',
);

registerScopeModule({
  name: 'elections',
  unscoped: {
    'GET /api/my/elections': "the caller's own voter-roll entries",
    'GET /api/trustee/elections': "the caller's own trustee seats",
  },
  cases: async ({ ctx, tree: t, users: u, clients: c }) => {
    const now = ctx.clock.now().getTime();
    const body = (orgId: string, trustee: string) => ({
      orgId,
      title: `sweep election ${orgId.slice(0, 4)}`,
      profile: 'custom',
      rules: { noticeDays: 0, minCandidateSurplus: 0 },
      opensAt: new Date(now + 3_600_000).toISOString(),
      closesAt: new Date(now + 7_200_000).toISOString(),
      trusteeUserIds: [trustee],
      threshold: 1,
      contests: [
        { id: 'q', kind: 'yes_no', title: 'q' },
        { id: 'c', kind: 'single', title: 'c', candidates: [{ id: 'a', name: 'a' }] },
      ],
    });
    const mk = async (client: typeof c.officer1, orgId: string, trustee: string) => {
      const r = await client.post('/api/elections', body(orgId, trustee));
      if (r.statusCode !== 201) throw new Error(`seeding election: ${r.body}`);
      return r.json().id as string;
    };
    const foreign = await mk(c.officer2, t.branch2.id, u.subject2.id);
    const own = await mk(c.officer1, t.branch1.id, u.subject1.id);
    const f = { params: { id: foreign } };
    const ballot = { ballot: { contests: [], tracking_code: '0'.repeat(64) } };
    return {
      objects: [
        { route: 'GET /api/elections/:id', foreign: f, own: { params: { id: own } } },
        { route: 'POST /api/elections/:id/announce', foreign: { ...f, body: {} } },
        {
          route: 'POST /api/elections/:id/nominations',
          foreign: { ...f, body: { contestId: 'c', candidateId: 'x', name: 'x' } },
        },
        {
          route: 'POST /api/elections/:id/nominations/accept',
          foreign: { ...f, body: { contestId: 'c', candidateId: 'a' } },
        },
        { route: 'POST /api/elections/:id/close', foreign: { ...f, body: {} } },
        { route: 'GET /api/elections/:id/board', foreign: f, own: { params: { id: own } } },
        { route: 'GET /api/elections/:id/record', foreign: f },
        { route: 'GET /api/elections/:id/log', foreign: f, own: { params: { id: own } } },
        { route: 'GET /api/my/elections/:id', foreign: f },
        { route: 'POST /api/my/elections/:id/ballot', foreign: { ...f, body: ballot } },
        { route: 'GET /api/trustee/elections/:id', foreign: f },
        {
          route: 'POST /api/trustee/elections/:id/keys',
          foreign: {
            ...f,
            body: { public: { index: 1, commitments: [], proofs: [] }, transportKey: '0'.repeat(64) },
          },
        },
        { route: 'POST /api/trustee/elections/:id/shares', foreign: { ...f, body: { shares: [] } } },
        {
          route: 'POST /api/trustee/elections/:id/decryption',
          foreign: { ...f, body: { share: { trustee: 1, contests: [] } } },
        },
      ],
      lists: [{ route: 'GET /api/elections', hidden: [foreign], visible: [own] }],
    };
  },
});

describe('elections scope cases', () => {
  it('are registered for the route-table sweeps', () => {
    expect(scopeModules().some((m) => m.name === 'elections')).toBe(true);
  });
});
