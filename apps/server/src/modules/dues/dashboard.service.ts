/** Collection rate by org unit and month, scoped to the caller's subtree, with a drill-down. */
import { sql } from 'kysely';
import type { Actor } from '../../kernel/auth/actor.js';
import { inScope, requireAccess } from '../../kernel/auth/access.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { analyticsRepo } from './analytics.repo.js';
import { addMonths, isPeriod, periodOf } from './dues.calc.js';
import { duesRepo } from './dues.repo.js';

export async function collectionDashboard(
  deps: Deps,
  actor: Actor,
  q: { orgId?: string; from?: string; to?: string },
) {
  const orgId = q.orgId ?? actor.orgId;
  await requireAccess(deps.db, actor, 'dues.read', orgId);
  const org = await duesRepo(deps.db).org(orgId);
  if (!org) throw new AppError('not_found');
  const to = q.to ?? periodOf(deps.clock.now());
  const from = q.from ?? addMonths(to, -11);
  if (!isPeriod(from) || !isPeriod(to) || from > to) throw new AppError('dues.invalid_period');
  const scope = inScope(deps.db, actor, 'dues.read', sql.ref('s.org_id'));
  const scopeOfO = inScope(deps.db, actor, 'dues.read', sql.ref('o.org_id'));
  const rows = await analyticsRepo(deps.db).collection(scope, scopeOfO, org.id, org.path, from, to);
  return {
    orgId: org.id,
    from,
    to,
    items: rows.map((r) => ({
      unitId: r.unit_id,
      unitName: r.unit_name,
      period: r.period,
      dueFen: r.due,
      paidFen: r.covered,
      members: r.members,
    })),
  };
}

export async function collectionMembers(deps: Deps, actor: Actor, q: { orgId?: string; period?: string }) {
  const orgId = q.orgId ?? actor.orgId;
  await requireAccess(deps.db, actor, 'dues.read', orgId);
  const org = await duesRepo(deps.db).org(orgId);
  if (!org) throw new AppError('not_found');
  const period = q.period ?? periodOf(deps.clock.now());
  if (!isPeriod(period)) throw new AppError('dues.invalid_period');
  const scope = inScope(deps.db, actor, 'dues.read', sql.ref('s.org_id'));
  const scopeOfO = inScope(deps.db, actor, 'dues.read', sql.ref('o.org_id'));
  const rows = await analyticsRepo(deps.db).collectionMembers(scope, scopeOfO, org.path, period);
  return {
    items: rows.map((r) => ({
      memberId: r.member_id,
      name: r.name,
      memberNo: r.member_no,
      orgName: r.org_name,
      dueFen: r.due,
      paidFen: r.covered,
    })),
  };
}
