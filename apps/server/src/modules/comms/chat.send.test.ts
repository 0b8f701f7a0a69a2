/**
 * The one-statement send (chatRepo.send): idempotent clientId under concurrency without consuming a
 * seq, gapless per-room seqs, nothing written for a non-member, the sender's read marker moved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { sendMessage } from './chat.service.js';

let ctx: TestContext;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let ca: TestClient;
let cb: TestClient;
let dm: string;

beforeAll(async () => {
  ctx = await buildTestApp();
  const t = await createTree(ctx);
  alice = await createUser(ctx, { username: 'send_alice', org: t.branch1 });
  bob = await createUser(ctx, { username: 'send_bob', org: t.branch1 });
  carol = await createUser(ctx, { username: 'send_carol', org: t.branch2 });
  ca = await loginAs(ctx, alice);
  cb = await loginAs(ctx, bob);
  const r = await ca.post('/api/chat/direct', { userId: bob.id });
  expect(r.statusCode, r.body).toBe(200);
  dm = r.json().id;
});
afterAll(async () => {
  await ctx.close();
});

const roomOf = async (c: TestClient) =>
  (await c.get('/api/chat/rooms')).json().items.find((r: { id: string }) => r.id === dm) as {
    lastSeq: number;
    lastReadSeq: number;
    unread: number;
  };

describe('sending a chat message', () => {
  it('stores one message for concurrent sends with one clientId and takes no seq for the others', async () => {
    const sends = Array.from({ length: 12 }, () =>
      sendMessage(ctx.deps, { userId: alice.id }, dm, { body: ' 你好 ', clientId: 'same-1' }),
    );
    const out = await Promise.all(sends);
    expect(new Set(out.map((m) => m.id)).size).toBe(1);
    expect(out.map((m) => m.seq)).toEqual(out.map(() => 1));
    expect(out[0]).toMatchObject({ body: '你好', senderId: alice.id, clientId: 'same-1', roomId: dm });
    expect(out[0]!.senderName).toBeTruthy();
    const next = await sendMessage(ctx.deps, { userId: bob.id }, dm, { body: 'second', clientId: 'same-1' });
    expect(next.seq).toBe(2); // another sender may reuse the clientId; no seq was lost
    const many = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        sendMessage(ctx.deps, { userId: alice.id }, dm, { body: `m${i}` }),
      ),
    );
    expect(many.map((m) => m.seq).sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const history = (await ca.get(`/api/chat/rooms/${dm}/messages?afterSeq=0`)).json().items as {
      seq: number;
    }[];
    expect(history.map((m) => m.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it("moves only the sender's read marker", async () => {
    const a = await roomOf(ca);
    const b = await roomOf(cb);
    expect(a).toMatchObject({ lastSeq: 12, lastReadSeq: 12, unread: 0 });
    expect(b).toMatchObject({ lastSeq: 12, lastReadSeq: 2, unread: 10 });
  });

  it('writes nothing for a non-member (404) and rejects empty bodies', async () => {
    await expect(
      sendMessage(ctx.deps, { userId: carol.id }, dm, { body: 'x', clientId: 'c' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(sendMessage(ctx.deps, { userId: alice.id }, dm, { body: ' \r\n ' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect((await roomOf(ca)).lastSeq).toBe(12);
    const r = await ca.post(`/api/chat/rooms/${dm}/messages`, { body: 'after', clientId: 'c' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().seq).toBe(13);
  });
});
