/**
 * Object-scope cases of the foundation modules (orgs, identity, audit-log). A new module adds its own
 * registerScopeModule() call here (or in a file imported from here) for every route that takes an
 * object id and every list it serves; route-sweep.test.ts fails until it does.
 */
import { identityRepoForSeeding } from '../../modules/identity/index.js';
import { PASSWORD } from './fixtures.js';
import { registerScopeModule } from './sweeps.js';
import '../../modules/members/members.scope-cases.test.js';
import '../../modules/comms/comms.scope-cases.test.js';
import '../../modules/cases/cases.scope-cases.test.js';
import '../../modules/elections/elections.scope-cases.test.js';
import '../../modules/dues/dues.scope-cases.test.js';
import '../../modules/payments/payments.scope-cases.test.js';
import '../../modules/cards/cards.scope-cases.test.js';
import '../../modules/polls/polls.scope-cases.test.js';
import '../../modules/privacy/privacy.scope-cases.test.js';
import '../../modules/privacy/register.scope-cases.test.js';
import '../../modules/privacy/breach.scope-cases.test.js';

registerScopeModule({
  name: 'orgs',
  cases: async ({ tree: t }) => ({
    objects: [
      {
        route: 'POST /api/orgs',
        foreign: { body: { parentId: t.b2Sub.id, name: '越权小组', kind: 'group' } },
        own: { body: { parentId: t.b1Sub.id, name: '新小组', kind: 'group' } },
      },
      {
        route: 'PATCH /api/orgs/:id',
        foreign: { params: { id: t.b2Group.id }, body: { name: '越权' } },
        own: { params: { id: t.b1Group.id }, body: { name: '一车间小组（改）' } },
      },
      {
        route: 'POST /api/orgs/:id/move',
        foreign: { params: { id: t.b2Group.id }, body: { parentId: t.b1Sub.id } },
        own: { params: { id: t.b1Group.id }, body: { parentId: t.b1Sub.id } },
      },
      // Own node under a foreign parent: the new parent must be in scope too.
      {
        route: 'POST /api/orgs/:id/move',
        foreign: { params: { id: t.b1Group.id }, body: { parentId: t.b2Sub.id } },
      },
      {
        route: 'POST /api/orgs/:id/close',
        foreign: { params: { id: t.b2Group.id }, body: { reason: 'sweep' } },
        own: { params: { id: t.b1Group.id }, body: { reason: 'sweep' } },
      },
    ],
    lists: [
      {
        route: 'GET /api/orgs',
        hidden: [t.branch2.id, t.b2Sub.id, t.b2Group.id, t.branch2.name],
        visible: [t.branch1.id, t.b1Sub.id],
      },
    ],
  }),
});

registerScopeModule({
  name: 'identity',
  unscoped: {
    'GET /api/me': "the caller's own account",
    'GET /api/roles': 'the role catalogue holds no org or member data',
  },
  cases: async ({ ctx, tree: t, users: u }) => {
    const repo = identityRepoForSeeding(ctx.deps.db);
    const ownGrant = await repo.insertGrant({
      user_id: u.subject1.id,
      role_key: 'group_leader',
      org_id: t.b1Sub.id,
      created_by: null,
    });
    const foreignGrant = await repo.insertGrant({
      user_id: u.subject2.id,
      role_key: 'group_leader',
      org_id: t.b2Sub.id,
      created_by: null,
    });
    const newUser = (username: string, orgId: string) => ({
      username,
      displayName: username,
      orgId,
      password: PASSWORD,
    });
    return {
      objects: [
        {
          route: 'GET /api/users/:id',
          foreign: { params: { id: u.memberB.id } },
          own: { params: { id: u.subject1.id } },
        },
        {
          route: 'POST /api/users/:id/disable',
          foreign: { params: { id: u.memberB.id }, body: { reason: 'sweep test' } },
          own: { params: { id: u.subject1.id }, body: { reason: 'sweep test' } },
        },
        {
          route: 'POST /api/users/:id/enable',
          foreign: { params: { id: u.subject2.id }, body: { reason: 'sweep test' } },
          own: { params: { id: u.subject1.id }, body: { reason: 'sweep test' } },
        },
        {
          route: 'POST /api/users/:id/reveal',
          foreign: { params: { id: u.memberB.id }, body: { reason: 'sweep test' } },
          own: { params: { id: u.subject1.id }, body: { reason: 'sweep test' } },
        },
        {
          route: 'POST /api/users',
          foreign: { body: newUser('sweep_foreign', t.branch2.id) },
          own: { body: newUser('sweep_own', t.b1Sub.id) },
        },
        {
          route: 'DELETE /api/grants/:id',
          foreign: { params: { id: foreignGrant!.id } },
          own: { params: { id: ownGrant!.id } },
        },
        {
          route: 'POST /api/grants',
          foreign: { body: { userId: u.memberB.id, roleKey: 'case_handler', orgId: t.b2Sub.id } },
          own: { body: { userId: u.subject1.id, roleKey: 'case_handler', orgId: t.b1Sub.id } },
        },
        // A foreign member on an own node, and an own member on a foreign node.
        {
          route: 'POST /api/grants',
          foreign: { body: { userId: u.memberB.id, roleKey: 'case_handler', orgId: t.b1Sub.id } },
        },
        {
          route: 'POST /api/grants',
          foreign: { body: { userId: u.subject1.id, roleKey: 'case_handler', orgId: t.b2Sub.id } },
        },
      ],
      lists: [
        {
          route: 'GET /api/users',
          hidden: [u.memberB.id, u.subject2.id, u.officer2.id],
          visible: [u.memberA.id, u.subject1.id],
        },
        {
          route: 'GET /api/users',
          query: { orgId: t.branch2.id },
          hidden: [u.memberB.id, u.subject2.id],
          total: 0,
        },
        { route: 'GET /api/users', query: { q: 'member_b' }, hidden: [u.memberB.id], total: 0 },
        {
          route: 'GET /api/users',
          query: { q: 'subject' },
          hidden: [u.subject2.id],
          visible: [u.subject1.id],
          total: 1,
        },
      ],
    };
  },
});

registerScopeModule({
  name: 'audit-log',
  cases: async ({ tree: t, users: u, clients: c }) => {
    // Activity on both sides, so the audit lists have something to leak.
    const b2 = await c.officer2.patch(`/api/orgs/${t.b2Sub.id}`, { name: 'B2-hidden-rename' });
    const b1 = await c.officer1.patch(`/api/orgs/${t.b1Sub.id}`, { name: 'B1-visible-rename' });
    if (b1.statusCode !== 200 || b2.statusCode !== 200)
      throw new Error(`audit seed failed: ${b1.body} ${b2.body}`);
    const hidden = [t.branch2.id, t.b2Sub.id, t.b2Group.id, 'B2-hidden-rename', u.officer2.id];
    return {
      objects: [],
      lists: [
        // a full page: other modules' positive controls add officer 1's entries after this one
        { route: 'GET /api/audit', query: { pageSize: '200' }, hidden, visible: ['B1-visible-rename'] },
        { route: 'GET /api/audit', query: { targetId: t.b2Sub.id }, hidden, total: 0 },
        { route: 'GET /api/audit', query: { actorId: u.officer2.id }, hidden, total: 0 },
        { route: 'GET /api/audit', query: { action: 'org.' }, hidden, visible: ['B1-visible-rename'] },
      ],
    };
  },
});
