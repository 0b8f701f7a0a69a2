/**
 * Breach incidents: access, loading, locking, auditing and the incident view, shared by the use cases
 * (breach.service.ts, breach.affected.service.ts, breach.notices.service.ts).
 */
import type { Actor } from '../../kernel/auth/actor.js';
import { assertMfaSatisfied, requireAccess } from '../../kernel/auth/access.js';
import { recordAudit, recordAuditStandalone } from '../../kernel/audit/audit.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { BREACH_ACTIONS } from './breach.catalogue.js';
import { type ChainCheck, deadlineOf, missingFields, type Totals } from './breach.notice.js';
import { type BreachRow, type BreachStatus, type BreachWithOrg, breachRepo } from './breach.repo.js';

export const TARGET = 'privacy_breach';
export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export type Perms = { manage: boolean; view: boolean };

/**
 * The caller's rights on an incident node: `view` (security.admin or audit.read) or `manage`
 * (security.admin). @throws AppError not_found outside both (audited), forbidden for a viewer acting.
 */
export async function access(
  deps: Deps,
  actor: Actor,
  orgId: string,
  need: 'view' | 'manage',
): Promise<Perms> {
  assertMfaSatisfied(actor);
  const p = await breachRepo(deps.db).permsOn(actor.userId, orgId);
  if (p[need]) return p;
  if (p.view) {
    await recordAuditStandalone(deps.db, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'access.denied',
      details: { permission: 'security.admin', orgIds: [orgId] },
    });
    throw new AppError('forbidden');
  }
  // neither right: the kernel check refuses with 404 and audits it
  await requireAccess(deps.db, actor, need === 'manage' ? 'security.admin' : 'audit.read', orgId);
  throw new AppError('not_found');
}

export async function load(deps: Deps, actor: Actor, id: string, need: 'view' | 'manage') {
  const b = await breachRepo(deps.db).byId(id);
  if (!b) throw new AppError('not_found');
  const perms = await access(deps, actor, b.org_id, need);
  return { b, perms };
}

/** A date-time the schema admits but JavaScript cannot represent (23:59:60) is a validation error. */
export function instant(name: string, value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new AppError('validation_failed', {
      context: 'body',
      errors: [{ path: `/${name}`, rule: 'format', message: 'must be a representable date-time' }],
    });
  return d;
}

export function notInFuture(name: string, d: Date, now: Date): void {
  if (d.getTime() > now.getTime()) throw new AppError('privacy.breach_future_time', { field: name });
}

export async function audit(
  trx: Database,
  actor: Actor | null,
  b: BreachRow,
  action: string,
  now: Date,
  d = {},
) {
  await recordAudit(
    trx,
    {
      actorId: actor?.userId ?? null,
      ip: actor?.ip ?? null,
      action,
      targetType: TARGET,
      targetId: b.id,
      orgId: b.org_id,
      details: d,
    },
    now,
  );
}

/** Locks the incident; it must be in one of `allowed`. @throws privacy.breach_invalid_state */
export async function lockIn(
  trx: Database,
  id: string,
  allowed: readonly BreachStatus[],
): Promise<BreachRow> {
  const b = await breachRepo(trx).lock(id);
  if (!b) throw new AppError('not_found');
  if (!allowed.includes(b.status)) throw new AppError('privacy.breach_invalid_state', { status: b.status });
  return b;
}

export function deadlineView(b: BreachRow, now: Date) {
  const deadline = deadlineOf(b.discovered_at);
  const reference = b.regulator_notified_at ?? now;
  return {
    deadlineAt: deadline.toISOString(),
    msLeft: deadline.getTime() - now.getTime(),
    overdue: !b.regulator_notified_at && b.status !== 'closed' && now.getTime() > deadline.getTime(),
    notifiedLate: Boolean(b.regulator_notified_at) && reference.getTime() > deadline.getTime(),
  };
}

export function summary(b: BreachWithOrg, now: Date) {
  const totals = b.totals as Totals | null;
  return {
    id: b.id,
    orgId: b.org_id,
    orgName: b.org_name,
    title: b.title,
    status: b.status,
    discoveredAt: b.discovered_at.toISOString(),
    createdAt: b.created_at.toISOString(),
    regulatorNotifiedAt: iso(b.regulator_notified_at),
    affected: totals ? totals.members : null,
    deadline: deadlineView(b, now),
  };
}

/** The incident's node as the notices name it: its union, then the unit when it is below the union. */
export async function displayOrg(deps: Deps, b: BreachWithOrg): Promise<string> {
  const union = await breachRepo(deps.db).unionOf(b.org_id);
  return union && union.id !== b.org_id ? `${union.name} ${b.org_name}` : b.org_name;
}

/** Whether a notice filed now (or at the recorded time) misses the 72 hours. */
export const isLate = (b: BreachRow, at: Date) => at.getTime() > deadlineOf(b.discovered_at).getTime();

export async function detail(deps: Deps, b: BreachWithOrg, perms: Perms) {
  const repo = breachRepo(deps.db);
  const now = deps.clock.now();
  const [history, snapshot] = await Promise.all([repo.history(b.id), snapshotView(deps, b)]);
  const open = b.status === 'open' || b.status === 'contained';
  return {
    ...summary(b, now),
    description: b.description,
    occurredFrom: iso(b.occurred_from),
    occurredTo: iso(b.occurred_to),
    cause: b.cause,
    categories: b.categories,
    consequences: b.consequences,
    measuresTaken: b.measures_taken,
    memberMeasures: b.member_measures,
    contact: b.contact,
    delayReason: b.delay_reason,
    createdByName: b.created_by_name,
    containedAt: iso(b.contained_at),
    regulatorAuthority: b.regulator_authority,
    regulatorReference: b.regulator_reference,
    membersNotifiedAt: iso(b.members_notified_at),
    noMemberNoticeReason: b.no_member_notice_reason,
    closedAt: iso(b.closed_at),
    snapshot,
    missing: {
      regulator: missingFields(b, isLate(b, b.regulator_notified_at ?? now)),
      members: missingFields(b, false),
    },
    abilities: {
      manage: perms.manage,
      edit: perms.manage && b.status !== 'closed',
      contain: perms.manage && b.status === 'open',
      compute: perms.manage && open && !b.members_notified_at,
      notifyRegulator: perms.manage && open,
      notifyMembers: perms.manage && b.status !== 'closed' && Boolean(b.computed_at),
      close: perms.manage && b.status === 'notified',
    },
    history: history.map((h) => ({
      seq: h.seq,
      at: h.at.toISOString(),
      action: h.action,
      actorName: h.actor_name,
      details: h.details,
    })),
    catalogue: BREACH_ACTIONS.map((e) => ({
      action: e.action,
      group: e.group,
      bulk: e.bulk,
      categories: e.categories,
    })),
    now: now.toISOString(),
  };
}

export type StoredScope = {
  from: string;
  to: string;
  orgId: string;
  actions: string[] | null;
  actorIds: string[];
};

export async function snapshotView(deps: Deps, b: BreachRow) {
  if (!b.computed_at) return null;
  const repo = breachRepo(deps.db);
  const scope = b.scope as StoredScope;
  const [org, actors, counts] = await Promise.all([
    repo.org(scope.orgId),
    repo.accountNames(scope.actorIds),
    repo.noticeCounts(b.id),
  ]);
  return {
    computedAt: b.computed_at.toISOString(),
    scope: {
      from: scope.from,
      to: scope.to,
      orgId: scope.orgId,
      orgName: org?.name ?? '',
      actions: scope.actions,
      actors: actors.map((a) => ({ id: a.id, name: `${a.display_name} (${a.username})` })),
    },
    chain: b.chain as ChainCheck,
    totals: b.totals as Totals,
    notices: {
      account: Number(counts?.account ?? 0),
      offline: Number(counts?.offline ?? 0),
      notified: Number(counts?.notified ?? 0),
    },
  };
}

export async function reload(deps: Deps, actor: Actor, id: string) {
  const { b, perms } = await load(deps, actor, id, 'view');
  return detail(deps, b, perms);
}
