/**
 * Chat over real sockets across two server processes (two apps on one database, each listening on its
 * own port): in-order exactly-once delivery, resume after reconnect, membership enforced over HTTP and
 * WebSocket, Origin/frame/socket limits, harmless HTML, and the offline reminder.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { sendChatReminders } from './chat.service.js';

let one: TestContext;
let two: TestContext;
let urlOne: string;
let urlTwo: string;
const ORIGIN = 'http://localhost:3000';
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let ca: TestClient;
let cb: TestClient;
let cc: TestClient;
let dm: string;

type Event = { type: string; message?: { seq: number; body: string; id: string }; [k: string]: unknown };

class Client {
  readonly events: Event[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => this.events.push(JSON.parse(String(d)) as Event));
  }
  static async open(base: string, session: TestClient, origin = ORIGIN): Promise<Client> {
    const cookie = [...session.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/ws`, { headers: { cookie, origin } });
    const c = new Client(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (req, res) => {
        req.destroy();
        reject(new Error(`HTTP ${res.statusCode}`));
      });
      ws.once('error', reject);
    });
    await expect.poll(() => c.events.some((e) => e.type === 'ready')).toBe(true);
    return c;
  }
  send(v: unknown) {
    this.ws.send(JSON.stringify(v));
  }
  async resume(rooms: Record<string, number> = {}) {
    const n = this.events.filter((e) => e.type === 'resumed').length;
    this.send({ type: 'resume', rooms });
    await expect.poll(() => this.events.filter((e) => e.type === 'resumed').length).toBe(n + 1);
  }
  seqs(roomId: string) {
    return this.events
      .filter((e) => e.type === 'message' && (e.message as { roomId?: string }).roomId === roomId)
      .map((e) => e.message!.seq);
  }
  close() {
    this.ws.close();
    return new Promise((r) => this.ws.once('close', r));
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

beforeAll(async () => {
  one = await buildTestApp();
  two = await buildTestApp({ dbUrl: one.dbUrl });
  urlOne = `http://127.0.0.1:${(await one.app.listen({ port: 0, host: '127.0.0.1' })) && (one.app.server.address() as AddressInfo).port}`;
  urlTwo = `http://127.0.0.1:${(await two.app.listen({ port: 0, host: '127.0.0.1' })) && (two.app.server.address() as AddressInfo).port}`;
  const t = await createTree(one);
  alice = await createUser(one, { username: 'chat_alice', org: t.branch1 });
  bob = await createUser(one, { username: 'chat_bob', org: t.branch1 });
  carol = await createUser(one, { username: 'chat_carol', org: t.branch2 });
  ca = await loginAs(one, alice);
  cb = await loginAs(one, bob);
  cc = await loginAs(one, carol);
  const r = await ca.post('/api/chat/direct', { userId: bob.id });
  expect(r.statusCode, r.body).toBe(200);
  dm = r.json().id;
});
afterAll(async () => {
  await two.close();
  await one.close();
});

describe('chat across two server processes', () => {
  it('a message sent on one process reaches a client on the other in order, exactly once', async () => {
    const a = await Client.open(urlOne, ca);
    const b = await Client.open(urlTwo, cb);
    await a.resume();
    await b.resume();
    for (let i = 1; i <= 30; i++) {
      const res = await ca.post(`/api/chat/rooms/${dm}/messages`, { body: `第 ${i} 条`, clientId: `c${i}` });
      expect(res.statusCode, res.body).toBe(201);
    }
    // and some over the socket itself
    for (let i = 31; i <= 35; i++)
      a.send({ type: 'send', roomId: dm, body: `第 ${i} 条`, clientId: `c${i}` });
    await expect.poll(() => b.seqs(dm).length, { timeout: 10_000 }).toBe(35);
    await expect.poll(() => a.seqs(dm).length, { timeout: 10_000 }).toBe(35);
    await new Promise((r) => setTimeout(r, 300));
    expect(b.seqs(dm)).toEqual(range(1, 35));
    expect(a.seqs(dm)).toEqual(range(1, 35));
    expect(b.events.filter((e) => e.type === 'message').map((e) => e.message!.body)).toEqual(
      range(1, 35).map((i) => `第 ${i} 条`),
    );
    expect(a.events.filter((e) => e.type === 'ack')).toHaveLength(5);
    // a retried send with the same clientId is not stored twice
    const again = await ca.post(`/api/chat/rooms/${dm}/messages`, { body: '第 1 条', clientId: 'c1' });
    expect(again.json().seq).toBe(1);
    await a.close();
    await b.close();
  });

  it('reconnect resumes from the last seen seq without loss or duplicates', async () => {
    const b1 = await Client.open(urlTwo, cb);
    await b1.resume({ [dm]: 35 });
    await ca.post(`/api/chat/rooms/${dm}/messages`, { body: 'live 36' });
    await expect.poll(() => b1.seqs(dm)).toEqual([36]);
    await b1.close();
    for (let i = 37; i <= 40; i++) await ca.post(`/api/chat/rooms/${dm}/messages`, { body: `offline ${i}` });
    const b2 = await Client.open(urlTwo, cb);
    // messages sent between connect and resume are held until resume
    await ca.post(`/api/chat/rooms/${dm}/messages`, { body: 'between 41' });
    await b2.resume({ [dm]: 36 });
    await ca.post(`/api/chat/rooms/${dm}/messages`, { body: 'after 42' });
    await expect.poll(() => b2.seqs(dm).length).toBe(6);
    await new Promise((r) => setTimeout(r, 300));
    expect(b2.seqs(dm)).toEqual(range(37, 42));
    await b2.close();
  });

  it('typing and read state reach the other side', async () => {
    const a = await Client.open(urlOne, ca);
    const b = await Client.open(urlTwo, cb);
    await a.resume();
    await b.resume();
    a.send({ type: 'typing', roomId: dm });
    await expect.poll(() => b.events.some((e) => e.type === 'typing' && e.userId === alice.id)).toBe(true);
    b.send({ type: 'read', roomId: dm, seq: 42 });
    await expect
      .poll(() => a.events.some((e) => e.type === 'read' && e.userId === bob.id && e.seq === 42))
      .toBe(true);
    const rooms = await cb.get('/api/chat/rooms');
    expect(rooms.json().items.find((r: { id: string }) => r.id === dm)).toMatchObject({
      unread: 0,
      lastSeq: 42,
    });
    const aliceRooms = await ca.get('/api/chat/rooms');
    expect(aliceRooms.json().items.find((r: { id: string }) => r.id === dm)).toMatchObject({ unread: 0 });
    await a.close();
    await b.close();
  });
});

describe('membership is enforced', () => {
  it('a non-member cannot read or post through HTTP', async () => {
    expect((await cc.get(`/api/chat/rooms/${dm}/messages`)).statusCode).toBe(404);
    expect((await cc.post(`/api/chat/rooms/${dm}/messages`, { body: 'x' })).statusCode).toBe(404);
    expect((await cc.post(`/api/chat/rooms/${dm}/read`, { seq: 1 })).statusCode).toBe(404);
    const rooms = (await cc.get('/api/chat/rooms')).json().items.map((r: { id: string }) => r.id);
    expect(rooms).not.toContain(dm);
  });

  it('a non-member gets nothing over WebSocket, neither by resume nor live, and cannot post', async () => {
    const c = await Client.open(urlTwo, cc);
    await c.resume({ [dm]: 0 });
    c.send({ type: 'send', roomId: dm, body: 'intrude' });
    c.send({ type: 'typing', roomId: dm });
    await ca.post(`/api/chat/rooms/${dm}/messages`, { body: 'secret' });
    await expect.poll(() => c.events.filter((e) => e.type === 'error').length).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(c.events.filter((e) => e.type === 'message')).toEqual([]);
    expect(c.events.filter((e) => e.type === 'error').map((e) => e.code)).toEqual(['not_found', 'not_found']);
    expect(JSON.stringify(c.events)).not.toContain('secret');
    await c.close();
  });

  it('custom groups: only the owner adds members; a new member sees the room live', async () => {
    const g = await ca.post('/api/chat/groups', { name: '<b>兴趣</b>小组', memberIds: [] });
    expect(g.statusCode).toBe(201);
    const gid = g.json().id;
    expect((await cb.post(`/api/chat/rooms/${gid}/members`, { userId: bob.id })).statusCode).toBe(404);
    const b = await Client.open(urlTwo, cb);
    await b.resume();
    expect((await ca.post(`/api/chat/rooms/${gid}/members`, { userId: bob.id })).statusCode).toBe(200);
    await expect.poll(() => b.events.some((e) => e.type === 'room_added' && e.roomId === gid)).toBe(true);
    await ca.post(`/api/chat/rooms/${gid}/messages`, { body: 'welcome' });
    await expect.poll(() => b.seqs(gid)).toEqual([1]);
    expect((await cb.post(`/api/chat/rooms/${gid}/members`, { userId: carol.id })).statusCode).toBe(403);
    await b.close();
  });
});

describe('socket limits and payloads', () => {
  it('refuses a foreign Origin and an anonymous upgrade', async () => {
    await expect(Client.open(urlOne, ca, 'http://evil.example')).rejects.toThrow('HTTP 403');
    const anon = { cookies: new Map() } as unknown as TestClient;
    await expect(Client.open(urlOne, anon)).rejects.toThrow('HTTP 401');
  });

  it('closes a socket that sends an oversized frame', async () => {
    const a = await Client.open(urlOne, ca);
    const closed = new Promise<number>((r) => a.ws.once('close', (code) => r(code)));
    a.ws.send('x'.repeat(20_000));
    expect(await closed).toBe(1009);
  });

  it('limits sockets per user', async () => {
    const open: Client[] = [];
    for (let i = 0; i < 5; i++) open.push(await Client.open(urlOne, cb));
    await expect(Client.open(urlOne, cb)).rejects.toThrow('HTTP 429');
    for (const c of open) await c.close();
  });

  it('limits the message rate', async () => {
    const a = await Client.open(urlOne, ca);
    for (let i = 0; i < 40; i++) a.send({ type: 'ping' });
    await expect.poll(() => a.events.some((e) => e.type === 'error' && e.code === 'rate_limited')).toBe(true);
    expect(a.events.filter((e) => e.type === 'pong').length).toBeLessThanOrEqual(21);
    await a.close();
  });

  it('stores HTML and script payloads verbatim and serves them as JSON text', async () => {
    const payload = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const res = await ca.post(`/api/chat/rooms/${dm}/messages`, { body: payload });
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const hist = await cb.get(`/api/chat/rooms/${dm}/messages?limit=1`);
    expect(hist.json().items[0].body).toBe(payload);
  });
});

describe('offline notification', () => {
  it('reminds a member of unread messages once per burst', async () => {
    one.clock.advance(10 * 60_000);
    const n = await sendChatReminders(one.deps);
    expect(n).toBeGreaterThan(0);
    const forDm = (s: { template: string; userId: string | null; params: Record<string, unknown> }) =>
      s.template === 'chat_message_offline' && s.userId === bob.id && s.params.link === `/chat/${dm}`;
    const sent = one.notifier.sent.filter(forDm);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.params.link).toBe(`/chat/${dm}`);
    await sendChatReminders(one.deps);
    expect(one.notifier.sent.filter(forDm)).toHaveLength(1);
  });
});
