/**
 * Group commit of chat sends (chat.commit.ts) across two server processes on one database: many
 * sockets sending into one group at once get unique, contiguous seqs, each sender's messages in its
 * own order, and every member on both processes receives all of them in order, exactly once (a
 * non-member nothing); concurrent sends share statements; a row that fails its statement fails only
 * its own sender; a message above the NOTIFY payload limit goes as a stub. The delivery part runs again over Redis pub/sub when a server answers at REDIS_URL.
 */
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { sendMessage } from './chat.service.js';

const ORIGIN = 'http://localhost:3000';
const MEMBERS = 8;
const PER_SOCKET = 15;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

type Event = {
  type: string;
  message?: { seq: number; body: string; senderId: string; roomId: string };
  seq?: number;
  clientId?: string;
};

async function openSocket(base: string, session: TestClient): Promise<{ ws: WebSocket; events: Event[] }> {
  const cookie = [...session.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const ws = new WebSocket(`${base.replace('http', 'ws')}/api/ws`, { headers: { cookie, origin: ORIGIN } });
  const events: Event[] = [];
  ws.on('message', (d) => events.push(JSON.parse(String(d)) as Event));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  await expect.poll(() => events.some((e) => e.type === 'ready')).toBe(true);
  ws.send(JSON.stringify({ type: 'resume', rooms: {} }));
  await expect.poll(() => events.some((e) => e.type === 'resumed')).toBe(true);
  return { ws, events };
}

const listen = async (ctx: TestContext) => {
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
};

/** Two processes, MEMBERS users in one group (half on each process) and an outsider on each. */
async function setup(env?: Record<string, string>) {
  const one = await buildTestApp(env ? { env } : {});
  const two = await buildTestApp({ dbUrl: one.dbUrl, ...(env ? { env } : {}) });
  const urls = [await listen(one), await listen(two)];
  const t = await createTree(one);
  const users: TestUser[] = [];
  for (let i = 0; i < MEMBERS; i++)
    users.push(await createUser(one, { username: `gc_${env ? 'r' : 'p'}${i}`, org: t.branch1 }));
  const outsider = await createUser(one, { username: `gc_${env ? 'r' : 'p'}_out`, org: t.branch2 });
  const sessions = await Promise.all(users.map((u) => loginAs(one, u)));
  const g = await sessions[0]!.post('/api/chat/groups', {
    name: '批量组',
    memberIds: users.slice(1).map((u) => u.id),
  });
  expect(g.statusCode, g.body).toBe(201);
  return { one, two, urls, users, outsider, sessions, roomId: g.json().id as string };
}

/** Every member socket sends PER_SOCKET messages at once; checks seqs, acks and delivery everywhere. */
async function burst(s: Awaited<ReturnType<typeof setup>>) {
  const sockets = await Promise.all(s.sessions.map((c, i) => openSocket(s.urls[i % 2]!, c)));
  const outsiders = await Promise.all(
    s.urls.map(async (u) => openSocket(u, await loginAs(s.one, s.outsider))),
  );
  sockets.forEach((k, i) => {
    for (let j = 0; j < PER_SOCKET; j++)
      k.ws.send(
        JSON.stringify({ type: 'send', roomId: s.roomId, body: `u${i} 第${j}条`, clientId: `u${i}-${j}` }),
      );
  });
  const total = MEMBERS * PER_SOCKET;
  for (const k of sockets)
    await expect
      .poll(() => k.events.filter((e) => e.type === 'ack').length, { timeout: 20_000 })
      .toBe(PER_SOCKET);
  const acks = sockets.map((k) => k.events.filter((e) => e.type === 'ack'));
  // unique and contiguous seqs; each sender's in its own order
  expect(
    acks
      .flat()
      .map((a) => a.seq!)
      .sort((a, b) => a - b),
  ).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  acks.forEach((list, i) => {
    expect(list.map((a) => a.clientId)).toEqual(Array.from({ length: PER_SOCKET }, (_, j) => `u${i}-${j}`));
    expect(list.map((a) => a.seq!)).toEqual([...list.map((a) => a.seq!)].sort((a, b) => a - b));
  });
  const bodyOf = new Map<number, string>();
  acks.forEach((list, i) => {
    for (const [j, a] of list.entries()) bodyOf.set(a.seq!, `u${i} 第${j}条`);
  });
  for (const k of sockets)
    await expect
      .poll(() => k.events.filter((e) => e.type === 'message').length, { timeout: 20_000 })
      .toBe(total);
  await new Promise((r) => setTimeout(r, 300));
  for (const k of sockets) {
    const got = k.events.filter((e) => e.type === 'message').map((e) => e.message!);
    expect(got.map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(got.every((m) => m.body === bodyOf.get(m.seq) && m.roomId === s.roomId)).toBe(true);
  }
  for (const k of [...sockets, ...outsiders]) k.ws.close();
  for (const o of outsiders) expect(o.events.filter((e) => e.type === 'message')).toEqual([]);
}

describe('group commit over PostgreSQL pub/sub', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(async () => {
    await s.two.close();
    await s.one.close();
  });

  it('many sockets on two processes: unique contiguous seqs, in order, exactly once to every member', async () => {
    await burst(s);
    const rooms = await sql<{ last_seq: string }>`
      SELECT last_seq FROM chat_rooms WHERE id = ${s.roomId}`.execute(s.one.deps.db);
    expect(Number(rooms.rows[0]!.last_seq)).toBe(MEMBERS * PER_SOCKET);
  });

  it('sends made together share one statement; repeats of a clientId share one message', async () => {
    const before = await s.sessions[0]!.get('/api/chat/rooms');
    const base = (before.json().items as Array<{ id: string; lastSeq: number }>).find(
      (r) => r.id === s.roomId,
    )!.lastSeq;
    const out = await Promise.all([
      ...s.users.map((u, i) =>
        sendMessage(s.one.deps, { userId: u.id }, s.roomId, { body: `together ${i}` }),
      ),
      sendMessage(s.one.deps, { userId: s.users[0]!.id }, s.roomId, { body: 'again', clientId: 'twice' }),
      sendMessage(s.one.deps, { userId: s.users[0]!.id }, s.roomId, { body: 'again', clientId: 'twice' }),
    ]);
    expect(out.slice(0, MEMBERS).map((m) => m.seq)).toEqual(
      Array.from({ length: MEMBERS }, (_, i) => base + i + 1),
    );
    expect(out[MEMBERS]!.id).toBe(out[MEMBERS + 1]!.id);
    const tx = await sql<{ n: string }>`
      SELECT count(DISTINCT xmin::text) AS n FROM chat_messages WHERE room_id = ${s.roomId} AND seq > ${base}`.execute(
      s.one.deps.db,
    );
    expect(Number(tx.rows[0]!.n)).toBe(1);
  });

  it('a row that fails the statement fails only its sender; the others are stored and answered', async () => {
    const db = s.one.deps.db;
    await sql`
      CREATE FUNCTION gc_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'boom'; END $$`.execute(db);
    await sql`
      CREATE TRIGGER gc_boom BEFORE INSERT ON chat_messages FOR EACH ROW
      WHEN (NEW.body = 'boom') EXECUTE FUNCTION gc_boom()`.execute(db);
    try {
      const last = await sql<{ last_seq: string }>`
        SELECT last_seq FROM chat_rooms WHERE id = ${s.roomId}`.execute(db);
      const base = Number(last.rows[0]!.last_seq);
      const bodies = s.users.map((_, i) => (i === 3 ? 'boom' : `fine ${i}`));
      const out = await Promise.allSettled(
        s.users.map((u, i) => sendMessage(s.one.deps, { userId: u.id }, s.roomId, { body: bodies[i]! })),
      );
      expect(out[3]!.status).toBe('rejected');
      const ok = out.flatMap((r, i) => (r.status === 'fulfilled' ? [{ m: r.value, i }] : []));
      expect(ok).toHaveLength(MEMBERS - 1);
      for (const { m, i } of ok) expect(m).toMatchObject({ body: bodies[i], senderId: s.users[i]!.id });
      expect(ok.map(({ m }) => m.seq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: MEMBERS - 1 }, (_, i) => base + i + 1),
      );
      const stored = await sql<{ body: string }>`
        SELECT body FROM chat_messages WHERE room_id = ${s.roomId} AND seq > ${base} ORDER BY seq`.execute(
        db,
      );
      expect(stored.rows.map((r) => r.body).sort()).toEqual(bodies.filter((b) => b !== 'boom').sort());
    } finally {
      await sql`DROP TRIGGER gc_boom ON chat_messages`.execute(db);
      await sql`DROP FUNCTION gc_boom()`.execute(db);
    }
  });

  it('a message too large for a notification reaches the other process as a stub, fetched in order', async () => {
    const [a, b] = await Promise.all([
      openSocket(s.urls[0]!, s.sessions[0]!),
      openSocket(s.urls[1]!, s.sessions[1]!),
    ]);
    const big = '长'.repeat(3000); // 9,000 bytes in UTF-8: above the 7,000-byte payload
    for (const body of ['before', big, 'after'])
      a.ws.send(JSON.stringify({ type: 'send', roomId: s.roomId, body }));
    const got = () => b.events.filter((e) => e.type === 'message').map((e) => e.message!);
    await expect.poll(() => got().length, { timeout: 10_000 }).toBe(3);
    expect(got().map((m) => m.body)).toEqual(['before', big, 'after']);
    const seqs = got().map((m) => m.seq);
    expect(seqs).toEqual([seqs[0]!, seqs[0]! + 1, seqs[0]! + 2]);
    a.ws.close();
    b.ws.close();
  });

  it('refuses a body with a NUL character as a validation error', async () => {
    await expect(
      sendMessage(s.one.deps, { userId: s.users[0]!.id }, s.roomId, { body: 'a\u0000b' }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

async function redisAvailable(): Promise<boolean> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

describe('group commit over Redis pub/sub', async () => {
  const available = await redisAvailable();
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    if (available) s = await setup({ REDIS_URL });
  });
  afterAll(async () => {
    await s?.two.close();
    await s?.one.close();
  });

  it.skipIf(!available)('many sockets on two processes: in order, exactly once to every member', async () => {
    expect(s.one.deps.pubsub.sqlChannel).toBeUndefined();
    await burst(s);
  });
});
