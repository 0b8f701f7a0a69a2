/**
 * Dashboards and the early-warning list, over the cases the caller may read (their subtree). Every
 * figure carries the handler-queue filter that lists the cases behind it (drill-down within access).
 */
import { sql } from 'kysely';
import type { Actor } from '../../../kernel/auth/actor.js';
import { inScope, requirePermissionSomewhere } from '../../../kernel/auth/access.js';
import type { Deps } from '../../../kernel/deps.js';
import { AppError } from '../../../kernel/http/errors.js';
import { liveMemberCountsByOrg } from '../../members/index.js';
import { analyticsRepo } from './analytics.repo.js';
import { MEMBER_COUNTS_FRESH_MS } from './member-counts.job.js';
import { rollupRepo } from './rollup.repo.js';
import { explainHotspot, findHotspots, type UnitCounts } from './hotspots.js';

const DAY = 86_400_000;

/**
 * Where the figures come from: the rollup tables (the default; exact, kept by a trigger in the same
 * transaction as every case change) or the cases table directly (the reference for tests and benches).
 */
export type Source = 'rollup' | 'live';

/** Dates PostgreSQL can take (the date-time format admits years it cannot store, such as 0000). */
export function validWindow(from: Date | undefined, to: Date | undefined): boolean {
  const ok = (d: Date | undefined) =>
    d === undefined ||
    (!Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1900 && d.getUTCFullYear() <= 9999);
  return ok(from) && ok(to);
}
const round = (v: number | null, d = 1) =>
  v === null || v === undefined ? null : Math.round(Number(v) * 10 ** d) / 10 ** d;

export type DashboardQuery = { from?: string; to?: string; typeKey?: string };

const monthStart = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
const addMonths = (d: Date, n: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
const dayKey = (d: Date) => d.toISOString().slice(0, 10);

/** The dashboard's window in whole UTC months: from the month of `from` to the end of the month of `to`. */
export function dashboardWindow(now: Date, q: { from?: string; to?: string }) {
  const rawTo = q.to ? new Date(q.to) : now;
  const rawFrom = q.from ? new Date(q.from) : undefined;
  if (!validWindow(rawFrom, rawTo)) throw new AppError('validation_failed', { from: q.from, to: q.to });
  const to = monthStart(rawTo).getTime() === rawTo.getTime() ? rawTo : addMonths(rawTo, 1);
  const from = rawFrom ? monthStart(rawFrom) : addMonths(to, -12);
  return { from, to };
}

/** percentile_cont(0.5) over a histogram of 6-minute buckets, in hours. */
export function medianOfBuckets(rows: { bucket: number; n: string | number }[]): number | null {
  const total = rows.reduce((a, r) => a + Number(r.n), 0);
  if (total === 0) return null;
  const pos = 0.5 * (total - 1);
  const at = (k: number) => {
    let seen = 0;
    for (const r of rows) {
      seen += Number(r.n);
      if (k < seen) return r.bucket / 10;
    }
    return rows[rows.length - 1]!.bucket / 10;
  };
  const lo = at(Math.floor(pos));
  return lo + (pos - Math.floor(pos)) * (at(Math.ceil(pos)) - lo);
}

/** Mean hours from a sum of microseconds and a count (integer arithmetic, the same for both sources). */
const meanHours = (sumUs: string, n: string) =>
  Number(n) === 0 ? null : Number(BigInt(sumUs) / BigInt(n)) / 3_600_000_000;

async function dashboardFigures(
  deps: Deps,
  actor: Actor,
  from: Date,
  to: Date,
  typeKey: string | undefined,
  source: Source,
) {
  if (source === 'rollup') {
    const repo = rollupRepo(deps.db);
    const w = { fromMonth: dayKey(from), toMonth: dayKey(to), typeKey };
    return Promise.all([
      repo.byTypeMonth(actor.userId, w),
      repo.byOrg(actor.userId, w),
      repo.backlog(actor.userId, w),
      repo.summary(actor.userId, w),
      repo.frHistogram(actor.userId, w),
    ]);
  }
  const scope = inScope(deps.db, actor, 'cases.read', sql.ref('c.org_id'));
  const repo = analyticsRepo(deps.db);
  const w = { from, to, typeKey };
  return Promise.all([
    repo.byTypeMonth(scope, w),
    repo.byOrg(scope, w),
    repo.backlog(scope, w),
    repo.summary(scope, w),
    repo.frHistogram(scope, w),
  ]);
}

/**
 * Figures over whole UTC months (the reply's `range`), from the rollups by default.
 * @throws AppError forbidden without cases.read anywhere, validation_failed
 */
export async function dashboard(deps: Deps, actor: Actor, q: DashboardQuery, source: Source = 'rollup') {
  await requirePermissionSomewhere(deps.db, actor, 'cases.read');
  const now = deps.clock.now();
  const { from, to } = dashboardWindow(now, q);
  const [byTypeMonth, byOrg, backlog, s, hist] = await dashboardFigures(
    deps,
    actor,
    from,
    to,
    q.typeKey,
    source,
  );
  const range = { from: from.toISOString(), to: to.toISOString() };
  const total = Number(s.total);
  const names = await orgNames(
    deps,
    byOrg.map((r) => r.origin_org_id),
  );
  return {
    range,
    asOf: now.toISOString(),
    summary: {
      total,
      open: Number(s.open),
      slaBreachRate: total ? round(Number(s.breached) / total, 3) : null,
      avgFirstResponseHours: round(meanHours(s.fr_sum_us, s.fr_n)),
      medianFirstResponseHours: round(medianOfBuckets(hist)),
      avgResolutionHours: round(meanHours(s.res_sum_us, s.res_n)),
      satisfaction: Number(s.rated) ? round(Number(s.sat_sum) / Number(s.rated), 2) : null,
      rated: Number(s.rated),
    },
    byTypeMonth: byTypeMonth.map((r) => ({
      typeKey: r.type_key,
      month: r.month,
      count: Number(r.n),
      drill: { typeKey: r.type_key, month: r.month },
    })),
    byOrg: byOrg.map((r) => ({
      orgId: r.origin_org_id,
      orgName: names.get(r.origin_org_id) ?? '',
      count: Number(r.n),
      open: Number(r.open),
      drill: { originOrgId: r.origin_org_id, ...range, ...(q.typeKey ? { typeKey: q.typeKey } : {}) },
    })),
    backlog: backlog.map((r) => ({
      state: r.state,
      count: Number(r.n),
      drill: { state: r.state, ...range, ...(q.typeKey ? { typeKey: q.typeKey } : {}) },
    })),
  };
}

async function orgNames(deps: Deps, ids: string[]): Promise<Map<string, string>> {
  return analyticsRepo(deps.db).orgNames(ids);
}

/**
 * Live members per org node (and department) in the caller's scope: from the snapshot of the job
 * cases-member-counts while it is fresh, else counted now.
 */
async function memberHeads(deps: Deps, actor: Actor, byDepartment: boolean, now: Date) {
  const roll = rollupRepo(deps.db);
  const at = await roll.memberCountsAt();
  if (at && now.getTime() - at.getTime() <= MEMBER_COUNTS_FRESH_MS) {
    const paths = await roll.topPaths(actor.userId, 'cases.read');
    const [byOrg, depts, scopeIds] = await Promise.all([
      roll.snapshotCountsByOrg(paths),
      byDepartment ? roll.snapshotCountsByDepartment(paths) : undefined,
      analyticsRepo(deps.db).scopeOrgIds(actor.userId),
    ]);
    // A unit the snapshot does not know (created since) or counted empty may have members by now:
    // count those live, so a new unit is never missing from the early-warning list.
    const unknown = scopeIds.filter((id) => !byOrg.get(id));
    if (unknown.length > 0) {
      for (const [id, n] of await liveMemberCountsByOrg(deps.db, unknown)) byOrg.set(id, n);
    }
    return { byOrg, byDepartment: depts, asOf: at };
  }
  const repo = analyticsRepo(deps.db);
  const [byOrg, depts] = await Promise.all([
    repo.scopeOrgIds(actor.userId).then((ids) => liveMemberCountsByOrg(deps.db, ids)),
    byDepartment ? repo.memberCountsByDepartment(actor.userId) : undefined,
  ]);
  return { byOrg, byDepartment: depts, asOf: now };
}

export type HotspotQuery = {
  typeKey?: 'injury' | 'labour_dispute';
  days?: number;
  dimension?: 'unit' | 'location' | 'body_part' | 'department';
};

const DIM = {
  unit: 'origin_org_id',
  location: 'location',
  body_part: 'body_part',
  department: 'department',
} as const;

async function hotspotCounts(
  deps: Deps,
  actor: Actor,
  dimension: keyof typeof DIM,
  typeKey: string,
  w: { previousFrom: Date; from: Date; to: Date },
  source: Source,
) {
  if (source === 'rollup') {
    return rollupRepo(deps.db).dimensionCounts(actor.userId, dimension, typeKey, {
      previousFrom: dayKey(w.previousFrom),
      from: dayKey(w.from),
      to: dayKey(w.to),
    });
  }
  const scope = inScope(deps.db, actor, 'cases.read', sql.ref('c.org_id'));
  return analyticsRepo(deps.db).dimensionCounts(scope, DIM[dimension], typeKey, w, w.previousFrom);
}

/**
 * Units (or locations, body parts, departments) with smoothed rates and early-warning flags, explained.
 * Windows are whole UTC days: the last `days` days up to the end of today, and the `days` before.
 */
export async function hotspots(deps: Deps, actor: Actor, q: HotspotQuery, source: Source = 'rollup') {
  await requirePermissionSomewhere(deps.db, actor, 'cases.read');
  const typeKey = q.typeKey ?? 'injury';
  const days = q.days ?? 90;
  const dimension = q.dimension ?? 'unit';
  const now = deps.clock.now();
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const to = new Date(today.getTime() + DAY);
  const from = new Date(to.getTime() - days * DAY);
  const previousFrom = new Date(from.getTime() - days * DAY);
  const [counts, heads] = await Promise.all([
    hotspotCounts(deps, actor, dimension, typeKey, { previousFrom, from, to }, source),
    memberHeads(deps, actor, dimension === 'department', now),
  ]);
  const members = heads.byOrg;
  const departments = heads.byDepartment;
  const totalMembers = [...members.values()].reduce((a, b) => a + b, 0);
  let units: UnitCounts[];
  if (dimension === 'unit' || dimension === 'department') {
    const byKey = new Map(counts.map((c) => [c.key, c]));
    const headCounts = dimension === 'unit' ? members : (departments ?? new Map<string, number>());
    units = [];
    for (const [key, n] of headCounts) {
      const c = byKey.get(key);
      units.push({
        key,
        label: key,
        members: n,
        count: Number(c?.count ?? 0),
        previous: Number(c?.previous ?? 0),
      });
    }
  } else {
    // a location or body part has no head count of its own: the exposure is everyone in scope
    units = counts.map((c) => ({
      key: c.key,
      label: c.key,
      members: totalMembers,
      count: Number(c.count),
      previous: Number(c.previous),
    }));
  }
  const found = findHotspots(units, 0.05, false);
  const items = found.items.filter((i) => i.count + i.previous > 0).slice(0, 50);
  const names =
    dimension === 'unit'
      ? await orgNames(
          deps,
          items.map((i) => i.key),
        )
      : new Map<string, string>();
  for (const i of items) {
    i.label = names.get(i.key) ?? i.key;
    i.explanation = explainHotspot(i, found.prior.rate);
  }
  const range = { from: from.toISOString(), to: to.toISOString() };
  const drillKey = {
    unit: 'originOrgId',
    location: 'location',
    body_part: 'bodyPart',
    department: 'department',
  }[dimension];
  return {
    typeKey,
    dimension,
    range,
    asOf: now.toISOString(),
    membersAsOf: heads.asOf.toISOString(),
    overallRatePer100: Math.round(found.prior.rate * 100) / 100,
    members: dimension === 'department' ? units.reduce((a, u) => a + u.members, 0) : totalMembers,
    items: items.map((i) => ({
      key: i.key,
      label: i.label,
      members: i.members,
      count: i.count,
      previous: i.previous,
      ratePer100: round(i.rate, 2),
      smoothedPer100: round(i.smoothed, 2),
      expected: round(i.expected, 2),
      pAbove: round(i.pAbove, 4),
      pRising: round(i.pRising, 4),
      above: i.above,
      rising: i.rising,
      explanation: i.explanation,
      drill: { typeKey, ...range, [drillKey]: i.key },
    })),
  };
}
