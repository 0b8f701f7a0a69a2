/**
 * Access-control sweeps over the route table (SECURITY.md "Access control").
 *
 * - sweepAnonymous: every non-public route answers 401 to a caller without a session.
 * - sweepMember: a plain member gets 403/404 on every officer route.
 * - sweepObjectScope / sweepListScope: officer of branch 1 and member A never reach branch 2's or
 *   member B's objects, neither by id nor through lists, search and counts.
 * - A registry of scope cases per module, and coverage checks that fail the build when a route with an
 *   object id (or a non-public list) is covered by no case.
 *
 * To cover a new route, add a ScopeModule to scope-cases.ts (or a file it imports).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { RouteInfo } from '../http/route-conventions.js';
import type { OrgRow } from '../../modules/orgs/index.js';
import type { TestClient } from './client.js';
import { createOrg, createTree, createUser, loginAs, type TestUser } from './fixtures.js';
import { fillPath, routeKey, routeSchemas, sampleFor } from './route-schemas.js';
import type { TestContext } from './test-app.js';

/**
 * Routes a plain member may call: their own account and sign-in. Everything else is an officer route.
 * Modules add theirs with registerMemberRoutes() (next to their registerScopeModule()).
 */
const memberRoutes = new Set([
  'GET /api/me',
  'PATCH /api/me/contact',
  'POST /api/auth/mfa/verify',
  'POST /api/auth/logout',
  'POST /api/auth/reauth',
  'POST /api/auth/mfa/enroll',
  'POST /api/auth/mfa/activate',
  'POST /api/auth/password/change',
]);
export const MEMBER_ROUTES: ReadonlySet<string> = memberRoutes;

/** Declares routes meant for plain members (their own data); the member sweep then skips them. */
export function registerMemberRoutes(...keys: string[]): void {
  for (const k of keys) memberRoutes.add(k);
}

export type ScopeWorld = {
  ctx: TestContext;
  tree: Record<'root' | 'union' | 'branch1' | 'branch2' | 'b1Sub' | 'b1Group' | 'b2Sub' | 'b2Group', OrgRow>;
  /** memberA, subject1 in branch 1; memberB, subject2 in branch 2; officerN is chair on branchN. */
  users: Record<'memberA' | 'memberB' | 'subject1' | 'subject2' | 'officer1' | 'officer2', TestUser>;
  clients: Record<'memberA' | 'officer1' | 'officer2', TestClient>;
};

/** root -> union -> branch1 (-> b1Sub, b1Group), branch2 (-> b2Sub, b2Group), with members and chairs. */
export async function buildScopeWorld(ctx: TestContext): Promise<ScopeWorld> {
  const { root, union, branch1, branch2 } = await createTree(ctx);
  const tree = {
    root,
    union,
    branch1,
    branch2,
    b1Sub: await createOrg(ctx, '一车间一班', 'branch', branch1),
    b1Group: await createOrg(ctx, '一车间小组', 'group', branch1),
    b2Sub: await createOrg(ctx, '二车间一班', 'branch', branch2),
    b2Group: await createOrg(ctx, '二车间小组', 'group', branch2),
  };
  const users = {
    memberA: await createUser(ctx, { username: 'member_a', org: branch1 }),
    memberB: await createUser(ctx, { username: 'member_b', org: branch2 }),
    subject1: await createUser(ctx, { username: 'subject_1', org: tree.b1Sub }),
    subject2: await createUser(ctx, { username: 'subject_2', org: tree.b2Sub }),
    officer1: await createUser(ctx, { username: 'officer_1', org: branch1, roles: ['chair'] }),
    officer2: await createUser(ctx, { username: 'officer_2', org: branch2, roles: ['chair'] }),
  };
  const clients = {
    memberA: await loginAs(ctx, users.memberA),
    officer1: await loginAs(ctx, users.officer1),
    officer2: await loginAs(ctx, users.officer2),
  };
  return { ctx, tree, users, clients };
}

/** Optional fields may be left undefined (handy when cases are built from object literals). */
export type Req = {
  params?: Record<string, string | undefined>;
  body?: unknown;
  query?: Record<string, string | undefined>;
};

export type ObjectCase = {
  /** `METHOD /api/path/:param` exactly as in app.routeTable. */
  route: string;
  /** A request naming branch 2's (or member B's) object: officer 1 and member A must get 404. */
  foreign: Req;
  /** The same request on a branch-1 object: officer 1 must succeed (positive control, run last). */
  own?: Req;
  /** For member-owned objects: member B's object (member A gets 404), defaults to `foreign`. */
  memberForeign?: Req;
  /** Member A's own object: member A must succeed. */
  memberOwn?: Req;
};

export type ListCase = {
  route: string;
  query?: Record<string, string | undefined>;
  /** Ids or names of branch-2 objects that must not appear in officer 1's or member A's answer. */
  hidden: string[];
  /** Must appear in officer 1's answer (positive control). */
  visible?: string[];
  /** Officer 1's expected `total` (counts must not reveal hidden rows either). */
  total?: number;
};

export type ScopeModule = {
  name: string;
  /** Seeds the module's objects in both branches and returns the cases over them. */
  cases: (w: ScopeWorld) => Promise<{ objects: ObjectCase[]; lists: ListCase[]; refusals?: RefusalCase[] }>;
  /** Non-public GET routes without org-scoped data, each with the reason no list sweep applies. */
  unscoped?: Record<string, string>;
};

/**
 * A public route that must refuse input lacking its own proof (e.g. a payment platform's signature)
 * with a 4xx, without a session: the request is sent as given (raw body, headers).
 */
export type RefusalCase = {
  route: string;
  label: string;
  headers?: Record<string, string>;
  body?: string;
};

/** Sends every refusal case anonymously; returns the ones not answered with a 4xx. */
export async function sweepRefusals(app: FastifyInstance, cases: RefusalCase[]): Promise<string[]> {
  const failures: string[] = [];
  for (const c of cases) {
    const r = routeOf(app, c.route);
    const res = await app.inject({
      method: r.method as InjectOptions['method'],
      url: r.url,
      headers: c.headers,
      payload: c.body,
      remoteAddress: '10.9.0.1',
    });
    if (res.statusCode < 400 || res.statusCode >= 500)
      failures.push(`${c.route} (${c.label}) -> ${res.statusCode} ${res.body.slice(0, 120)}`);
  }
  return failures;
}

/**
 * By name: vitest runs test files with `isolate: false`, so a scope-case file that also ran as a test
 * file of its own in the same worker may be evaluated twice; its cases must still be seeded only once
 * (they create members and grants that may exist only once).
 */
const registry = new Map<string, ScopeModule>();

export function registerScopeModule(m: ScopeModule): void {
  registry.set(m.name, m);
}

export function scopeModules(): readonly ScopeModule[] {
  return [...registry.values()];
}

export function routeOf(app: FastifyInstance, key: string): RouteInfo {
  const r = app.routeTable.find((x) => routeKey(x) === key);
  if (!r) throw new Error(`sweep case names unknown route ${key}`);
  return r;
}

const defined = (o: Record<string, string | undefined>) =>
  Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined);

function urlFor(app: FastifyInstance, key: string, req: Req): string {
  const route = routeOf(app, key);
  const qs = req.query ? `?${new URLSearchParams(defined(req.query))}` : '';
  return fillPath(route, Object.fromEntries(defined(req.params ?? {}))) + qs;
}

async function call(client: TestClient, app: FastifyInstance, key: string, req: Req) {
  const method = key.split(' ')[0] as InjectOptions['method'];
  const body = method === 'GET' ? undefined : (req.body ?? {});
  return client.request(method, urlFor(app, key, req), body);
}

/** Every non-public route refuses an anonymous caller with 401 auth.unauthenticated. Returns failures. */
export async function sweepAnonymous(app: FastifyInstance, anon: TestClient): Promise<string[]> {
  const failures: string[] = [];
  for (const r of app.routeTable.filter((x) => !x.public)) {
    const url = fillPath(r, () => randomUUID());
    const res = await anon.request(
      r.method as InjectOptions['method'],
      url,
      r.method === 'GET' ? undefined : {},
    );
    const code = res.statusCode === 401 ? res.json().code : undefined;
    if (code !== 'auth.unauthenticated')
      failures.push(`${routeKey(r)} -> ${res.statusCode} ${res.body.slice(0, 120)}`);
  }
  return failures;
}

/**
 * A plain member gets 403 or 404 on every officer route, with bodies valid enough to reach the access
 * check. Ids point at the member's own org and account (and a random id), the likeliest to slip through.
 */
export async function sweepMember(
  app: FastifyInstance,
  member: TestClient,
  own: { userId: string; orgId: string },
): Promise<string[]> {
  const schemas = routeSchemas(app);
  const failures: string[] = [];
  const officerRoutes = app.routeTable.filter((r) => !r.public && !MEMBER_ROUTES.has(routeKey(r)));
  for (const r of officerRoutes) {
    const body = sampleFor(schemas.get(routeKey(r))?.body, (name) =>
      name === 'userId' ? own.userId : own.orgId,
    );
    const idChoices = r.params.length ? [own.orgId, own.userId, randomUUID()] : [''];
    for (const id of idChoices) {
      const res = await member.request(
        r.method as InjectOptions['method'],
        fillPath(r, () => id),
        r.method === 'GET' ? undefined : (body ?? {}),
      );
      if (res.statusCode !== 403 && res.statusCode !== 404) {
        failures.push(`${routeKey(r)} (id ${id || '-'}) -> ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
  }
  return failures;
}

/** Foreign ids answer 404 to officer 1 and member A; then the positive controls run. Returns failures. */
export async function sweepObjectScope(w: ScopeWorld, cases: ObjectCase[]): Promise<string[]> {
  const { app } = w.ctx;
  const failures: string[] = [];
  const expect404 = async (who: string, client: TestClient, c: ObjectCase, req: Req) => {
    const res = await call(client, app, c.route, req);
    if (res.statusCode !== 404)
      failures.push(
        `${who}: ${c.route} ${JSON.stringify(req)} -> ${res.statusCode} ${res.body.slice(0, 160)}`,
      );
  };
  for (const c of cases) {
    await expect404('officer of branch 1', w.clients.officer1, c, c.foreign);
    await expect404('member A', w.clients.memberA, c, c.memberForeign ?? c.foreign);
  }
  for (const c of cases) {
    for (const [who, client, req] of [
      ['officer of branch 1 (own object)', w.clients.officer1, c.own],
      ['member A (own object)', w.clients.memberA, c.memberOwn],
    ] as const) {
      if (!req) continue;
      const res = await call(client, app, c.route, req);
      if (res.statusCode >= 300)
        failures.push(
          `${who}: ${c.route} ${JSON.stringify(req)} -> ${res.statusCode} ${res.body.slice(0, 160)}`,
        );
    }
  }
  return failures;
}

/** Lists, searches and counts never show branch-2 data to officer 1 or member A. Returns failures. */
export async function sweepListScope(w: ScopeWorld, cases: ListCase[]): Promise<string[]> {
  const { app } = w.ctx;
  const failures: string[] = [];
  for (const c of cases) {
    const req = { query: c.query };
    const mine = await call(w.clients.officer1, app, c.route, req);
    const label = `${c.route} ${JSON.stringify(c.query ?? {})}`;
    if (mine.statusCode !== 200) {
      failures.push(`officer of branch 1: ${label} -> ${mine.statusCode} (positive control)`);
      continue;
    }
    for (const h of c.hidden)
      if (mine.body.includes(h)) failures.push(`officer of branch 1: ${label} reveals ${h}`);
    for (const v of c.visible ?? [])
      if (!mine.body.includes(v)) failures.push(`officer of branch 1: ${label} misses ${v}`);
    if (c.total !== undefined && mine.json().total !== c.total) {
      failures.push(`officer of branch 1: ${label} total ${mine.json().total}, expected ${c.total}`);
    }
    const member = await call(w.clients.memberA, app, c.route, req);
    if (member.statusCode === 200) {
      for (const h of c.hidden) if (member.body.includes(h)) failures.push(`member A: ${label} reveals ${h}`);
    } else if (member.statusCode !== 403 && member.statusCode !== 404) {
      failures.push(`member A: ${label} -> ${member.statusCode}`);
    }
  }
  return failures;
}

/**
 * Routes the sweeps do not cover: non-public routes with a path id and no object case, and non-public
 * GET routes without an id that have neither a list case nor an `unscoped` reason.
 */
export function uncoveredRoutes(
  app: FastifyInstance,
  covered: { objects: ObjectCase[]; lists: ListCase[]; unscoped: string[] },
): string[] {
  const objectRoutes = new Set(covered.objects.map((c) => c.route));
  const listRoutes = new Set([...covered.lists.map((c) => c.route), ...covered.unscoped]);
  return app.routeTable
    .filter((r) => !r.public)
    .map(routeKey)
    .filter((key) => {
      const r = routeOf(app, key);
      if (r.params.length > 0) return !objectRoutes.has(key);
      return r.method === 'GET' && !listRoutes.has(key);
    });
}
