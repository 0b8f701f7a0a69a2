/**
 * Org groups follow the member registry: the sync job joins placed members to their node's org room
 * (activation, move/transfer) and removes them when they leave it (move, expulsion); idempotent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { insertMemberRow } from '../../kernel/testing/member-fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { orgRoomJobs, syncOrgRooms } from './orgsync.job.js';

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof createTree>>;
let officer: TestClient;
let staff: TestUser;
const u: Record<string, TestUser> = {};
const m: Record<string, string> = {};

/** user ids in the org room of `orgId` */
const roomMembers = async (orgId: string) =>
  (
    await ctx.deps.db
      .selectFrom('chat_members as cm')
      .innerJoin('chat_rooms as r', 'r.id', 'cm.room_id')
      .where('r.kind', '=', 'org')
      .where('r.org_id', '=', orgId)
      .select('cm.user_id')
      .execute()
  )
    .map((r) => r.user_id)
    .sort();
const ids = (...users: TestUser[]) => users.map((x) => x.id).sort();

beforeAll(async () => {
  ctx = await buildTestApp();
  tree = await createTree(ctx);
  officer = await loginAs(
    ctx,
    await createUser(ctx, { username: 'g_off', org: tree.union, roles: ['chair'] }),
  );
  for (const k of ['one', 'applicant', 'two'])
    u[k] = await createUser(ctx, { username: `g_${k}`, org: tree.branch1 });
  staff = await createUser(ctx, { username: 'g_staff', org: tree.branch1 });
  m.one = await insertMemberRow(ctx, { user: u.one!, org: tree.branch1, union: tree.union });
  m.applicant = await insertMemberRow(ctx, {
    user: u.applicant!,
    org: tree.branch1,
    union: tree.union,
    status: 'applicant',
  });
  m.two = await insertMemberRow(ctx, { user: u.two!, org: tree.branch2, union: tree.union });
  // an account without a member record joins its account's node when it opens the chat page
  expect((await (await loginAs(ctx, staff)).post('/api/chat/org-room', {})).statusCode).toBe(200);
});
afterAll(() => ctx.close());

describe('org rooms from the registry', () => {
  it('is a scheduled job', () => {
    expect(orgRoomJobs.map((j) => [j.name, j.cron])).toEqual([['comms-org-rooms', '* * * * *']]);
  });

  it('joins placed members to their node, not applicants; leaves non-registry accounts alone', async () => {
    const r = await syncOrgRooms(ctx.deps);
    expect(r).toEqual({ roomsCreated: 1, joined: 2, left: 0 });
    expect(await roomMembers(tree.branch1.id)).toEqual(ids(u.one!, staff));
    expect(await roomMembers(tree.branch2.id)).toEqual(ids(u.two!));
    expect(await syncOrgRooms(ctx.deps)).toEqual({ roomsCreated: 0, joined: 0, left: 0 });
  });

  it('follows activation, moves between nodes and expulsion (through the members API)', async () => {
    const act = (id: string, action: string) =>
      officer.post(`/api/members/${id}/transition`, { action, reason: '组织调整' });
    expect((await act(m.applicant!, 'approve')).statusCode).toBe(200);
    const moved = await officer.post('/api/members/bulk', {
      ids: [m.one],
      action: 'move',
      orgId: tree.branch2.id,
      reason: '调到二车间',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await act(m.two!, 'expel')).statusCode).toBe(200);

    expect(await syncOrgRooms(ctx.deps)).toEqual({ roomsCreated: 0, joined: 2, left: 2 });
    expect(await roomMembers(tree.branch1.id)).toEqual(ids(u.applicant!, staff));
    expect(await roomMembers(tree.branch2.id)).toEqual(ids(u.one!));
    expect(await syncOrgRooms(ctx.deps)).toEqual({ roomsCreated: 0, joined: 0, left: 0 });
  });

  it('the chat page joins by the registry, and an expelled member has no org group', async () => {
    const one = await loginAs(ctx, u.one!);
    const res = await one.post('/api/chat/org-room', {});
    expect(res.statusCode).toBe(200);
    const rooms = (await one.get('/api/chat/rooms')).json();
    const orgRooms = (Array.isArray(rooms) ? rooms : rooms.items).filter(
      (r: { kind: string }) => r.kind === 'org',
    );
    expect(orgRooms.map((r: { id: string }) => r.id)).toEqual([res.json().id]);
    expect(await roomMembers(tree.branch1.id)).not.toContain(u.one!.id);
    const two = await loginAs(ctx, u.two!);
    expect((await two.post('/api/chat/org-room', {})).statusCode).toBe(404);
  });
});
