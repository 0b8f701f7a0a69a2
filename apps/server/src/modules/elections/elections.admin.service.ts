/**
 * Election use cases: definition, announcement (frozen roll), key ceremony, casting, close and
 * tally. Casting writes the voted mark and the ballot in one transaction and never audits the
 * voter (an audit row with actor and time next to a ballot would be a voter-ballot link, E3).
 */
import type { Expression } from 'kysely';
import type { Actor } from '../../kernel/auth/actor.js';
import { inScope, listGrantsWithPaths, requireAccess } from '../../kernel/auth/access.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { duesStanding } from '../dues/index.js';
import { eligibleMembersOfSubtree, memberOfUser } from '../members/index.js';
import {
  boardAndTally,
  type ElectionParameters,
  type EncryptedBallot,
  type Manifest,
  toManifest,
} from './elections.crypto.js';
import { type ElectionRow, electionsRepo } from './elections.repo.js';
import { type ContestDef, minimumCandidates, type Rules, resolveRules } from './elections.rules.js';
import type { CreateElectionBody, ElectionView } from './elections.schemas.js';

import { DAY_MS, contestDefs, loadOr404, pgCode, present, requireObserver } from './elections.shared.js';

/** @throws AppError not_found, election.invalid_definition */
export async function createElection(
  deps: Deps,
  actor: Actor,
  body: CreateElectionBody,
): Promise<ElectionView> {
  await requireAccess(deps.db, actor, 'elections.administer', body.orgId);
  if (body.contests.length === 0 || body.trusteeUserIds.length === 0)
    throw new AppError('election.invalid_definition', { problem: 'empty' });
  const contests = contestDefs(body);
  const rules = resolveRules(body.profile, body.profile === 'custom' ? body.rules : {});
  const opensAt = new Date(body.opensAt);
  const closesAt = new Date(body.closesAt);
  const sane = (d: Date) => d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2200;
  if (!(closesAt > opensAt) || !sane(opensAt) || !sane(closesAt))
    throw new AppError('election.invalid_definition', { problem: 'window' });
  if (body.threshold > body.trusteeUserIds.length)
    throw new AppError('election.invalid_definition', { problem: 'threshold' });
  try {
    const row = await deps.db.transaction().execute(async (trx) => {
      const repo = electionsRepo(trx);
      const e = await repo.insert({
        org_id: body.orgId,
        title: body.title,
        profile: body.profile,
        rules: JSON.stringify(rules),
        contests: JSON.stringify(contests),
        opens_at: opensAt,
        closes_at: closesAt,
        trustees_n: body.trusteeUserIds.length,
        threshold: body.threshold,
        created_by: actor.userId,
      });
      await repo.insertTrustees(
        body.trusteeUserIds.map((u, i) => ({ election_id: e.id, idx: i + 1, user_id: u })),
      );
      await recordAudit(
        trx,
        {
          actorId: actor.userId,
          ip: actor.ip,
          action: 'election.create',
          targetType: 'election',
          targetId: e.id,
          orgId: body.orgId,
          details: { profile: body.profile, trustees: body.trusteeUserIds },
        },
        deps.clock.now(),
      );
      return e;
    });
    return present(deps.db, row, deps.clock.now());
  } catch (err) {
    if (pgCode(err).code === '23503')
      throw new AppError('election.invalid_definition', { problem: 'trustee' });
    throw err;
  }
}

/** Elections of the orgs the caller administers or observes. @throws AppError forbidden */
export async function listElections(deps: Deps, actor: Actor): Promise<ElectionView[]> {
  const grants = await listGrantsWithPaths(deps.db, actor.userId);
  const perms = new Set(grants.flatMap((g) => g.permissions));
  if (!perms.has('elections.administer') && !perms.has('elections.observe')) throw new AppError('forbidden');
  const permissions = (['elections.administer', 'elections.observe'] as const).filter((p) => perms.has(p));
  const rows = await electionsRepo(deps.db).listWhere(
    permissions.map((p) => (col: Expression<string>) => inScope(deps.db, actor, p, col)),
  );
  const now = deps.clock.now();
  return Promise.all(rows.map((r) => present(deps.db, r, now)));
}

export async function getElection(deps: Deps, actor: Actor, id: string): Promise<ElectionView> {
  const e = await loadOr404(deps.db, id);
  await requireObserver(deps.db, actor, e);
  return present(deps.db, e, deps.clock.now());
}

/** The registry's members of the subtree with a voting status, less those in arrears if the rules say so. */
async function frozenRoll(db: Database, orgId: string, rules: Rules, now: Date) {
  const roll = await eligibleMembersOfSubtree(db, orgId, rules.voterStatuses);
  if (rules.duesStanding !== 'not_in_arrears') return roll;
  const standing = await duesStanding(
    db,
    roll.map((m) => m.memberId),
    now,
  );
  return roll.filter((m) => standing.get(m.memberId) !== 'in_arrears');
}

/**
 * Announce: checks the notice period and the surplus of candidates, freezes the voter roll from the
 * registry (E1) and fixes the retention date (E11).
 * @throws AppError not_found, election.invalid_state, election.notice_period, election.invalid_definition
 */
export async function announceElection(deps: Deps, actor: Actor, id: string): Promise<ElectionView> {
  const e0 = await loadOr404(deps.db, id);
  await requireAccess(deps.db, actor, 'elections.administer', e0.org_id);
  const now = deps.clock.now();
  const row = await deps.db.transaction().execute(async (trx) => {
    const repo = electionsRepo(trx);
    const e = (await repo.lockById(id)) ?? e0;
    if (e.status !== 'draft') throw new AppError('election.invalid_state', { status: e.status });
    const rules = e.rules as Rules;
    // Only nominees who accepted stand; nominations still pending lapse here.
    const contests = (e.contests as ContestDef[]).map((c) => ({
      ...c,
      candidates: c.candidates.filter((o) => o.accepted !== false),
    }));
    for (const c of contests)
      if (c.candidates.length === 0 || c.maxSelections > c.candidates.length)
        throw new AppError('election.invalid_definition', { contest: c.id, problem: 'candidates' });
    if (e.opens_at.getTime() - now.getTime() < rules.noticeDays * DAY_MS)
      throw new AppError('election.notice_period', { noticeDays: rules.noticeDays });
    for (const c of contests) {
      if (c.kind !== 'yes_no' && c.candidates.length < minimumCandidates(rules, c.seats))
        throw new AppError('election.invalid_definition', {
          contest: c.id,
          problem: 'candidate_surplus',
          minimum: minimumCandidates(rules, c.seats),
        });
    }
    const roll = await frozenRoll(trx, e.org_id, rules, now);
    await repo.insertVoters(roll.map((m) => ({ election_id: id, member_id: m.memberId, user_id: m.userId })));
    const retain = new Date(e.closes_at);
    retain.setUTCFullYear(retain.getUTCFullYear() + rules.retentionYears);
    const updated = await repo.update(id, {
      status: 'announced',
      announced_at: now,
      eligible_count: roll.length,
      contests: JSON.stringify(contests),
      manifest: JSON.stringify(toManifest(id, e.title, contests)),
      retain_until: retain.toISOString().slice(0, 10),
    });
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'election.announce',
        targetType: 'election',
        targetId: id,
        orgId: e.org_id,
        details: { eligible: roll.length },
      },
      now,
    );
    return updated;
  });
  return present(deps.db, row, now);
}

/**
 * Close after the window: the board is built from the ballots sorted by tracking code (never in
 * cast order) and the homomorphic tally computed. Before `closes_at` an election may be closed
 * early only once every voter on the roll has voted and the rules allow no re-voting (no ballot
 * can change any more); the counting log records the early close.
 * @throws AppError not_found, election.invalid_state, election.outside_window, election.not_all_voted
 */
export async function closeElection(deps: Deps, actor: Actor, id: string): Promise<ElectionView> {
  const e0 = await loadOr404(deps.db, id);
  await requireAccess(deps.db, actor, 'elections.administer', e0.org_id);
  const now = deps.clock.now();
  const row = await deps.db.transaction().execute(async (trx) => {
    const repo = electionsRepo(trx);
    const e = (await repo.lockById(id)) ?? e0;
    if (e.status !== 'ready') throw new AppError('election.invalid_state', { status: e.status });
    const early = now < e.closes_at;
    if (early) await assertEarlyCloseAllowed(repo, e, now);
    const ballots = (await repo.ballotsByTrackingCode(id)).map((b) => b.ballot as EncryptedBallot);
    // Re-voting: replaced ballots stay on the board, followed by their supersede entries.
    const supersedes = await repo.supersedesOf(id);
    const { board, tally } = boardAndTally(
      e.manifest as Manifest,
      e.parameters as ElectionParameters,
      ballots,
      supersedes,
    );
    const counts = await repo.counts(id);
    if (counts.ballots !== counts.voted || counts.voted > (e.eligible_count ?? 0))
      throw new AppError('internal', { problem: 'E8' });
    const updated = await repo.update(id, {
      status: 'closed',
      board: JSON.stringify(board),
      tally: JSON.stringify(tally),
    });
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'election.close',
        targetType: 'election',
        targetId: id,
        orgId: e.org_id,
        details: { ballots: counts.ballots, head: board.head, ...(early ? { early: true } : {}) },
      },
      now,
    );
    return updated;
  });
  return present(deps.db, row, now);
}

/**
 * Closing before `closes_at`: only inside the window, only when re-voting is off, and only when the
 * voted marks cover the whole roll. The caller holds the election row lock; a cast that is still in
 * flight fails on its voted mark, since every voter already has one.
 * @throws AppError election.outside_window, election.not_all_voted
 */
async function assertEarlyCloseAllowed(repo: ReturnType<typeof electionsRepo>, e: ElectionRow, now: Date) {
  if (now < e.opens_at || (e.rules as { allowRevote?: boolean }).allowRevote === true)
    throw new AppError('election.outside_window');
  const { voted } = await repo.counts(e.id);
  const eligible = e.eligible_count ?? 0;
  if (eligible === 0 || voted < eligible) throw new AppError('election.not_all_voted', { voted, eligible });
}

/**
 * Nominate a candidate while the election is a draft. A nominee with a member record must accept
 * with their own account; one without (no portal account) is accepted by the administrator on
 * their written consent.
 * @throws AppError not_found, election.invalid_state, election.invalid_definition
 */
export async function nominate(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { contestId: string; candidateId: string; name: string; memberId?: string },
): Promise<ElectionView> {
  const e0 = await loadOr404(deps.db, id);
  await requireAccess(deps.db, actor, 'elections.administer', e0.org_id);
  if (input.memberId) {
    const roll = await eligibleMembersOfSubtree(deps.db, e0.org_id, ['active']);
    if (!roll.some((m) => m.memberId === input.memberId))
      throw new AppError('election.invalid_definition', { problem: 'nominee_not_member' });
  }
  const row = await deps.db.transaction().execute(async (trx) => {
    const repo = electionsRepo(trx);
    const e = (await repo.lockById(id)) ?? e0;
    if (e.status !== 'draft') throw new AppError('election.invalid_state', { status: e.status });
    const contests = e.contests as ContestDef[];
    const c = contests.find((x) => x.id === input.contestId);
    if (!c || c.kind === 'yes_no' || c.candidates.some((o) => o.id === input.candidateId))
      throw new AppError('election.invalid_definition', { problem: 'nomination' });
    c.candidates.push({
      id: input.candidateId,
      name: input.name,
      ...(input.memberId ? { memberId: input.memberId } : {}),
      accepted: false,
    });
    const updated = await repo.update(id, { contests: JSON.stringify(contests) });
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'election.nominate',
        targetType: 'election',
        targetId: id,
        orgId: e.org_id,
        details: { contest: c.id, candidate: input.candidateId },
      },
      deps.clock.now(),
    );
    return updated;
  });
  return present(deps.db, row, deps.clock.now());
}

/**
 * Accept a nomination: the nominee's own account, or the administrator for a nominee without one.
 * Anyone else gets 404.
 * @throws AppError not_found, election.invalid_state
 */
export async function acceptNomination(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { contestId: string; candidateId: string },
): Promise<{ ok: true }> {
  const e0 = await loadOr404(deps.db, id);
  const nominee = (e0.contests as ContestDef[])
    .find((c) => c.id === input.contestId)
    ?.candidates.find((o) => o.id === input.candidateId);
  if (!nominee) {
    await requireAccess(deps.db, actor, 'elections.administer', e0.org_id);
    throw new AppError('not_found');
  }
  if (nominee.memberId) {
    const me = await memberOfUser(deps.db, actor.userId);
    if (me?.id !== nominee.memberId) throw new AppError('not_found');
  } else {
    await requireAccess(deps.db, actor, 'elections.administer', e0.org_id);
  }
  await deps.db.transaction().execute(async (trx) => {
    const repo = electionsRepo(trx);
    const e = (await repo.lockById(id)) ?? e0;
    if (e.status !== 'draft') throw new AppError('election.invalid_state', { status: e.status });
    const contests = e.contests as ContestDef[];
    const o = contests
      .find((c) => c.id === input.contestId)
      ?.candidates.find((x) => x.id === input.candidateId);
    if (!o) throw new AppError('not_found');
    o.accepted = true;
    await repo.update(id, { contests: JSON.stringify(contests) });
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'election.accept_nomination',
        targetType: 'election',
        targetId: id,
        orgId: e.org_id,
        details: { contest: input.contestId, candidate: input.candidateId },
      },
      deps.clock.now(),
    );
  });
  return { ok: true };
}
