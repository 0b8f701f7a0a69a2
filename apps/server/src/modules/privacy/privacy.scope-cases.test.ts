/**
 * The privacy module's cases for the route-table sweeps: the export and the deletion request act on the
 * caller's own account only (no id in the path); officer 1 cannot see, execute or decline a request of
 * a member in branch 2. The positive controls use throwaway accounts (an erasure disables the account).
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createUser, loginAs, PASSWORD } from '../../kernel/testing/fixtures.js';
import { registerMemberRoutes, registerScopeModule, scopeModules } from '../../kernel/testing/sweeps.js';
import { makeMember } from '../cases/case-fixtures.test.js';

registerMemberRoutes(
  'GET /api/my/data-export',
  'GET /api/my/deletion-request',
  'POST /api/my/deletion-request',
  'POST /api/my/deletion-request/withdraw',
);

registerScopeModule({
  name: 'privacy',
  unscoped: {
    'GET /api/my/data-export': "the caller's own data only (no id accepted)",
    'GET /api/my/deletion-request': "the caller's own request only",
  },
  cases: async ({ ctx, tree: t }) => {
    const request = async (username: string, org: typeof t.branch1) => {
      const u = await createUser(ctx, { username, org });
      await makeMember(ctx, u, org, t.union);
      const c = await loginAs(ctx, u, '10.8.2.1');
      await c.post('/api/auth/reauth', { password: PASSWORD });
      const r = await c.post('/api/my/deletion-request', { reason: '扫描用申请' });
      if (r.statusCode !== 200) throw new Error(`deletion request: ${r.body}`);
      return r.json().request.id as string;
    };
    const foreign = await request('pv_sweep_b2', t.b2Sub);
    const ownExec = await request('pv_sweep_b1a', t.b1Sub);
    const ownDecline = await request('pv_sweep_b1b', t.b1Sub);
    const memberNo = (
      await sql<{ member_no: string }>`SELECT m.member_no FROM privacy_deletion_requests r
        JOIN members m ON m.id = r.member_id WHERE r.id = ${ownExec}`.execute(ctx.deps.db)
    ).rows[0]!;
    return {
      objects: [
        {
          route: 'POST /api/privacy/deletion-requests/:id/execute',
          foreign: { params: { id: foreign }, body: { confirm: 'x' } },
          own: { params: { id: ownExec }, body: { confirm: memberNo.member_no } },
        },
        {
          route: 'POST /api/privacy/deletion-requests/:id/decline',
          foreign: { params: { id: foreign }, body: { reason: '越权测试' } },
          own: { params: { id: ownDecline }, body: { reason: '扫描：驳回' } },
        },
      ],
      lists: [
        {
          route: 'GET /api/privacy/deletion-requests',
          hidden: [foreign, 'pv_sweep_b2'],
          visible: [ownExec, ownDecline],
        },
      ],
    };
  },
});

describe('privacy scope cases', () => {
  it('are registered', () => {
    expect(scopeModules().some((m) => m.name === 'privacy')).toBe(true);
  });
});
