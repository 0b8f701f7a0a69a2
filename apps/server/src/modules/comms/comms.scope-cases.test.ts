/**
 * The comms module's cases for the route-table sweeps (imported by kernel/testing/scope-cases.ts):
 * chat rooms are visible only to their members; failed deliveries only to officers whose scope holds
 * the recipient's org; the notification centre and the socket serve the caller's own data.
 */
import { describe, expect, it } from 'vitest';
import { notifyRepo } from '../../kernel/notify/notify.repo.js';
import { registerMemberRoutes, registerScopeModule, scopeModules } from '../../kernel/testing/sweeps.js';

registerMemberRoutes(
  'GET /api/notifications',
  'GET /api/notifications/unread',
  'POST /api/notifications/read',
  'GET /api/notifications/prefs',
  'PATCH /api/notifications/prefs',
  'GET /api/chat/rooms',
  'POST /api/chat/direct',
  'POST /api/chat/groups',
  'POST /api/chat/rooms/:id/members',
  'POST /api/chat/rooms/:id/leave',
  'GET /api/chat/rooms/:id/messages',
  'POST /api/chat/rooms/:id/messages',
  'POST /api/chat/rooms/:id/read',
  'GET /api/ws',
);

registerScopeModule({
  name: 'comms',
  unscoped: {
    'GET /api/notifications': "the caller's own notifications",
    'GET /api/notifications/unread': "the caller's own unread count",
    'GET /api/notifications/prefs': "the caller's own preferences",
    'GET /api/ws': "the caller's own realtime socket (rooms filtered by membership)",
  },
  cases: async ({ ctx, tree: t, users: u, clients: c }) => {
    const id = async (res: { statusCode: number; body: string; json: () => { id: string } }) => {
      if (res.statusCode >= 300) throw new Error(`comms seed failed: ${res.body}`);
      return res.json().id;
    };
    const foreignRoom = await id(await c.officer2.post('/api/chat/direct', { userId: u.memberB.id }));
    const ownDm = await id(await c.officer1.post('/api/chat/direct', { userId: u.memberA.id }));
    const ownGroup = await id(
      await c.officer1.post('/api/chat/groups', { name: '一车间群', memberIds: [u.memberA.id] }),
    );
    const leaveGroup = await id(
      await c.memberA.post('/api/chat/groups', { name: '临时群', memberIds: [u.officer1.id] }),
    );
    await c.officer2.post(`/api/chat/rooms/${foreignRoom}/messages`, { body: '二车间私聊-隐藏' });
    await c.officer1.post(`/api/chat/rooms/${ownDm}/messages`, { body: '一车间私聊' });

    const repo = notifyRepo(ctx.deps.db);
    const failed = async (userId: string, orgId: string) => {
      const d = await repo.insertDelivery({
        user_id: userId,
        org_id: orgId,
        channel: 'email',
        template: 'password_reset',
        locale: 'zh-CN',
        recipient_enc: ctx.deps.cipher.encrypt('notification_deliveries.recipient', 'x@example.org'),
        params_enc: ctx.deps.cipher.encrypt('notification_deliveries.params', '{}'),
        next_attempt_at: ctx.clock.now(),
        created_at: ctx.clock.now(),
      });
      await repo.markFailed(d.id, '550 test');
      return d.id;
    };
    const foreignDelivery = await failed(u.memberB.id, t.branch2.id);
    const ownDelivery = await failed(u.memberA.id, t.branch1.id);
    // a second one stays failed for the list check (the retry control requeues the first)
    const ownListed = await failed(u.memberA.id, t.branch1.id);
    const msg = { body: '越权消息' };
    return {
      objects: [
        {
          route: 'GET /api/chat/rooms/:id/messages',
          foreign: { params: { id: foreignRoom } },
          own: { params: { id: ownDm } },
          memberOwn: { params: { id: ownDm } },
        },
        {
          route: 'POST /api/chat/rooms/:id/messages',
          foreign: { params: { id: foreignRoom }, body: msg },
          own: { params: { id: ownDm }, body: { body: '你好' } },
          memberOwn: { params: { id: ownDm }, body: { body: '你好' } },
        },
        {
          route: 'POST /api/chat/rooms/:id/read',
          foreign: { params: { id: foreignRoom }, body: { seq: 1 } },
          own: { params: { id: ownDm }, body: { seq: 1 } },
          memberOwn: { params: { id: ownDm }, body: { seq: 1 } },
        },
        {
          route: 'POST /api/chat/rooms/:id/members',
          foreign: { params: { id: foreignRoom }, body: { userId: u.memberA.id } },
          own: { params: { id: ownGroup }, body: { userId: u.subject1.id } },
        },
        {
          route: 'POST /api/chat/rooms/:id/leave',
          foreign: { params: { id: foreignRoom } },
          own: { params: { id: leaveGroup } },
        },
        {
          route: 'POST /api/notifications/deliveries/:id/retry',
          foreign: { params: { id: foreignDelivery } },
          own: { params: { id: ownDelivery } },
        },
      ],
      lists: [
        { route: 'GET /api/chat/rooms', hidden: [foreignRoom, '二车间'], visible: [ownDm, ownGroup] },
        {
          route: 'GET /api/notifications/deliveries',
          hidden: [foreignDelivery, u.memberB.id],
          visible: [ownListed],
        },
      ],
    };
  },
});

describe('comms scope cases', () => {
  it('are registered for the route-table sweeps', () => {
    expect(scopeModules().some((m) => m.name === 'comms')).toBe(true);
  });
});
