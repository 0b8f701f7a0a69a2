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
import { findOrg } from '../../orgs/index.js';
import { analyticsRepo } from './analytics.repo.js';
import { explainHotspot, findHotspots, type UnitCounts } from './hotspots.js';

const DAY = 86_400_000;

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

/** @throws AppError forbidden without cases.read anywhere */
export async function dashboard(deps: Deps, actor: Actor, q: DashboardQuery) {
  await requirePermissionSomewhere(deps.db, actor, 'cases.read');
  // a default window ends just after now, so a case filed this instant counts
  const to = q.to ? new Date(q.to) : new Date(deps.clock.now().getTime() + 1000);
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 365 * DAY);
  if (!validWindow(from, to)) throw new AppError('validation_failed', { from: q.from, to: q.to });
  const scope = inScope(deps.db, actor, 'cases.read', sql.ref('c.org_id'));
  const repo = analyticsRepo(deps.db);
  const w = { from, to, typeKey: q.typeKey };
  const [byTypeMonth, byOrg, backlog, s] = await Promise.all([
    repo.byTypeMonth(scope, w),
    repo.byOrg(scope, w),
    repo.backlog(scope, w),
    repo.summary(scope, w),
  ]);
  const range = { from: from.toISOString(), to: to.toISOString() };
  const total = Number(s.total);
  return {
    range,
    summary: {
      total,
      open: Number(s.open),
      slaBreachRate: total ? round(Number(s.breached) / total, 3) : null,
      avgFirstResponseHours: round(s.avg_fr_h),
      medianFirstResponseHours: round(s.median_fr_h),
      avgResolutionHours: round(s.avg_res_h),
      satisfaction: round(s.satisfaction, 2),
      rated: Number(s.rated),
    },
    byTypeMonth: byTypeMonth.map((r) => ({
      typeKey: r.type_key,
      month: r.month,
      count: Number(r.n),
      drill: { typeKey: r.type_key, month: r.month },
    })),
    byOrg: await Promise.all(
      byOrg.map(async (r) => ({
        orgId: r.origin_org_id,
        orgName: (await findOrg(deps.db, r.origin_org_id))?.name ?? '',
        count: Number(r.n),
        open: Number(r.open),
        drill: { originOrgId: r.origin_org_id, ...range },
      })),
    ),
    backlog: backlog.map((r) => ({
      state: r.state,
      count: Number(r.n),
      drill: { state: r.state, ...range },
    })),
  };
}

export type HotspotQuery = {
  typeKey?: 'injury' | 'labour_dispute';
  days?: number;
  dimension?: 'unit' | 'location' | 'body_part';
};

/** Units (or locations, body parts) with smoothed rates and early-warning flags, explained. */
export async function hotspots(deps: Deps, actor: Actor, q: HotspotQuery) {
  await requirePermissionSomewhere(deps.db, actor, 'cases.read');
  const typeKey = q.typeKey ?? 'injury';
  const days = q.days ?? 90;
  const dimension = q.dimension ?? 'unit';
  const to = new Date(deps.clock.now().getTime() + 1000);
  const from = new Date(to.getTime() - days * DAY);
  const previousFrom = new Date(from.getTime() - days * DAY);
  const repo = analyticsRepo(deps.db);
  const scope = inScope(deps.db, actor, 'cases.read', sql.ref('c.org_id'));
  const dim = dimension === 'unit' ? 'origin_org_id' : dimension;
  const [counts, orgIds] = await Promise.all([
    repo.dimensionCounts(scope, dim, typeKey, { from, to }, previousFrom),
    repo.scopeOrgIds(actor.userId),
  ]);
  const members = await liveMemberCountsByOrg(deps.db, orgIds);
  const totalMembers = [...members.values()].reduce((a, b) => a + b, 0);
  let units: UnitCounts[];
  if (dimension === 'unit') {
    const byKey = new Map(counts.map((c) => [c.key, c]));
    units = [];
    for (const [orgId, n] of members) {
      const c = byKey.get(orgId);
      units.push({
        key: orgId,
        label: orgId,
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
  const found = findHotspots(units);
  const items = found.items.filter((i) => i.count + i.previous > 0).slice(0, 50);
  if (dimension === 'unit') {
    for (const i of items) {
      i.label = (await findOrg(deps.db, i.key))?.name ?? i.key;
      i.explanation = explainHotspot(i, found.prior.rate);
    }
  }
  const range = { from: from.toISOString(), to: to.toISOString() };
  return {
    typeKey,
    dimension,
    range,
    overallRatePer100: Math.round(found.prior.rate * 100) / 100,
    members: totalMembers,
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
      drill: {
        typeKey,
        ...range,
        ...(dimension === 'unit'
          ? { originOrgId: i.key }
          : dimension === 'location'
            ? { location: i.key }
            : { bodyPart: i.key }),
      },
    })),
  };
}
