/**
 * Under overload the server answers 503 with Retry-After instead of falling over, keeps its health
 * check, and recovers once the load is gone (SECURITY.md "Load and abuse").
 */
import { Type } from '@sinclair/typebox';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/client.js';
import { buildTestApp, type TestContext } from '../testing/test-app.js';
import { registerErrorHandler } from './error-handler.js';
import { registerOverloadGuard } from './security.js';

const MAX = 4;
let ctx: TestContext;
let release: () => void = () => {};
let gate = new Promise<void>((r) => {
  release = r;
});

beforeAll(async () => {
  ctx = await buildTestApp({
    env: { MAX_IN_FLIGHT: String(MAX), RATE_LIMIT_PER_MINUTE: '100000' },
    beforeReady: (app) => {
      app.get(
        '/api/test/slow',
        { config: { public: true }, schema: { response: { 200: Type.Object({ ok: Type.Boolean() }) } } },
        async () => {
          await gate;
          return { ok: true };
        },
      );
    },
  });
});
afterAll(() => ctx.close());

const get = (url: string) => ctx.app.inject({ method: 'GET', url, remoteAddress: '10.5.0.1' });

describe('overload shedding', () => {
  it('MAX_IN_FLIGHT is read from the environment', () => {
    expect(ctx.deps.config.maxInFlight).toBe(MAX);
  });

  it('answers 503 overloaded with Retry-After once MAX_IN_FLIGHT requests are in flight', async () => {
    const pending = Array.from({ length: MAX }, () => get('/api/test/slow'));
    await new Promise((r) => setTimeout(r, 50));
    const shed = await get('/api/setup/status');
    expect(shed.statusCode).toBe(503);
    expect(shed.json().code).toBe('overloaded');
    expect(Number(shed.headers['retry-after'])).toBeGreaterThan(0);
    expect(shed.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    // The health check stays reachable for the load balancer.
    expect((await get('/api/health')).statusCode).toBe(200);

    release();
    for (const res of await Promise.all(pending)) expect(res.statusCode).toBe(200);
    expect((await get('/api/setup/status')).statusCode).toBe(200);
  });

  it('finished requests of every outcome free their slot (no leak)', async () => {
    gate = Promise.resolve();
    const client = new TestClient(ctx.app, '10.5.0.2');
    for (let i = 0; i < MAX * 5; i++) {
      const urls = [
        '/api/me',
        '/api/users/not-a-uuid',
        '/api/no-such-route',
        '/api/test/slow',
        '/api/setup/status',
      ];
      await client.get(urls[i % urls.length]!);
      await client.post('/api/auth/login', { nope: true });
    }
    const after = await Promise.all(Array.from({ length: MAX }, () => get('/api/test/slow')));
    for (const res of after) expect(res.statusCode).toBe(200);
  });

  it('sheds on sustained event-loop lag, and not for a single pause', async () => {
    const guarded = async () => {
      const app = Fastify();
      registerErrorHandler(app);
      registerOverloadGuard(app, 1000, 100);
      app.get('/x', async () => ({ ok: true }));
      await app.ready();
      return app;
    };
    const busy = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end) {}
    };
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    // One long pause among quiet samples (a GC, a descheduled process): still served.
    const calm = await guarded();
    await sleep(300);
    busy(400);
    await sleep(60);
    expect((await calm.inject('/x')).statusCode).toBe(200);
    await calm.close();

    // Most samples delayed: shed.
    const lagging = await guarded();
    for (let i = 0; i < 15; i++) {
      busy(150);
      await sleep(0);
    }
    const res = await lagging.inject('/x');
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    await lagging.close();
  });
});
