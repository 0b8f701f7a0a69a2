/**
 * Every response, errors included, carries HSTS, a CSP with frame-ancestors and without inline
 * scripts, nosniff and a Referrer-Policy; API responses are never cached; 5xx bodies carry only the
 * request id (SECURITY.md "Input and output").
 */
import { Type } from '@sinclair/typebox';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/client.js';
import { createTree, createUser, loginAs } from '../testing/fixtures.js';
import { buildTestApp, type TestContext } from '../testing/test-app.js';

const SECRET_DETAIL = 'connection to 10.9.8.7 failed for user pg_secret_user';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await buildTestApp({
    env: { RATE_LIMIT_PER_MINUTE: '10' },
    beforeReady: (app) => {
      app.get(
        '/api/test/boom',
        { config: { public: true, rateLimit: false }, schema: { response: { 200: Type.Object({}) } } },
        async () => {
          throw new Error(SECRET_DETAIL);
        },
      );
    },
  });
});
afterAll(() => ctx.close());

function expectSecurityHeaders(res: LightMyRequestResponse, label: string) {
  const h = res.headers;
  expect(h['strict-transport-security'], label).toMatch(/max-age=\d{7,}/);
  const csp = String(h['content-security-policy'] ?? '');
  expect(csp, label).toContain("frame-ancestors 'none'");
  const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
  expect(scriptSrc.trim(), label).toBe("script-src 'self'");
  expect(csp, label).toMatch(/default-src 'self'/);
  expect(csp, label).toMatch(/object-src 'none'/);
  expect(h['x-content-type-options'], label).toBe('nosniff');
  expect(h['referrer-policy'], label).toBe('no-referrer');
}

function expectNoStore(res: LightMyRequestResponse, label: string) {
  expect(res.headers['cache-control'], label).toBe('no-store');
}

describe('security headers on every kind of response', () => {
  it('200, 401 and 404', async () => {
    const anon = new TestClient(ctx.app, '10.2.0.1');
    const ok = await anon.get('/api/health');
    expect(ok.statusCode).toBe(200);
    const unauth = await anon.get('/api/me');
    expect(unauth.statusCode).toBe(401);
    const { union } = await createTree(ctx);
    const officer = await loginAs(
      ctx,
      await createUser(ctx, { username: 'hdr_admin', org: union, roles: ['admin'] }),
      '10.2.0.2',
    );
    const missing = await officer.get('/api/users/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    const noRoute = await officer.get('/api/no-such-route');
    expect(noRoute.statusCode).toBe(404);
    expect(noRoute.json().code).toBe('not_found');
    const me = await officer.get('/api/me');
    expect(me.statusCode).toBe(200);
    for (const [label, res] of Object.entries({ ok, unauth, missing, noRoute, me })) {
      expectSecurityHeaders(res, label);
      expectNoStore(res, label);
    }
    // Outside /api too (the SPA shell and unknown paths).
    const page = await anon.get('/no-such-page');
    expectSecurityHeaders(page, 'non-api');
  });

  it('413 for an oversized body', async () => {
    const res = await new TestClient(ctx.app, '10.2.0.3').post('/api/auth/login', {
      username: 'x',
      password: 'p'.repeat(ctx.deps.config.bodyLimitBytes + 10),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
    expectSecurityHeaders(res, '413');
    expectNoStore(res, '413');
  });

  it('429 from the request rate limit, with Retry-After', async () => {
    const client = new TestClient(ctx.app, '10.2.0.4');
    let last: LightMyRequestResponse | undefined;
    for (let i = 0; i < 12; i++) last = await client.get('/api/setup/status');
    expect(last!.statusCode).toBe(429);
    expect(last!.json().code).toBe('rate_limited');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expectSecurityHeaders(last!, '429');
    expectNoStore(last!, '429');
    // Another address is not affected.
    expect((await new TestClient(ctx.app, '10.2.0.5').get('/api/setup/status')).statusCode).toBe(200);
  });

  it('500 hides internals: only code, message and request id', async () => {
    const res = await new TestClient(ctx.app, '10.2.0.6').get('/api/test/boom');
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['code', 'message', 'requestId']);
    expect(body.code).toBe('internal');
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).not.toContain('pg_secret_user');
    expect(res.body).not.toContain('10.9.8.7');
    expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
    expectSecurityHeaders(res, '500');
    expectNoStore(res, '500');
  });
});
