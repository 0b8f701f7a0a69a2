/**
 * Fuzzing every route of the route table with generated bodies, query strings and path ids, both
 * anonymously and as a signed-in administrator: no request may ever produce a 5xx.
 *
 * Deterministic by default; FUZZ_SEED=<n> replays a reported seed, FUZZ_SEED=random explores, and
 * FUZZ_RUNS raises the number of runs per route.
 */
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteInfo } from './route-conventions.js';
import type { TestClient } from '../testing/client.js';
import { createTree, createUser, loginAs } from '../testing/fixtures.js';
import {
  arbitraryFor,
  type JsonSchema,
  routeKey,
  routeSchemas,
  type RouteSchemas,
} from '../testing/route-schemas.js';
import { buildTestApp, type TestContext } from '../testing/test-app.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 15);
const SEED = process.env.FUZZ_SEED === 'random' ? Date.now() : Number(process.env.FUZZ_SEED ?? 20_240_601);
// Run last for the admin: they end or downgrade the session the other runs use.
const SESSION_ENDING = new Set(['POST /api/auth/logout', 'POST /api/auth/mfa/enroll']);

let ctx: TestContext;
let admin: TestClient;
let ids: string[];
let schemas: Map<string, RouteSchemas>;

beforeAll(async () => {
  ctx = await buildTestApp({ env: { RATE_LIMIT_PER_MINUTE: '1000000' } });
  const { root, union, branch1 } = await createTree(ctx);
  const adminUser = await createUser(ctx, { username: 'fuzz_admin', org: root, roles: ['admin'] });
  const member = await createUser(ctx, { username: 'fuzz_member', org: branch1 });
  admin = await loginAs(ctx, adminUser, '10.4.0.1');
  const grant = await ctx.deps.db
    .selectFrom('grants')
    .select('id')
    .where('user_id', '=', adminUser.id)
    .executeTakeFirstOrThrow();
  ids = [root.id, union.id, branch1.id, adminUser.id, member.id, grant.id];
  schemas = routeSchemas(ctx.app);
});
afterAll(() => ctx.close());

type Payload = { payload: string; type: string } | undefined;

function bodyArb(schema: JsonSchema | undefined): fc.Arbitrary<Payload> {
  const json = (v: unknown) => ({ payload: JSON.stringify(v) ?? 'null', type: 'application/json' });
  return fc.oneof(
    { weight: 6, arbitrary: arbitraryFor(schema, ids).map(json) },
    {
      weight: 1,
      arbitrary: fc.string({ maxLength: 200 }).map((s) => ({ payload: s, type: 'application/json' })),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((s) => ({ payload: s, type: 'text/plain' })) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

function queryArb(schema: JsonSchema | undefined): fc.Arbitrary<string> {
  const encode = (o: unknown) =>
    o && typeof o === 'object' && !Array.isArray(o)
      ? new URLSearchParams(
          Object.entries(o).map(([k, v]): [string, string] => [
            k,
            typeof v === 'string' ? v : (JSON.stringify(v) ?? ''),
          ]),
        ).toString()
      : '';
  return fc.oneof(
    { weight: 4, arbitrary: arbitraryFor(schema, ids).map(encode) },
    {
      weight: 1,
      arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 50 })).map(encode),
    },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9%&=+._~[\]-]{0,60}$/) },
  );
}

function requestArb(r: RouteInfo) {
  const s = schemas.get(routeKey(r)) ?? {};
  return fc.record({
    id: fc.oneof(
      fc.constantFrom(...ids),
      fc.uuid(),
      fc.string({ maxLength: 50 }),
      fc.constantFrom('%00', '..', '%E0%A4%A'),
    ),
    body: r.method === 'GET' ? fc.constant(undefined) : bodyArb(s.body),
    query: queryArb(s.query),
    ip: fc.ipV4(),
  });
}

async function fuzzRoute(r: RouteInfo, as: TestClient | null): Promise<void> {
  const property = fc.asyncProperty(requestArb(r), async (req) => {
    const path = r.url.replace(/:(\w+)/g, () => (req.id.includes('%') ? req.id : encodeURIComponent(req.id)));
    const headers: Record<string, string> = {};
    if (as) {
      headers.cookie = [...as.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      if (r.method !== 'GET') headers['x-csrf-token'] = as.csrf ?? '';
    }
    if (req.body) headers['content-type'] = req.body.type;
    const res = await ctx.app.inject({
      method: r.method as InjectOptions['method'],
      url: req.query ? `${path}?${req.query}` : path,
      remoteAddress: req.ip,
      headers,
      ...(req.body ? { payload: req.body.payload } : {}),
    });
    if (res.statusCode >= 500) {
      throw new Error(`${routeKey(r)} -> ${res.statusCode} ${res.body.slice(0, 300)}`);
    }
  });
  await fc.assert(property, { numRuns: RUNS, seed: SEED, endOnFailure: false });
}

function orderedRoutes(): RouteInfo[] {
  const rest = ctx.app.routeTable.filter((r) => !SESSION_ENDING.has(routeKey(r)));
  return [...rest, ...ctx.app.routeTable.filter((r) => SESSION_ENDING.has(routeKey(r)))];
}

describe(`fuzzing every route (seed ${SEED}, ${RUNS} runs each)`, () => {
  it('no 5xx for anonymous callers', async () => {
    for (const r of orderedRoutes()) await fuzzRoute(r, null);
  }, 120_000);

  it('no 5xx for a signed-in administrator', async () => {
    expect((await admin.get('/api/me')).json().user.mfaPassed).toBe(true);
    for (const r of orderedRoutes()) await fuzzRoute(r, admin);
  }, 120_000);
});
