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
  'POST /api/chat/org-room',
  'POST /api/chat/groups',
  'POST /api/chat/rooms/:id/members',
  'POST /api/chat/rooms/:id/leave',
  'GET /api/chat/rooms/:id/messages',
  'POST /api/chat/rooms/:id/messages',
  'POST /api/chat/rooms/:id/read',
  'GET /api/ws',
  'GET /api/my/announcements',
  'GET /api/my/announcements/:id',
  'POST /api/my/announcements/:id/read',
  'GET /api/announcements/:id/files/:fileId',
  'GET /api/forums/boards',
  'GET /api/forums/boards/:id/threads',
  'POST /api/forums/boards/:id/threads',
  'GET /api/forums/threads/:id',
  'POST /api/forums/threads/:id/posts',
  'POST /api/forums/posts/:id/report',
  'POST /api/forums/posts/:id/reactions',
  'GET /api/forums/boards/:id/mentionable',
  'POST /api/search',
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
    const announce = async (client: typeof c.officer1, orgId: string, title: string) =>
      id(await client.post('/api/announcements', { orgId, title, body: `<p>${title}</p>`, publish: true }));
    const foreignAnn = await announce(c.officer2, t.branch2.id, '二车间公告-隐藏');
    const ownAnn = await announce(c.officer1, t.branch1.id, '一车间公告');
    const annBody = (orgId: string) => ({ orgId, title: '通知', body: '<p>内容</p>' });
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from('x'),
    ]);
    const annFile = async (client: typeof c.officer1, annId: string) =>
      id(
        await client.request('POST', `/api/announcements/${annId}/files`, png, {
          'content-type': 'image/png',
        }),
      );
    const foreignFile = await annFile(c.officer2, foreignAnn);
    const ownFile = await annFile(c.officer1, ownAnn);
    const ownFileToDelete = await annFile(c.officer1, ownAnn);
    const board = async (client: typeof c.officer1, orgId: string, name: string) =>
      id(await client.post('/api/forums/boards', { orgId, name }));
    const thread = async (client: typeof c.officer1, boardId: string, title: string) =>
      id(await client.post(`/api/forums/boards/${boardId}/threads`, { title, body: `${title} 正文` }));
    const post = async (client: typeof c.officer1, threadId: string) =>
      id(await client.post(`/api/forums/threads/${threadId}/posts`, { body: '回复' }));
    const board2 = await board(c.officer2, t.branch2.id, '二车间论坛-隐藏');
    const board1 = await board(c.officer1, t.branch1.id, '一车间论坛');
    const thread2 = await thread(c.officer2, board2, '二车间帖子');
    const thread1 = await thread(c.officer1, board1, '一车间帖子');
    const modThread1 = await thread(c.officer1, board1, '待锁定帖子');
    const post2 = await post(c.officer2, thread2);
    const post1 = await post(c.memberA, thread1);
    const modPost1 = await post(c.memberA, thread1);
    const reason = { reason: '越权测试' };
    await c.officer2.post(`/api/forums/posts/${post2}/report`, reason);
    await c.memberA.post(`/api/forums/posts/${post1}/report`, { reason: '一车间举报' });
    const board1b = await board(c.officer1, t.branch1.id, '一车间闲聊');
    const moveThread1 = await thread(c.officer1, board1, '待移动帖子');
    const until = new Date(ctx.clock.now().getTime() + 86_400_000).toISOString();
    const ban = async (client: typeof c.officer1, orgId: string, userId: string) =>
      id(await client.post('/api/forums/bans', { orgId, userId, reason: '禁言测试', until }));
    const foreignBan = await ban(c.officer2, t.branch2.id, u.memberB.id);
    const ownBanListed = await ban(c.officer1, t.b1Sub.id, u.subject1.id);
    const ownBanLift = await ban(c.officer1, t.b1Sub.id, u.subject1.id);
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
        {
          route: 'POST /api/announcements',
          foreign: { body: annBody(t.branch2.id) },
          own: { body: annBody(t.b1Sub.id) },
        },
        {
          route: 'GET /api/announcements/:id',
          foreign: { params: { id: foreignAnn } },
          own: { params: { id: ownAnn } },
        },
        {
          route: 'PATCH /api/announcements/:id',
          foreign: { params: { id: foreignAnn }, body: { pinned: true } },
          own: { params: { id: ownAnn }, body: { pinned: true } },
        },
        {
          route: 'GET /api/announcements/:id/read-rates',
          foreign: { params: { id: foreignAnn } },
          own: { params: { id: ownAnn } },
        },
        {
          route: 'GET /api/my/announcements/:id',
          foreign: { params: { id: foreignAnn } },
          own: { params: { id: ownAnn } },
          memberOwn: { params: { id: ownAnn } },
        },
        {
          route: 'POST /api/my/announcements/:id/read',
          foreign: { params: { id: foreignAnn } },
          own: { params: { id: ownAnn } },
          memberOwn: { params: { id: ownAnn } },
        },
        {
          route: 'GET /api/announcements/targets/:orgId',
          foreign: { params: { orgId: t.branch2.id } },
          own: { params: { orgId: t.branch1.id } },
        },
        {
          route: 'POST /api/announcements/:id/files',
          foreign: { params: { id: foreignAnn } },
        },
        {
          route: 'GET /api/announcements/:id/files/:fileId',
          foreign: { params: { id: foreignAnn, fileId: foreignFile } },
          own: { params: { id: ownAnn, fileId: ownFile } },
          memberOwn: { params: { id: ownAnn, fileId: ownFile } },
        },
        {
          route: 'DELETE /api/announcements/:id/files/:fileId',
          foreign: { params: { id: foreignAnn, fileId: foreignFile } },
          own: { params: { id: ownAnn, fileId: ownFileToDelete } },
        },
        {
          route: 'POST /api/forums/boards',
          foreign: { body: { orgId: t.branch2.id, name: '越权版块' } },
          own: { body: { orgId: t.b1Sub.id, name: '一班版块' } },
        },
        {
          route: 'GET /api/forums/boards/:id/threads',
          foreign: { params: { id: board2 } },
          own: { params: { id: board1 } },
          memberOwn: { params: { id: board1 } },
        },
        {
          route: 'POST /api/forums/boards/:id/threads',
          foreign: { params: { id: board2 }, body: { title: '越权', body: '越权' } },
          own: { params: { id: board1 }, body: { title: '新帖', body: '内容' } },
          memberOwn: { params: { id: board1 }, body: { title: '会员新帖', body: '内容' } },
        },
        {
          route: 'GET /api/forums/threads/:id',
          foreign: { params: { id: thread2 } },
          own: { params: { id: thread1 } },
          memberOwn: { params: { id: thread1 } },
        },
        {
          route: 'POST /api/forums/threads/:id/posts',
          foreign: { params: { id: thread2 }, body: { body: '越权' } },
          own: { params: { id: thread1 }, body: { body: '回复' } },
          memberOwn: { params: { id: thread1 }, body: { body: '会员回复' } },
        },
        {
          route: 'POST /api/forums/posts/:id/report',
          foreign: { params: { id: post2 }, body: reason },
          own: { params: { id: post1 }, body: reason },
          memberOwn: { params: { id: post1 }, body: { reason: '会员举报' } },
        },
        {
          route: 'POST /api/forums/posts/:id/moderate',
          foreign: { params: { id: post2 }, body: { action: 'hide', ...reason } },
          own: { params: { id: modPost1 }, body: { action: 'hide', ...reason } },
        },
        {
          route: 'POST /api/forums/threads/:id/moderate',
          foreign: { params: { id: thread2 }, body: { action: 'lock', ...reason } },
          own: { params: { id: modThread1 }, body: { action: 'lock', ...reason } },
        },
        {
          route: 'POST /api/forums/sensitive-words',
          foreign: { body: { orgId: t.branch2.id, words: ['越权'] } },
          own: { body: { orgId: t.b1Sub.id, words: ['脏话'] } },
        },
        {
          route: 'POST /api/forums/posts/:id/reactions',
          foreign: { params: { id: post2 }, body: { kind: 'like' } },
          own: { params: { id: post1 }, body: { kind: 'like' } },
          memberOwn: { params: { id: post1 }, body: { kind: 'thanks' } },
        },
        {
          route: 'GET /api/forums/boards/:id/mentionable',
          foreign: { params: { id: board2 }, query: { q: 'member' } },
          own: { params: { id: board1 }, query: { q: 'member' } },
          memberOwn: { params: { id: board1 }, query: { q: 'officer' } },
        },
        {
          route: 'POST /api/forums/threads/:id/move',
          foreign: { params: { id: thread2 }, body: { boardId: board1, ...reason } },
          own: { params: { id: moveThread1 }, body: { boardId: board1b, ...reason } },
        },
        {
          route: 'POST /api/forums/bans',
          foreign: { body: { orgId: t.branch2.id, userId: u.memberB.id, ...reason, until } },
          own: { body: { orgId: t.b1Sub.id, userId: u.subject1.id, ...reason, until } },
        },
        {
          route: 'POST /api/forums/bans/:id/lift',
          foreign: { params: { id: foreignBan }, body: reason },
          own: { params: { id: ownBanLift }, body: reason },
        },
      ],
      lists: [
        { route: 'GET /api/forums/bans', hidden: [foreignBan, u.memberB.id], visible: [ownBanListed] },
        { route: 'GET /api/forums/boards', hidden: [board2, '二车间论坛-隐藏'], visible: [board1] },
        { route: 'GET /api/forums/reports', hidden: [post2, '二车间帖子'], visible: [post1] },
        { route: 'GET /api/announcements', hidden: [foreignAnn, '二车间公告-隐藏'], visible: [ownAnn] },
        { route: 'GET /api/my/announcements', hidden: [foreignAnn, '二车间公告-隐藏'], visible: [ownAnn] },
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
