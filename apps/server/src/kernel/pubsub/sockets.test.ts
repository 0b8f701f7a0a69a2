/**
 * The per-user socket limit holds across two server processes (two apps on one database), frees a
 * slot when a socket closes or a process shuts down, and forgets a process that died (no heartbeat).
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { MAX_SOCKETS_PER_USER } from '../../modules/comms/realtime.js';
import type { TestClient } from '../testing/client.js';
import { createTree, createUser, loginAs, type TestUser } from '../testing/fixtures.js';
import { buildTestApp, type TestContext } from '../testing/test-app.js';
import { Redis } from 'ioredis';
import { RedisSocketRegistry } from './redis-sockets.js';
import { SocketRegistry } from './sockets.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

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

let one: TestContext;
let two: TestContext;
let urlOne: string;
let urlTwo: string;
let user: TestUser;
let session: TestClient;

async function open(base: string, origin = 'http://localhost:3000'): Promise<WebSocket> {
  const cookie = [...session.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const ws = new WebSocket(`${base.replace('http', 'ws')}/api/ws`, { headers: { cookie, origin } });
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve()); // `ready`
    ws.once('unexpected-response', (req, res) => {
      req.destroy();
      reject(new Error(`HTTP ${res.statusCode}`));
    });
    ws.once('error', reject);
  });
  return ws;
}

const close = (ws: WebSocket) =>
  new Promise<void>((r) => {
    ws.once('close', () => r());
    ws.close();
  });

const live = () =>
  one.deps.db.selectFrom('ws_sockets').where('user_id', '=', user.id).select(['id', 'process_id']).execute();

beforeAll(async () => {
  one = await buildTestApp();
  two = await buildTestApp({ dbUrl: one.dbUrl });
  await one.app.listen({ port: 0, host: '127.0.0.1' });
  await two.app.listen({ port: 0, host: '127.0.0.1' });
  urlOne = `http://127.0.0.1:${(one.app.server.address() as AddressInfo).port}`;
  urlTwo = `http://127.0.0.1:${(two.app.server.address() as AddressInfo).port}`;
  const t = await createTree(one);
  user = await createUser(one, { username: 'sock_user', org: t.branch1 });
  session = await loginAs(one, user);
});
afterAll(async () => {
  await two?.close();
  await one?.close();
});

describe('sockets per user across processes', () => {
  it('counts the sockets of both processes against one limit', async () => {
    const held: WebSocket[] = [];
    for (let i = 0; i < MAX_SOCKETS_PER_USER; i++) held.push(await open(i % 2 ? urlTwo : urlOne));
    expect(await live()).toHaveLength(MAX_SOCKETS_PER_USER);
    expect(new Set((await live()).map((r) => r.process_id)).size).toBe(2);
    await expect(open(urlOne)).rejects.toThrow('HTTP 429');
    await expect(open(urlTwo)).rejects.toThrow('HTTP 429');
    // closing one on process one frees a slot for process two
    await close(held.shift()!);
    await expect.poll(async () => (await live()).length).toBe(MAX_SOCKETS_PER_USER - 1);
    held.push(await open(urlTwo));
    await expect(open(urlOne)).rejects.toThrow('HTTP 429');
    for (const ws of held) await close(ws);
    await expect.poll(async () => (await live()).length).toBe(0);
  });

  it('a refused upgrade or a plain GET gives its slot back', async () => {
    for (let i = 0; i < MAX_SOCKETS_PER_USER + 2; i++) {
      const res = await session.get('/api/ws');
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
    }
    await expect(open(urlOne, 'http://evil.example')).rejects.toThrow('HTTP 403');
    await expect.poll(async () => (await live()).length).toBe(0);
    const ws = await open(urlOne);
    await close(ws);
  });

  it('a process that stops heartbeating loses its sockets after the lease; a live one keeps them', async () => {
    const alive = new SocketRegistry(one.deps.db, { ttlMs: 600, heartbeatMs: 100 });
    const dead = new SocketRegistry(one.deps.db, { ttlMs: 600, heartbeatMs: 60_000 });
    expect(await alive.acquire(user.id, 3)).not.toBeNull();
    expect(await dead.acquire(user.id, 3)).not.toBeNull();
    expect(await dead.acquire(user.id, 3)).not.toBeNull();
    expect(await alive.acquire(user.id, 3)).toBeNull();
    await new Promise((r) => setTimeout(r, 1000));
    // the dead one's two rows expired: two slots free again, the live one's row is still counted
    expect(await alive.liveCount(user.id)).toBe(1);
    expect(await alive.acquire(user.id, 3)).not.toBeNull();
    expect(await alive.acquire(user.id, 3)).not.toBeNull();
    expect(await alive.acquire(user.id, 3)).toBeNull();
    await alive.close();
    await dead.close();
    expect(await alive.liveCount(user.id)).toBe(0);
  });

  it('a process shutting down releases all of its sockets', async () => {
    const three = await buildTestApp({ dbUrl: one.dbUrl });
    await three.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(three.app.server.address() as AddressInfo).port}`;
    const held = [await open(url), await open(url), await open(urlOne)];
    expect(await live()).toHaveLength(3);
    await three.close();
    await expect.poll(async () => (await live()).length).toBe(1);
    for (const ws of held) ws.terminate();
    await expect.poll(async () => (await live()).length).toBe(0);
  });
});

describe('sockets per user across processes with REDIS_URL (Redis registry)', async () => {
  const available = await redisAvailable();
  let a: TestContext;
  let b: TestContext;
  let redisUser: TestUser;
  let client: TestClient;
  beforeAll(async () => {
    if (!available) return;
    a = await buildTestApp({ env: { REDIS_URL } });
    b = await buildTestApp({ env: { REDIS_URL }, dbUrl: a.dbUrl });
    await a.app.listen({ port: 0, host: '127.0.0.1' });
    await b.app.listen({ port: 0, host: '127.0.0.1' });
    const t = await createTree(a);
    redisUser = await createUser(a, { username: `sock_redis_${Date.now()}`, org: t.branch1 });
    client = await loginAs(a, redisUser);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it.skipIf(!available)(
    'counts the sockets of both processes against one limit and frees closed ones',
    async () => {
      const url = (c: TestContext) => `http://127.0.0.1:${(c.app.server.address() as AddressInfo).port}`;
      const saved = session;
      session = client;
      const held: WebSocket[] = [];
      for (let i = 0; i < MAX_SOCKETS_PER_USER; i++) held.push(await open(url(i % 2 ? b : a)));
      await expect(open(url(a))).rejects.toThrow('HTTP 429');
      await expect(open(url(b))).rejects.toThrow('HTTP 429');
      await close(held.shift()!);
      await expect
        .poll(async () => {
          try {
            held.push(await open(url(b)));
            return true;
          } catch {
            return false;
          }
        })
        .toBe(true);
      // the slots are in Redis, not in the PostgreSQL registry
      const pgRows = await a.deps.db
        .selectFrom('ws_sockets')
        .where('user_id', '=', redisUser.id)
        .select('id')
        .execute();
      expect(pgRows).toHaveLength(0);
      const probe = new RedisSocketRegistry(REDIS_URL);
      expect(await probe.liveCount(redisUser.id)).toBe(MAX_SOCKETS_PER_USER);
      for (const ws of held) await close(ws);
      await expect.poll(() => probe.liveCount(redisUser.id)).toBe(0);
      await probe.close();
      session = saved;
    },
  );

  it.skipIf(!available)('a process that stops heartbeating loses its slots after the lease', async () => {
    const userId = `00000000-0000-4000-8000-${String(Date.now()).slice(-12).padStart(12, '0')}`;
    const alive = new RedisSocketRegistry(REDIS_URL, { ttlMs: 600, heartbeatMs: 100 });
    const dead = new RedisSocketRegistry(REDIS_URL, { ttlMs: 600, heartbeatMs: 60_000 });
    expect(await alive.acquire(userId, 3)).not.toBeNull();
    expect(await dead.acquire(userId, 3)).not.toBeNull();
    expect(await dead.acquire(userId, 3)).not.toBeNull();
    expect(await alive.acquire(userId, 3)).toBeNull();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await alive.liveCount(userId)).toBe(1);
    expect(await alive.acquire(userId, 3)).not.toBeNull();
    expect(await alive.acquire(userId, 3)).not.toBeNull();
    expect(await alive.acquire(userId, 3)).toBeNull();
    await alive.close();
    await dead.close();
  });
});
