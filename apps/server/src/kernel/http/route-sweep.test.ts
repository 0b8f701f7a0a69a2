/**
 * Access control proven over the whole route table (SECURITY.md "Access control"): anonymous callers,
 * plain members, and object scope between branches and between members. A route with an object id
 * that no scope case covers fails this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../testing/client.js';
import '../testing/scope-cases.js';
import {
  buildScopeWorld,
  type ListCase,
  MEMBER_ROUTES,
  type ObjectCase,
  type RefusalCase,
  routeOf,
  type ScopeWorld,
  scopeModules,
  sweepAnonymous,
  sweepListScope,
  sweepMember,
  sweepObjectScope,
  sweepRefusals,
  uncoveredRoutes,
} from '../testing/sweeps.js';
import { buildTestApp, type TestContext } from '../testing/test-app.js';
import { realPaymentProvidersEnv } from '../../modules/payments/payments.scope-cases.test.js';

let ctx: TestContext;
let world: ScopeWorld;
const objects: ObjectCase[] = [];
const lists: ListCase[] = [];
const unscoped: string[] = [];
const refusals: RefusalCase[] = [];

beforeAll(async () => {
  // The sweeps test access control, not limits (those have their own tests): all callers share one
  // address and every module adds cases, so lift the per-minute limit here.
  // The real payment providers are enabled next to the sandbox, so their public notify routes exist.
  ctx = await buildTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000', ...realPaymentProvidersEnv() } });
  world = await buildScopeWorld(ctx);
  for (const m of scopeModules()) {
    const c = await m.cases(world);
    objects.push(...c.objects);
    lists.push(...c.lists);
    unscoped.push(...Object.keys(m.unscoped ?? {}));
    refusals.push(...(c.refusals ?? []));
  }
});
afterAll(() => ctx.close());

describe('route table sweeps', () => {
  it('the route table is populated and every member route exists', () => {
    expect(ctx.app.routeTable.length).toBeGreaterThan(20);
    for (const key of MEMBER_ROUTES) expect(() => routeOf(ctx.app, key)).not.toThrow();
    for (const c of [...objects, ...lists]) expect(() => routeOf(ctx.app, c.route)).not.toThrow();
  });

  it('every non-public route answers 401 auth.unauthenticated to an anonymous caller', async () => {
    expect(await sweepAnonymous(ctx.app, new TestClient(ctx.app, '10.1.0.1'))).toEqual([]);
  });

  it('a stale or forged session cookie is anonymous too', async () => {
    const forged = new TestClient(ctx.app, '10.1.0.2');
    forged.cookies.set('__Host-uh_session', 'A'.repeat(43));
    expect(await sweepAnonymous(ctx.app, forged)).toEqual([]);
  });

  it('a plain member gets 403 or 404 on every officer route', async () => {
    const failures = await sweepMember(ctx.app, world.clients.memberA, {
      userId: world.users.memberA.id,
      orgId: world.tree.branch1.id,
    });
    expect(failures).toEqual([]);
  });

  it("an officer of branch 1 and member A get 404 for branch 2's and member B's objects", async () => {
    expect(objects.length).toBeGreaterThan(0);
    expect(await sweepObjectScope(world, objects)).toEqual([]);
  });

  it('lists, searches and counts never show branch-2 data to branch 1', async () => {
    expect(await sweepListScope(world, lists)).toEqual([]);
  });

  it('public routes that take their own proof refuse input without it with a 4xx', async () => {
    expect(refusals.length).toBeGreaterThan(0);
    expect(await sweepRefusals(ctx.app, refusals)).toEqual([]);
  });

  it('every route with an object id and every officer list is covered by a scope case', () => {
    expect(uncoveredRoutes(ctx.app, { objects, lists, unscoped })).toEqual([]);
  });

  it('the coverage check notices a route that no case covers', () => {
    const withoutGrants = objects.filter((c) => c.route !== 'DELETE /api/grants/:id');
    expect(uncoveredRoutes(ctx.app, { objects: withoutGrants, lists, unscoped })).toContain(
      'DELETE /api/grants/:id',
    );
    expect(uncoveredRoutes(ctx.app, { objects, lists: [], unscoped: [] })).toContain('GET /api/users');
  });
});
