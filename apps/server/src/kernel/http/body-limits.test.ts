/**
 * Body limits and request parsing (SECURITY.md "Load and abuse", "Input and output"): oversized and
 * decompression-bomb bodies get 413, unknown encodings 415, broken JSON and broken compression 400,
 * and `__proto__` in a body has no effect.
 */
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext } from '../testing/test-app.js';

let ctx: TestContext;
let limit: number;
let n = 0;
beforeAll(async () => {
  ctx = await buildTestApp();
  limit = ctx.deps.config.bodyLimitBytes;
});
afterAll(() => ctx.close());

/** Raw POST to the login route from a fresh address (the sign-in rate limit is per address). */
function post(payload: string | Buffer, headers: Record<string, string> = {}, url = '/api/auth/login') {
  n++;
  return ctx.app.inject({
    method: 'POST',
    url,
    remoteAddress: `10.3.${Math.floor(n / 250)}.${n % 250}`,
    headers: { 'content-type': 'application/json', ...headers },
    payload,
  });
}

const login = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ username: 'nobody', password: 'Some-password-123', ...extra });

describe('request bodies', () => {
  it('a plain body over BODY_LIMIT_BYTES gets 413', async () => {
    const res = await post(login({ password: 'x'.repeat(limit) }));
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
  });

  it('a body just under the limit is parsed (then refused by the schema, not by size)', async () => {
    const res = await post(login({ password: 'x'.repeat(limit - 200) }));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
  });

  it('compressed bodies are accepted when they inflate within the limit', async () => {
    for (const [encoding, compress] of [
      ['gzip', gzipSync],
      ['deflate', deflateSync],
      ['br', brotliCompressSync],
    ] as const) {
      const res = await post(compress(Buffer.from(login())), { 'content-encoding': encoding });
      expect(res.statusCode, encoding).toBe(401);
      expect(res.json().code).toBe('auth.invalid_credentials');
    }
  });

  it('a small gzip body that inflates past the limit gets 413 (decompression bomb)', async () => {
    const bomb = gzipSync(Buffer.from(login({ password: ' '.repeat(limit * 4) })));
    expect(bomb.length).toBeLessThan(limit / 50);
    const res = await post(bomb, { 'content-encoding': 'gzip' });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
    const br = await post(brotliCompressSync(Buffer.alloc(limit * 4, 0x20)), { 'content-encoding': 'br' });
    expect(br.statusCode).toBe(413);
  });

  it('an unknown content-encoding gets 415', async () => {
    const res = await post(login(), { 'content-encoding': 'x-unknown' });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('unsupported_media_type');
  });

  it('a corrupt or truncated compressed body gets 400, not 500', async () => {
    const garbage = await post(Buffer.from('this is not gzip at all'), { 'content-encoding': 'gzip' });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().code).toBe('bad_request');
    const full = gzipSync(Buffer.from(login()));
    const truncated = await post(full.subarray(0, full.length - 8), { 'content-encoding': 'gzip' });
    expect(truncated.statusCode).toBe(400);
  });

  it('an unsupported content type gets 415', async () => {
    const res = await post('username=a&password=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('unsupported_media_type');
  });

  it('invalid JSON gets 400 bad_request', async () => {
    for (const payload of ['{"username": "a", ', '{username: a}', 'null null', '\u0000']) {
      const res = await post(payload);
      expect(res.statusCode, payload).toBe(400);
      expect(res.json().code, payload).toBe('bad_request');
    }
  });

  it('unknown fields are refused with 400 (additionalProperties: false)', async () => {
    const res = await post(login({ isAdmin: true }));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
  });

  it('__proto__ and constructor.prototype in a body are refused and pollute nothing', async () => {
    const payloads = [
      '{"__proto__": {"isAdmin": true, "polluted": "yes"}, "username": "nobody", "password": "Some-password-123"}',
      '{"username": "nobody", "password": "Some-password-123", "constructor": {"prototype": {"polluted": "yes"}}}',
      '{"username": {"__proto__": {"polluted": "yes"}}, "password": "Some-password-123"}',
    ];
    for (const payload of payloads) {
      const res = await post(payload);
      expect(res.statusCode, payload).toBe(400);
      expect(['bad_request', 'validation_failed']).toContain(res.json().code);
    }
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('characters the database cannot store', () => {
  it('a NUL character in a string bound for the database gets 400, not 500', async () => {
    const res = await post(JSON.stringify({ username: 'nobody\u0000', password: 'Some-password-123' }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'bad_request', details: { reason: 'invalid_characters' } });
  });
});
