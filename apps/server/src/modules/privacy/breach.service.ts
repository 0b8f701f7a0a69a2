/**
 * Personal-information breach incidents (PIPL art. 57, GDPR art. 33/34; docs/privacy.md "Breach
 * incidents"). An incident belongs to an org node: `security.admin` on the node's subtree manages it,
 * `audit.read` may view it; a foreign incident answers 404 like a missing one. The status moves forward
 * only (open → contained → notified → closed) and every step is written to the audit log, which is the
 * incident's history. The affected members are computed from the hash-chained audit trail, whose
 * integrity is verified with every computation.
 */
import type { Actor } from '../../kernel/auth/actor.js';
import { assertMfaSatisfied, requireAccess, requirePermissionSomewhere } from '../../kernel/auth/access.js';
import { recordAudit, recordAuditStandalone, verifyAuditChain } from '../../kernel/audit/audit.js';
import { mask } from '../../kernel/crypto/field.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import {
  BREACH_ACTION_NAMES,
  BREACH_ACTIONS,
  type DataCategory,
  DATA_CATEGORIES,
  catalogueEntry,
  categoriesOf,
} from './breach.catalogue.js';
import {
  type ChainCheck,
  deadlineOf,
  memberNoticeParams,
  missingFields,
  regulatorNotice,
  type Totals,
  type UnresolvedReason,
} from './breach.notice.js';
import {
  type BreachFields,
  type BreachRow,
  type BreachStatus,
  type BreachWithOrg,
  breachRepo,
  type ReachScope,
  type SnapshotRow,
} from './breach.repo.js';
import type {
  CloseBody,
  ComputeBody,
  CreateBody,
  MembersQuery,
  NoticeQuery,
  PatchBody,
  RegulatorBody,
} from './breach.schemas.js';
import { BREACH_NOTICE_TEMPLATE } from './breach.templates.js';
import { registerRepo } from './register.repo.js';

const TARGET = 'privacy_breach';
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

type Perms = { manage: boolean; view: boolean };

/**
 * The caller's rights on an incident node: `view` (security.admin or audit.read) or `manage`
 * (security.admin). @throws AppError not_found outside both (audited), forbidden for a viewer acting.
 */
async function access(deps: Deps, actor: Actor, orgId: string, need: 'view' | 'manage'): Promise<Perms> {
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

async function load(deps: Deps, actor: Actor, id: string, need: 'view' | 'manage') {
  const b = await breachRepo(deps.db).byId(id);
  if (!b) throw new AppError('not_found');
  const perms = await access(deps, actor, b.org_id, need);
  return { b, perms };
}

/** A date-time the schema admits but JavaScript cannot represent (23:59:60) is a validation error. */
function instant(name: string, value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new AppError('validation_failed', {
      context: 'body',
      errors: [{ path: `/${name}`, rule: 'format', message: 'must be a representable date-time' }],
    });
  return d;
}

function notInFuture(name: string, d: Date, now: Date): void {
  if (d.getTime() > now.getTime()) throw new AppError('privacy.breach_future_time', { field: name });
}

async function audit(trx: Database, actor: Actor | null, b: BreachRow, action: string, now: Date, d = {}) {
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
async function lockIn(trx: Database, id: string, allowed: readonly BreachStatus[]): Promise<BreachRow> {
  const b = await breachRepo(trx).lock(id);
  if (!b) throw new AppError('not_found');
  if (!allowed.includes(b.status)) throw new AppError('privacy.breach_invalid_state', { status: b.status });
  return b;
}

function deadlineView(b: BreachRow, now: Date) {
  const deadline = deadlineOf(b.discovered_at);
  const reference = b.regulator_notified_at ?? now;
  return {
    deadlineAt: deadline.toISOString(),
    msLeft: deadline.getTime() - now.getTime(),
    overdue: !b.regulator_notified_at && b.status !== 'closed' && now.getTime() > deadline.getTime(),
    notifiedLate: Boolean(b.regulator_notified_at) && reference.getTime() > deadline.getTime(),
  };
}

function summary(b: BreachWithOrg, now: Date) {
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
async function displayOrg(deps: Deps, b: BreachWithOrg): Promise<string> {
  const union = await breachRepo(deps.db).unionOf(b.org_id);
  return union && union.id !== b.org_id ? `${union.name} ${b.org_name}` : b.org_name;
}

/** Whether a notice filed now (or at the recorded time) misses the 72 hours. */
const isLate = (b: BreachRow, at: Date) => at.getTime() > deadlineOf(b.discovered_at).getTime();

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

async function detail(deps: Deps, b: BreachWithOrg, perms: Perms) {
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

type StoredScope = { from: string; to: string; orgId: string; actions: string[] | null; actorIds: string[] };

async function snapshotView(deps: Deps, b: BreachRow) {
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

async function reload(deps: Deps, actor: Actor, id: string) {
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

/**
 * Computes the affected members from the audit trail and stores them as the incident's snapshot,
 * replacing an earlier one; refused once the regulator or the members were notified. The audit chain is
 * verified first and its result stored with the snapshot. Only members of the scope node's subtree
 * (inside the incident's node) are listed; rows that name no individual are counted apart.
 * @throws AppError privacy.breach_frozen, privacy.breach_bad_window, privacy.breach_scope_outside
 */
export async function computeAffected(deps: Deps, actor: Actor, id: string, body: ComputeBody) {
  const { b: loaded } = await load(deps, actor, id, 'manage');
  const now = deps.clock.now();
  const from = instant('from', body.from);
  const to = instant('to', body.to);
  if (from.getTime() >= to.getTime()) throw new AppError('privacy.breach_bad_window');
  const repo = breachRepo(deps.db);
  const scopeOrg = body.orgId ? await repo.org(body.orgId) : { id: loaded.org_id, path: loaded.org_path };
  if (!scopeOrg?.path.startsWith(loaded.org_path)) throw new AppError('privacy.breach_scope_outside');
  const scope: ReachScope = {
    from,
    to,
    actions: body.actions ?? BREACH_ACTION_NAMES,
    actorIds: body.actorIds?.length ? body.actorIds : null,
    scopePath: scopeOrg.path,
  };
  const verified = await verifyAuditChain(deps.db);
  const chain: ChainCheck = verified.ok
    ? { ok: true, checked: verified.checked, headHash: verified.headHash }
    : { ok: false, checked: verified.checked, firstBadSeq: verified.firstBadSeq, reason: verified.reason };

  await deps.db.transaction().execute(async (trx) => {
    const b = await lockIn(trx, id, ['open', 'contained', 'notified']);
    if (b.status === 'notified' || b.members_notified_at) throw new AppError('privacy.breach_frozen');
    const r = breachRepo(trx);
    const { rows, totals } = aggregate(await r.reachGroups(scope), await r.unresolved(scope));
    await r.replaceSnapshot(id, rows);
    const stored: StoredScope = {
      from: from.toISOString(),
      to: to.toISOString(),
      orgId: scopeOrg.id,
      actions: body.actions ?? null,
      actorIds: scope.actorIds ?? [],
    };
    await r.setSnapshotHeader(id, { at: now, by: actor.userId, scope: stored, chain, totals });
    await audit(trx, actor, b, 'privacy.breach_computed', now, {
      recomputed: Boolean(b.computed_at),
      scope: stored,
      members: totals.members,
      withAccount: totals.withAccount,
      offline: totals.offline,
      events: totals.events,
      outsideScope: totals.outsideScope,
      unresolvedEvents: totals.unresolved.reduce((s, u) => s + u.events, 0),
      chainOk: chain.ok,
      ...(chain.ok ? {} : { firstBadSeq: chain.firstBadSeq }),
    });
  });
  return reload(deps, actor, id);
}

type Acc = Omit<SnapshotRow, 'actions' | 'categories' | 'seqs' | 'first_at' | 'last_at'> & {
  actions: Set<string>;
  categories: Set<DataCategory>;
  seqs: bigint[];
  first: Date;
  last: Date;
};

/** Folds the (member, action) groups into one snapshot row per member, and the totals. */
function aggregate(
  groups: Awaited<ReturnType<ReturnType<typeof breachRepo>['reachGroups']>>,
  unresolved: Awaited<ReturnType<ReturnType<typeof breachRepo>['unresolved']>>,
): { rows: SnapshotRow[]; totals: Totals } {
  const members = new Map<string, Acc>();
  const outside = new Set<string>();
  for (const g of groups) {
    if (!g.in_scope) {
      outside.add(g.member_id);
      continue;
    }
    let m = members.get(g.member_id);
    if (!m) {
      m = {
        member_id: g.member_id,
        user_id: g.reachable ? g.user_id : null,
        org_id: g.org_id,
        events: 0,
        channel: g.reachable && g.user_id ? 'account' : 'offline',
        actions: new Set(),
        categories: new Set(),
        seqs: [],
        first: g.first_at,
        last: g.last_at,
      };
      members.set(g.member_id, m);
    }
    m.events += g.n;
    m.actions.add(g.action);
    for (const c of categoriesOf(g.action, g.fields)) m.categories.add(c);
    m.seqs.push(...g.seqs.map((s) => BigInt(s)));
    if (g.first_at < m.first) m.first = g.first_at;
    if (g.last_at > m.last) m.last = g.last_at;
  }
  const rows: SnapshotRow[] = [...members.values()].map((m) => ({
    member_id: m.member_id,
    user_id: m.user_id,
    org_id: m.org_id,
    events: m.events,
    channel: m.channel,
    actions: [...m.actions].sort(),
    categories: DATA_CATEGORIES.filter((c) => m.categories.has(c)),
    seqs: [...new Set(m.seqs)]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, 10)
      .map(String),
    first_at: m.first.toISOString(),
    last_at: m.last.toISOString(),
  }));
  const byCategory: Partial<Record<DataCategory, number>> = {};
  for (const r of rows)
    for (const c of r.categories) byCategory[c as DataCategory] = (byCategory[c as DataCategory] ?? 0) + 1;
  const withAccount = rows.filter((r) => r.channel === 'account').length;
  const totals: Totals = {
    members: rows.length,
    withAccount,
    offline: rows.length - withAccount,
    events: rows.reduce((s, r) => s + r.events, 0),
    byCategory,
    // sign-ins and contact changes of accounts without a member record (officers) concern no member
    unresolved: unresolved
      .filter((u) => u.anonymous_case || catalogueEntry(u.action)?.group !== 'account')
      .map((u) => {
        const e = catalogueEntry(u.action);
        const reason: UnresolvedReason = e?.bulk ? 'bulk' : u.anonymous_case ? 'anonymous_case' : 'no_member';
        const cats = new Set<DataCategory>();
        for (const f of u.fields) for (const c of categoriesOf(u.action, f)) cats.add(c);
        return {
          action: u.action,
          reason,
          events: u.events,
          rows: reason === 'bulk' ? Math.round(Number(u.rows)) : 0,
          categories: DATA_CATEGORIES.filter((c) => cats.has(c)),
        };
      }),
    outsideScope: outside.size,
  };
  return { rows, totals };
}

/** The snapshot's members, names masked (member numbers are the pseudonym of the records). */
export async function listAffected(deps: Deps, actor: Actor, id: string, q: MembersQuery) {
  const { b } = await load(deps, actor, id, 'view');
  const { rows, total } = await breachRepo(deps.db).affectedPage(
    b.id,
    q.channel ?? null,
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return {
    items: rows.map((r) => ({
      memberId: r.member_id,
      memberNo: r.member_no,
      nameMasked: mask.name(r.name),
      orgName: r.org_name,
      events: r.events,
      actions: r.actions,
      categories: r.categories,
      firstAt: r.first_at.toISOString(),
      lastAt: r.last_at.toISOString(),
      sampleSeqs: r.sample_seqs,
      channel: r.channel,
      notifiedAt: iso(r.notified_at),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * The regulator notice (Markdown) with every PIPL 57 / GDPR 33(3) element.
 * @throws AppError privacy.breach_incomplete with `missing` (the empty required fields)
 */
export async function regulatorNoticeOf(deps: Deps, actor: Actor, id: string, q: NoticeQuery) {
  const { b } = await load(deps, actor, id, 'view');
  const now = deps.clock.now();
  const missing = missingFields(b, isLate(b, b.regulator_notified_at ?? now));
  if (missing.length) throw new AppError('privacy.breach_incomplete', { missing });
  const lang = q.lang ?? 'zh-CN';
  const orgName = await displayOrg(deps, b);
  const text = regulatorNotice(
    { breach: b, orgName, totals: b.totals as Totals, chain: b.chain as ChainCheck, now },
    lang,
  );
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return { lang, fileName: `breach-report-${day}-${b.id.slice(0, 8)}-${lang}.md`, text };
}

/**
 * Records the report to the regulator (open/contained → notified). Needs every required field, and the
 * reasons for the delay when filed after the 72 hours.
 * @throws AppError privacy.breach_incomplete, privacy.breach_invalid_state, privacy.breach_future_time
 */
export async function notifyRegulator(deps: Deps, actor: Actor, id: string, body: RegulatorBody) {
  await load(deps, actor, id, 'manage');
  const now = deps.clock.now();
  const at = body.notifiedAt ? instant('notifiedAt', body.notifiedAt) : now;
  notInFuture('notifiedAt', at, now);
  await deps.db.transaction().execute(async (trx) => {
    const b = await lockIn(trx, id, ['open', 'contained']);
    if (at.getTime() < b.discovered_at.getTime()) throw new AppError('privacy.breach_bad_window');
    const late = isLate(b, at);
    const missing = missingFields(b, late);
    if (missing.length) throw new AppError('privacy.breach_incomplete', { missing });
    await breachRepo(trx).markRegulatorNotified(id, {
      notifiedAt: at,
      authority: body.authority.trim(),
      reference: body.reference?.trim() || null,
      at: now,
    });
    await audit(trx, actor, b, 'privacy.breach_regulator_notified', now, {
      from: b.status,
      to: 'notified',
      notifiedAt: at.toISOString(),
      authority: body.authority.trim(),
      late,
    });
  });
  return reload(deps, actor, id);
}

/**
 * Sends the PIPL 57 notice to every affected member with an account who has not had it yet (in-app and
 * e-mail, in their language). Idempotent and safe under concurrency: the incident row is locked and each
 * member is marked in the same transaction as their notification. Members without an account are counted
 * for offline notice.
 * @throws AppError privacy.breach_incomplete, privacy.breach_invalid_state
 */
export async function notifyMembers(deps: Deps, actor: Actor, id: string) {
  const { b: loaded } = await load(deps, actor, id, 'manage');
  const now = deps.clock.now();
  const orgName = await displayOrg(deps, loaded);
  let after: () => Promise<void> = async () => {};
  const result = await deps.db.transaction().execute(async (trx) => {
    const b = await lockIn(trx, id, ['open', 'contained', 'notified']);
    const missing = missingFields(b, false);
    if (missing.length) throw new AppError('privacy.breach_incomplete', { missing });
    const repo = breachRepo(trx);
    const claimed = await repo.claimNotices(id, now);
    after = await deps.notifier.sendEach(
      claimed.map((c) => ({
        userId: c.user_id,
        template: BREACH_NOTICE_TEMPLATE,
        params: memberNoticeParams(b, orgName, c.categories),
      })),
      trx,
    );
    await repo.markMembersNotified(id, now);
    const counts = await repo.noticeCounts(id);
    const out = {
      sent: claimed.length,
      alreadyNotified: Number(counts?.notified ?? 0) - claimed.length,
      offline: Number(counts?.offline ?? 0),
    };
    await audit(trx, actor, b, 'privacy.breach_members_notified', now, out);
    return out;
  });
  await after();
  return result;
}

/**
 * notified → closed. Needs the member notices sent, or the recorded reason why individuals were not
 * notified (PIPL 57: measures that effectively avoid harm).
 * @throws AppError privacy.breach_invalid_state, privacy.breach_notice_required
 */
export async function closeBreach(deps: Deps, actor: Actor, id: string, body: CloseBody) {
  await load(deps, actor, id, 'manage');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const b = await lockIn(trx, id, ['notified']);
    const reason = b.members_notified_at ? null : (body.noMemberNoticeReason?.trim() ?? null);
    if (!b.members_notified_at && !reason) throw new AppError('privacy.breach_notice_required');
    await breachRepo(trx).close(id, { at: now, noNoticeReason: reason });
    await audit(trx, actor, b, 'privacy.breach_closed', now, {
      from: b.status,
      to: 'closed',
      membersNotified: Boolean(b.members_notified_at),
      ...(reason ? { noMemberNoticeReason: reason } : {}),
    });
  });
  return reload(deps, actor, id);
}
