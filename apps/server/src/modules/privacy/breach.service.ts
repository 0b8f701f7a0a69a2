/**
 * Personal-information breach incidents (PIPL art. 57, GDPR art. 33/34; docs/privacy.md "Breach
 * incidents"). An incident belongs to an org node: `security.admin` on the node's subtree manages it,
 * `audit.read` may view it; a foreign incident answers 404 like a missing one. The status moves forward
 * only (open → contained → notified → closed) and every step is written to the audit log, which is the
 * incident's history. The affected members are computed from the hash-chained audit trail, whose
 * integrity is verified with every computation.
 */
import type { Actor } from '../../kernel/auth/actor.js';
import { assertMfaSatisfied, requirePermissionSomewhere } from '../../kernel/auth/access.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { DATA_CATEGORIES } from './breach.catalogue.js';
import { deadlineOf } from './breach.notice.js';
import { type BreachFields, type BreachStatus, breachRepo } from './breach.repo.js';
import type { CreateBody, PatchBody } from './breach.schemas.js';
import { registerRepo } from './register.repo.js';
import {
  access,
  load,
  instant,
  notInFuture,
  audit,
  lockIn,
  summary,
  detail,
  reload,
} from './breach.shared.js';

/** Incidents the caller may view (security.admin or audit.read on the node), pending first. */
export async function listBreaches(deps: Deps, actor: Actor, status: BreachStatus | undefined) {
  assertMfaSatisfied(actor);
  const repo = breachRepo(deps.db);
  if (!(await repo.hasAnyGrant(actor.userId))) await requirePermissionSomewhere(deps.db, actor, 'audit.read');
  const now = deps.clock.now();
  const [rows, orgs] = await Promise.all([
    repo.listInScope(actor.userId, status ?? null, 500),
    repo.manageableOrgs(actor.userId, 500),
  ]);
  return { items: rows.map((r) => summary(r, now)), orgs, now: now.toISOString() };
}

/** The full view of one incident: fields, deadline, snapshot header, what is missing, history. */
export async function getBreach(deps: Deps, actor: Actor, id: string) {
  const { b, perms } = await load(deps, actor, id, 'view');
  return detail(deps, b, perms);
}

/** The union's published personal-information protection contact (PIPL 52), as the incident's default. */
async function publishedContact(deps: Deps, orgId: string): Promise<string> {
  const org = await breachRepo(deps.db).org(orgId);
  const c = org ? await registerRepo(deps.db).effectiveContact(org.path) : undefined;
  if (!c) return '';
  return [`${c.name}（${c.title}）`, c.phone, c.email, c.postal_address].filter(Boolean).join(' · ');
}

/**
 * Opens an incident on a node where the caller holds security.admin. The contact starts as the union's
 * published protection officer (editable). The discovery time may be
 * earlier than now (found out before it was entered) but not in the future.
 * @throws AppError not_found, privacy.breach_future_time
 */
export async function createBreach(deps: Deps, actor: Actor, body: CreateBody) {
  await access(deps, actor, body.orgId, 'manage');
  const now = deps.clock.now();
  const discovered = body.discoveredAt ? instant('discoveredAt', body.discoveredAt) : now;
  notInFuture('discoveredAt', discovered, now);
  const contact = await publishedContact(deps, body.orgId);
  const id = await deps.db.transaction().execute(async (trx) => {
    const b = await breachRepo(trx).insert({
      org_id: body.orgId,
      title: body.title.trim(),
      description: body.description?.trim() ?? '',
      discovered_at: discovered,
      contact,
      created_by: actor.userId,
      at: now,
    });
    await audit(trx, actor, b, 'privacy.breach_opened', now, {
      discoveredAt: discovered.toISOString(),
      deadlineAt: deadlineOf(discovered).toISOString(),
    });
    return b.id;
  });
  return reload(deps, actor, id);
}

const COLUMN: Record<Exclude<keyof PatchBody, 'categories'>, keyof BreachFields> = {
  title: 'title',
  description: 'description',
  discoveredAt: 'discovered_at',
  occurredFrom: 'occurred_from',
  occurredTo: 'occurred_to',
  cause: 'cause',
  consequences: 'consequences',
  measuresTaken: 'measures_taken',
  memberMeasures: 'member_measures',
  contact: 'contact',
  delayReason: 'delay_reason',
};
const TIME_FIELDS = new Set(['discoveredAt', 'occurredFrom', 'occurredTo']);

/**
 * Edits the incident's fields (not once closed). The discovery time, which starts the 72-hour clock,
 * can be corrected only until the regulator was notified; the audit entry keeps its old and new value.
 * @throws AppError privacy.breach_invalid_state, privacy.breach_future_time, privacy.breach_bad_window
 */
export async function updateBreach(deps: Deps, actor: Actor, id: string, body: PatchBody) {
  await load(deps, actor, id, 'manage');
  const now = deps.clock.now();
  const f: BreachFields = {};
  for (const [k, v] of Object.entries(body) as [keyof PatchBody, unknown][]) {
    if (k === 'categories') {
      f.categories = DATA_CATEGORIES.filter((c) => (v as string[]).includes(c));
      continue;
    }
    const col = COLUMN[k];
    if (TIME_FIELDS.has(k)) {
      const d = v === null ? null : instant(k, v as string);
      if (d) notInFuture(k, d, now);
      (f as Record<string, unknown>)[col] = d;
    } else (f as Record<string, unknown>)[col] = k === 'title' ? (v as string).trim() : v;
  }
  await deps.db.transaction().execute(async (trx) => {
    const b = await lockIn(trx, id, ['open', 'contained', 'notified']);
    const extra: Record<string, unknown> = {};
    if (f.discovered_at && f.discovered_at.getTime() !== b.discovered_at.getTime()) {
      if (b.regulator_notified_at)
        throw new AppError('privacy.breach_invalid_state', { status: b.status, field: 'discoveredAt' });
      extra.discoveredAt = { from: b.discovered_at.toISOString(), to: f.discovered_at.toISOString() };
    }
    const from = 'occurred_from' in f ? f.occurred_from : b.occurred_from;
    const to = 'occurred_to' in f ? f.occurred_to : b.occurred_to;
    if (from && to && from.getTime() > to.getTime()) throw new AppError('privacy.breach_bad_window');
    await breachRepo(trx).updateFields(id, f, now, 'discoveredAt' in extra);
    await audit(trx, actor, b, 'privacy.breach_updated', now, { fields: Object.keys(body), ...extra });
  });
  return reload(deps, actor, id);
}

/** open → contained. @throws AppError privacy.breach_invalid_state */
export async function containBreach(deps: Deps, actor: Actor, id: string) {
  await load(deps, actor, id, 'manage');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const b = await lockIn(trx, id, ['open']);
    await breachRepo(trx).contain(id, now);
    await audit(trx, actor, b, 'privacy.breach_contained', now, { from: b.status, to: 'contained' });
  });
  return reload(deps, actor, id);
}
