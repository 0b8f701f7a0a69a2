/**
 * Pub/sub across two server processes (two test apps on one database, each with its own pool and
 * listener): a message published on one reaches subscribers on both, in order, exactly once.
 * PostgreSQL LISTEN/NOTIFY always; Redis when a server answers at REDIS_URL (127.0.0.1:6379 on dev/CI).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext } from '../testing/test-app.js';
import { PgPubSub } from './pg-pubsub.js';
import type { PubSub } from './pubsub.js';
import {
  encodeEnvelope,
  MAX_MESSAGE_BYTES,
  packEnvelopes,
  publishToUsers,
  USERS_CHANNEL,
  USERS_PER_MESSAGE,
  unpackPayload,
} from './pubsub.js';
import { RedisPubSub } from './redis-pubsub.js';

/** publishMany in one round trip, in order; publishToUsers chunks many user ids into few envelopes. */
async function bulk(a: PubSub, b: PubSub) {
  const got: unknown[] = [];
  const off = await b.subscribe('bulk-test', (m) => got.push(m));
  const sent = Array.from({ length: 250 }, (_, i) => ({ i }));
  await a.publishMany('bulk-test', sent);
  await expect.poll(() => got.length, { timeout: 10_000 }).toBe(250);
  expect(got).toEqual(sent);
  await off();
  const ids = Array.from(
    { length: 1000 },
    (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  );
  const envelopes: Array<{ u: string[]; m: unknown }> = [];
  const offUsers = await b.subscribe(USERS_CHANNEL, (m) => envelopes.push(m as { u: string[]; m: unknown }));
  await publishToUsers(a, ids, { type: 'notification' });
  await expect.poll(() => envelopes.flatMap((e) => e.u).length, { timeout: 10_000 }).toBe(1000);
  expect(envelopes).toHaveLength(Math.ceil(1000 / USERS_PER_MESSAGE));
  expect(envelopes.flatMap((e) => e.u)).toEqual(ids);
  expect(envelopes.every((e) => (e.m as { type: string }).type === 'notification')).toBe(true);
  await offUsers();
}

/** publishBatch over several channels: each channel's messages once, in order, none to other channels. */
async function batch(a: PubSub, b: PubSub) {
  const got = new Map<string, unknown[]>();
  const channels = ['batch-a', 'batch-b', 'batch-c'];
  const offs = await Promise.all(
    channels.map((c) => b.subscribe(c, (m) => got.set(c, [...(got.get(c) ?? []), m]))),
  );
  const other: unknown[] = [];
  const offOther = await b.subscribe('batch-other', (m) => other.push(m));
  // ~120 messages of ~400 bytes: several packed notifications on PostgreSQL
  const items = Array.from({ length: 120 }, (_, i) => ({
    channel: channels[i % 3]!,
    message: { i, text: `消息 ${i} `.repeat(40) },
  }));
  await a.publishBatch(items);
  await expect
    .poll(() => channels.map((c) => got.get(c)?.length ?? 0), { timeout: 10_000 })
    .toEqual([40, 40, 40]);
  await new Promise((r) => setTimeout(r, 200));
  for (const c of channels)
    expect(got.get(c)).toEqual(items.filter((x) => x.channel === c).map((x) => x.message));
  expect(other).toEqual([]);
  await expect(a.publishBatch([{ channel: 'batch-a', message: 'x'.repeat(8000) }])).rejects.toThrow(
    /too large/,
  );
  for (const off of [...offs, offOther]) await off();
}

describe('packing envelopes', () => {
  it('fills payloads up to the NOTIFY limit, in order, and unpacks them back', () => {
    const envs = Array.from({ length: 50 }, (_, i) =>
      encodeEnvelope('room:p', { i, pad: 'x'.repeat(i * 40) }),
    );
    const payloads = packEnvelopes(envs);
    expect(payloads.length).toBeGreaterThan(1);
    expect(payloads.length).toBeLessThan(50);
    expect(payloads.every((p) => Buffer.byteLength(p) <= MAX_MESSAGE_BYTES)).toBe(true);
    const out: unknown[] = [];
    for (const p of payloads) unpackPayload(p, (c, m) => out.push([c, m]));
    expect(out).toEqual(envs.map((e) => [JSON.parse(e).c, JSON.parse(e).m]));
    expect(packEnvelopes([envs[0]!])).toEqual([envs[0]]);
  });
});

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

async function exchange(a: PubSub, b: PubSub, channel: string, n: number) {
  const onA: unknown[] = [];
  const onB: unknown[] = [];
  const offA = await a.subscribe(channel, (m) => onA.push(m));
  const offB = await b.subscribe(channel, (m) => onB.push(m));
  const other: unknown[] = [];
  const offOther = await b.subscribe(`${channel}-other`, (m) => other.push(m));
  const sent = Array.from({ length: n }, (_, i) => ({ seq: i, text: `消息 ${i} <b>x</b>` }));
  // publishes from both processes, each process's own stream in order
  for (const m of sent) await a.publish(channel, m);
  await expect.poll(() => onB.length, { timeout: 10_000 }).toBe(n);
  await expect.poll(() => onA.length, { timeout: 10_000 }).toBe(n);
  // settle: nothing arrives twice later
  await new Promise((r) => setTimeout(r, 200));
  expect(onB).toEqual(sent);
  expect(onA).toEqual(sent);
  expect(other).toEqual([]);
  await offA();
  await offB();
  await offOther();
  await a.publish(channel, { seq: -1 });
  await new Promise((r) => setTimeout(r, 200));
  expect(onA).toHaveLength(n);
  expect(onB).toHaveLength(n);
}

describe('PostgreSQL LISTEN/NOTIFY pub/sub across two processes', () => {
  let one: TestContext;
  let two: TestContext;
  beforeAll(async () => {
    one = await buildTestApp();
    two = await buildTestApp({ dbUrl: one.dbUrl });
  });
  afterAll(async () => {
    await two.close();
    await one.close();
  });

  it('the default deps carry a PgPubSub', () => {
    expect(one.deps.pubsub).toBeInstanceOf(PgPubSub);
  });

  it('delivers to the other process in order, exactly once', async () => {
    await exchange(one.deps.pubsub, two.deps.pubsub, 'room:pg-test', 300);
  });

  it('publishMany and batched per-user pushes reach the other process in order', async () => {
    await bulk(one.deps.pubsub, two.deps.pubsub);
  });

  it('publishBatch reaches the other process in order per channel, packed', async () => {
    await batch(one.deps.pubsub, two.deps.pubsub);
  });

  it('refuses oversized messages and bad channel names', async () => {
    await expect(one.deps.pubsub.publish('room:x', 'x'.repeat(8000))).rejects.toThrow(/too large/);
    await expect(one.deps.pubsub.publish("bad'; --", 1)).rejects.toThrow(/invalid/);
  });
});

describe('Redis pub/sub across two processes', async () => {
  const available = await redisAvailable();
  let one: TestContext;
  let two: TestContext;
  beforeAll(async () => {
    if (!available) return;
    one = await buildTestApp({ env: { REDIS_URL } });
    two = await buildTestApp({ env: { REDIS_URL }, dbUrl: one.dbUrl });
  });
  afterAll(async () => {
    await two?.close();
    await one?.close();
  });

  it.skipIf(!available)('REDIS_URL selects the Redis implementation', () => {
    expect(one.deps.pubsub).toBeInstanceOf(RedisPubSub);
  });

  it.skipIf(!available)('delivers to the other process in order, exactly once', async () => {
    const channel = `room:redis-test-${Date.now()}`;
    await exchange(one.deps.pubsub, two.deps.pubsub, channel, 300);
  });

  it.skipIf(!available)(
    'publishMany and batched per-user pushes reach the other process in order',
    async () => {
      await bulk(one.deps.pubsub, two.deps.pubsub);
    },
  );

  it.skipIf(!available)('publishBatch reaches the other process in order per channel', async () => {
    await batch(one.deps.pubsub, two.deps.pubsub);
  });
});
