// A tiny server for screenshots: serves dist/ like the real server would (SPA fallback, strict
// CSP) and fakes the few /api routes the pages need. The scenario comes from the
// x-mock-scenario request header, which the screenshot script sets per browser context.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import QRCode from 'qrcode';
import { audit, grantsByUser, meFor, orgs, roles, users } from './mock-data.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}
const fail = (res, status, code, message, details) =>
  send(res, status, { code, message, requestId: 'req-7f3a9c2e', ...(details ? { details } : {}) });

async function readBody(req) {
  let data = '';
  for await (const chunk of req) data += chunk;
  return data ? JSON.parse(data) : {};
}

function page(items, url) {
  const p = Number(url.searchParams.get('page') ?? 1);
  const size = Number(url.searchParams.get('pageSize') ?? 50);
  return { items: items.slice((p - 1) * size, p * size), total: items.length, page: p, pageSize: size };
}

async function api(req, res, url, scenario) {
  const path = url.pathname.replace(/^\/api/, '');
  const m = req.method;
  if (m !== 'GET' && !req.headers['x-csrf-token'] && !['/auth/login', '/setup'].includes(path)) {
    return fail(res, 403, 'csrf.invalid', 'CSRF token missing');
  }
  const body = m === 'GET' ? {} : await readBody(req);
  if (path === '/setup/status') return send(res, 200, { needsSetup: scenario === 'setup' });
  if (path === '/setup' && m === 'POST') return send(res, 200, { csrfToken: 'csrf-setup' });
  if (path === '/auth/login') {
    if (body.username === 'locked') {
      return fail(res, 429, 'auth.rate_limited', 'Too many attempts', { retryAfterSeconds: 42 });
    }
    if (body.password === 'wrong') return fail(res, 401, 'auth.invalid_credentials', 'Invalid credentials');
    return send(res, 200, {
      status: body.username === 'officer' ? 'mfa_required' : 'ok',
      csrfToken: 'csrf-login',
    });
  }
  if (path === '/auth/mfa/verify') {
    if (body.code === '000000') return fail(res, 401, 'auth.mfa_invalid_code', 'Invalid code');
    return send(res, 200, { status: 'ok', csrfToken: 'csrf-mfa' });
  }
  if (path === '/auth/logout') return send(res, 204);
  if (path === '/me') {
    const me = meFor(scenario);
    return me ? send(res, 200, me) : fail(res, 401, 'auth.unauthenticated', 'Not signed in');
  }
  if (path === '/auth/mfa/enroll') {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const otpauthUrl = `otpauth://totp/Unionhall:admin?secret=${secret}&issuer=Unionhall`;
    return send(res, 200, {
      secret,
      otpauthUrl,
      qrSvg: await QRCode.toString(otpauthUrl, { type: 'svg', margin: 1 }),
    });
  }
  if (path === '/auth/mfa/activate') {
    const codes = ['3f9a-1c2e-77b0', 'a41d-9e03-5c6f', '0b7e-d2a9-41c8', '9c15-66fe-2a0d', 'e870-3b4c-d915'];
    return send(res, 200, { recoveryCodes: codes });
  }
  if (path === '/orgs' && m === 'GET') return send(res, 200, { items: orgs });
  if (path === '/roles') return send(res, 200, { items: roles });
  if (path === '/users' && m === 'GET') {
    const q = (url.searchParams.get('q') ?? '').toLowerCase();
    return send(
      res,
      200,
      page(
        users.filter((u) => !q || u.username.includes(q) || u.displayName.includes(q)),
        url,
      ),
    );
  }
  const userMatch = path.match(/^\/users\/(u\d+)$/);
  if (userMatch) {
    const u = users.find((x) => x.id === userMatch[1]);
    return u
      ? send(res, 200, { ...u, grants: grantsByUser[u.id] ?? [] })
      : fail(res, 404, 'not_found', 'Not found');
  }
  if (/^\/users\/u\d+\/reveal$/.test(path)) {
    if (!body.reason || body.reason.length < 2) return fail(res, 400, 'validation_failed', 'reason');
    return send(res, 200, { email: 'wang.jianguo@example.org', phone: '13812345678' });
  }
  if (path === '/audit') return send(res, 200, page(audit, url));
  if (path === '/audit/verify') {
    return send(
      res,
      200,
      scenario === 'audit-bad' ? { ok: false, checked: 412, firstBadSeq: 977 } : { ok: true, checked: 1000 },
    );
  }
  return fail(res, 404, 'not_found', `No mock for ${m} ${path}`);
}

/** Starts the mock on a free port; resolves to { url, close }. */
export async function startMockServer(distDir) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('content-security-policy', CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    const scenario = String(req.headers['x-mock-scenario'] ?? 'anon');
    try {
      if (url.pathname.startsWith('/api/')) return await api(req, res, url, scenario);
      const file = normalize(url.pathname).replace(/^(\.\.[/\\])+/, '');
      let data;
      let type = TYPES[extname(file)] ?? 'application/octet-stream';
      try {
        data = await readFile(join(distDir, file));
      } catch {
        data = await readFile(join(distDir, 'index.html'));
        type = TYPES['.html'];
      }
      res.writeHead(200, { 'content-type': type });
      res.end(data);
    } catch (e) {
      fail(res, 500, 'internal', String(e));
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}
