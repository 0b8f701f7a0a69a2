/** The cards module's cases for the route-table sweeps: officer 1 cannot revoke branch 2's cards. */
import { describe, expect, it } from 'vitest';
import { loginAs } from '../../kernel/testing/fixtures.js';
import { registerMemberRoutes, registerScopeModule, scopeModules } from '../../kernel/testing/sweeps.js';
import { ensureMember } from '../payments/payment-fixtures.test.js';

registerMemberRoutes('GET /api/my/card', 'POST /api/my/card/revoke');

registerScopeModule({
  name: 'cards',
  unscoped: { 'GET /api/my/card': "the caller's own card" },
  cases: async ({ ctx, tree: t, users: u }) => {
    const a = await ensureMember(ctx, u.subject1, t.b1Sub, t.union);
    const b = await ensureMember(ctx, u.subject2, t.b2Sub, t.union);
    await (await loginAs(ctx, u.subject2, '10.8.1.2')).get('/api/my/card');
    await (await loginAs(ctx, u.subject1, '10.8.1.1')).get('/api/my/card');
    const reason = { reason: '越权测试' };
    return {
      objects: [
        {
          route: 'POST /api/cards/members/:id/revoke',
          foreign: { params: { id: b }, body: reason },
          own: { params: { id: a }, body: reason },
        },
      ],
      lists: [],
    };
  },
});

describe('cards scope cases', () => {
  it('are registered', () => {
    expect(scopeModules().some((m) => m.name === 'cards')).toBe(true);
  });
});
