/**
 * SECURITY.md "Rate limits hold across several server processes (shared store)": two processes
 * configured with the same REDIS_URL share one budget per client address. Needs a Redis server
 * (CI starts one; on a machine without Redis this file reports itself skipped).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/client.js';
import { buildTestApp, type TestContext } from '../testing/test-app.js';

const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379/15';

async function redisReachable(): Promise<boolean> {
  const r = new Redis(REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 500,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await r.connect();
    await r.flushdb();
    return true;
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

const available = await redisReachable();
let a: TestContext;
let b: TestContext;

describe.runIf(available)('rate limit shared through Redis', () => {
  beforeAll(async () => {
    const env = { REDIS_URL, RATE_LIMIT_PER_MINUTE: '10' };
    a = await buildTestApp({ env });
    b = await buildTestApp({ env, dbUrl: a.dbUrl });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('one client spread over two processes gets one budget, not two', async () => {
    const ip = '198.51.100.77';
    const onA = new TestClient(a.app, ip);
    const onB = new TestClient(b.app, ip);
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) {
      codes.push((await onA.get('/api/setup/status')).statusCode);
      codes.push((await onB.get('/api/setup/status')).statusCode);
    }
    expect(codes.filter((c) => c === 200)).toHaveLength(10);
    expect(codes.slice(10).every((c) => c === 429)).toBe(true);
    const limited = await onB.get('/api/setup/status');
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.json().code).toBe('rate_limited');
  });
});
