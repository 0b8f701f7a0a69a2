/** Breach incidents: the affected members computed from the verified audit trail, and their masked list. */
import type { Actor } from '../../kernel/auth/actor.js';
import { verifyAuditChain } from '../../kernel/audit/audit.js';
import { mask } from '../../kernel/crypto/field.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import {
  BREACH_ACTION_NAMES,
  type DataCategory,
  DATA_CATEGORIES,
  catalogueEntry,
  categoriesOf,
} from './breach.catalogue.js';
import type { ChainCheck, Totals, UnresolvedReason } from './breach.notice.js';
import { breachRepo, type ReachScope, type SnapshotRow } from './breach.repo.js';
import type { ComputeBody, MembersQuery } from './breach.schemas.js';
import { iso, load, instant, audit, lockIn, type StoredScope, reload } from './breach.shared.js';

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
