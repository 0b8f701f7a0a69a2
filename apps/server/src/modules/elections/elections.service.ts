/**
 * Election use cases: definition, announcement (frozen roll), key ceremony, casting, close and
 * tally. Casting writes the voted mark and the ballot in one transaction and never audits the
 * voter (an audit row with actor and time next to a ballot would be a voter-ballot link, E3).
 */
import type { Expression } from 'kysely';
import type { Actor } from '../../kernel/auth/actor.js';
import {
  assertMfaSatisfied,
  inScope,
  listGrantsWithPaths,
  permissionsAt,
  requireAccess,
} from '../../kernel/auth/access.js';
import { REAUTH_WINDOW_MS } from '../../kernel/auth/sessions.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { eligibleMembersOfSubtree, memberOfUser } from '../members/index.js';
import { findOrg } from '../orgs/index.js';
import {
  ballotProblem,
  boardAndTally,
  buildRecord,
  countVotes,
  type DecryptionShareJson,
  decryptionProblem,
  type ElectionParameters,
  type EncryptedBallot,
  hashOfManifest,
  type Manifest,
  parametersOf,
  serializeRecord,
  type TallyJson,
  type TrusteePublic,
  toManifest,
  trusteePublicValid,
} from './elections.crypto.js';
import { type ElectionRow, electionsRepo } from './elections.repo.js';
import {
  applyRules,
  type ContestDef,
  minimumCandidates,
  type Rules,
  resolveRules,
} from './elections.rules.js';
import type { CreateElectionBody, ElectionView } from './elections.schemas.js';

const DAY_MS = 86_400_000;

function phaseOf(e: ElectionRow, now: Date): string {
  if (e.status !== 'ready') return e.status;
  if (now < e.opens_at) return 'scheduled';
  return now < e.closes_at ? 'open' : 'voting_ended';
}

async function present(db: Database, e: ElectionRow, now: Date): Promise<ElectionView> {
  const counts = await electionsRepo(db).counts(e.id);
  return {
    id: e.id,
    orgId: e.org_id,
    title: e.title,
    profile: e.profile,
    status: e.status,
    phase: phaseOf(e, now),
    rules: e.rules,
    contests: e.contests,
    opensAt: e.opens_at.toISOString(),
    closesAt: e.closes_at.toISOString(),
    trustees: e.trustees_n,
    threshold: e.threshold,
    eligibleVoters: e.eligible_count,
    ballotsCast: counts.ballots,
    parameters: e.parameters,
    outcome: e.outcome,
  };
}

function pgCode(err: unknown): { code?: string; constraint?: string } {
  return (err ?? {}) as { code?: string; constraint?: string };
}

/** @throws AppError election.invalid_definition */
function contestDefs(body: CreateElectionBody): ContestDef[] {
  const ids = new Set<string>();
  return body.contests.map((c) => {
    if (ids.has(c.id))
      throw new AppError('election.invalid_definition', { contest: c.id, problem: 'duplicate' });
    ids.add(c.id);
    if (c.kind === 'yes_no') {
      return {
        id: c.id,
        kind: c.kind,
        title: c.title,
        seats: 1,
        minSelections: 1,
        maxSelections: 1,
        candidates: [
          { id: 'yes', name: 'yes' },
          { id: 'no', name: 'no' },
          { id: 'abstain', name: 'abstain' },
        ],
      };
    }
    const candidates = c.candidates ?? [];
    const seats = c.kind === 'single' ? 1 : (c.seats ?? 1);
    const maxSelections = c.kind === 'single' ? 1 : (c.maxSelections ?? seats);
    const minSelections = c.minSelections ?? 0;
    const cids = new Set(candidates.map((o) => o.id));
    if (cids.size !== candidates.length || minSelections > maxSelections || maxSelections > seats) {
      throw new AppError('election.invalid_definition', { contest: c.id });
    }
    // Candidates listed at creation stand as accepted (the officer holds their consent forms).
    const listed = candidates.map((o) => ({ ...o, accepted: true }));
    return {
      id: c.id,
      kind: c.kind,
      title: c.title,
      seats,
      minSelections,
      maxSelections,
      candidates: listed,
    };
  });
}

async function loadOr404(db: Database, id: string): Promise<ElectionRow> {
  const e = await electionsRepo(db).findById(id);
  if (!e) throw new AppError('not_found');
  return e;
}

/** Administrators or observers of the election's org (E10). @throws AppError not_found */
async function requireObserver(db: Database, actor: Actor, e: ElectionRow): Promise<void> {
  assertMfaSatisfied(actor);
  const org = await findOrg(db, e.org_id);
  const perms = org
    ? permissionsAt(await listGrantsWithPaths(db, actor.userId), org.path)
    : new Set<string>();
  const permission = perms.has('elections.administer') ? 'elections.administer' : 'elections.observe';
  await requireAccess(db, actor, permission, e.org_id);
}

/** @throws AppError auth.reauth_required unless the session authenticated recently (E4). */
function assertFreshAuth(deps: Deps, actor: Actor): void {
  if (actor.mfaEnabled && !actor.mfaPassed) throw new AppError('auth.mfa_required');
  const at = actor.reauthAt?.getTime() ?? 0;
  if (deps.clock.now().getTime() - at > REAUTH_WINDOW_MS) throw new AppError('auth.reauth_required');
}

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
    const roll = await eligibleMembersOfSubtree(trx, e.org_id, rules.voterStatuses);
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

async function trusteeOr404(db: Database, actor: Actor, id: string) {
  const t = await electionsRepo(db).trusteeOfUser(id, actor.userId);
  if (!t) throw new AppError('not_found');
  return { t, e: await loadOr404(db, id) };
}

/** The trustee's own view of the ceremony: peers' public material and shares addressed to them. */
export async function trusteeView(deps: Deps, actor: Actor, id: string) {
  const { t, e } = await trusteeOr404(deps.db, actor, id);
  const repo = electionsRepo(deps.db);
  const peers = await repo.trustees(id);
  const shares = await repo.sharesOf(id, { recipient: t.idx });
  return {
    index: t.idx,
    trustees: e.trustees_n,
    threshold: e.threshold,
    status: e.status,
    manifest: e.manifest,
    manifestHash: e.manifest ? hashOfManifest(e.manifest as Manifest) : '',
    peers: peers.map((p) => ({ index: p.idx, public: p.public, transportKey: p.transport_key })),
    sharesForMe: shares.map((s) => s.share),
    parameters: e.parameters,
    tally: e.tally,
  };
}

/**
 * A trustee publishes its commitments with proofs of knowledge and its share-transport key.
 * @throws AppError not_found, election.invalid_state, election.invalid_trustee_data, conflict
 */
export async function postTrusteeKeys(
  deps: Deps,
  actor: Actor,
  id: string,
  body: { public: TrusteePublic; transportKey: string },
): Promise<{ ok: true }> {
  await trusteeOr404(deps.db, actor, id);
  await deps.db.transaction().execute(async (trx) => {
    const repo = electionsRepo(trx);
    const e = await repo.lockById(id);
    const t = await repo.trusteeOfUser(id, actor.userId);
    if (!e || !t) throw new AppError('not_found');
    if (e.status !== 'announced') throw new AppError('election.invalid_state', { status: e.status });
    if (t.public) throw new AppError('conflict');
    if (body.public.index !== t.idx || !trusteePublicValid(e.manifest as Manifest, body.public, e.threshold))
      throw new AppError('election.invalid_trustee_data', { check: 'commitments' });
    await repo.updateTrustee(id, t.idx, {
      public: JSON.stringify(body.public),
      transport_key: body.transportKey,
    });
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'election.trustee_keys',
        targetType: 'election',
        targetId: id,
        orgId: e.org_id,
        details: { trustee: t.idx },
      },
      deps.clock.now(),
    );
  });
  return { ok: true };
}

/**
 * A trustee posts its shares, each encrypted to its recipient's transport key (the server cannot
 * read them). When every trustee has, the joint key and parameters are fixed: status 'ready'.
 * @throws AppError not_found, election.invalid_state, election.invalid_trustee_data, conflict
 */
export async function postTrusteeShares(
  deps: Deps,
  actor: Actor,
  id: string,
  body: { shares: { from: number; to: number; ephemeral: string; nonce: string; ciphertext: string }[] },
): Promise<{ ok: true; status: string }> {
  await trusteeOr404(deps.db, actor, id);
  const status = await deps.db.transaction().execute(async (trx) => {
    const repo = electionsRepo(trx);
    const e = await repo.lockById(id);
    const t = await repo.trusteeOfUser(id, actor.userId);
    if (!e || !t) throw new AppError('not_found');
    if (e.status !== 'announced') throw new AppError('election.invalid_state', { status: e.status });
    const peers = await repo.trustees(id);
    if (peers.some((p) => !p.public))
      throw new AppError('election.invalid_state', { waiting: 'trustee_keys' });
    if ((await repo.sharesOf(id, { dealer: t.idx })).length > 0) throw new AppError('conflict');
    const expected = peers.map((p) => p.idx).filter((i) => i !== t.idx);
    const got = body.shares.map((s) => s.to).sort((a, b) => a - b);
    if (body.shares.some((s) => s.from !== t.idx) || got.join() !== expected.join())
      throw new AppError('election.invalid_trustee_data', { check: 'recipients' });
    if (body.shares.length > 0)
      await repo.insertShares(
        body.shares.map((s) => ({
          election_id: id,
          dealer: t.idx,
          recipient: s.to,
          share: JSON.stringify(s),
        })),
      );
    const all = await repo.sharesOf(id, {});
    let next = e.status as string;
    if (all.length === e.trustees_n * (e.trustees_n - 1)) {
      const pubs = peers.map((p) => p.public as TrusteePublic);
      const params = parametersOf(e.manifest as Manifest, pubs, e.threshold);
      await repo.update(id, { status: 'ready', parameters: JSON.stringify(params) });
      next = 'ready';
    }
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'election.trustee_shares',
        targetType: 'election',
        targetId: id,
        orgId: e.org_id,
        details: { trustee: t.idx, ready: next === 'ready' },
      },
      deps.clock.now(),
    );
    return next;
  });
  return { ok: true, status };
}

/** Elections the caller is on the roll of (their portal). */
export async function myElections(deps: Deps, actor: Actor) {
  const repo = electionsRepo(deps.db);
  const ids = await repo.electionIdsOfVoter(actor.userId);
  const now = deps.clock.now();
  const out = [];
  for (const { election_id } of ids) {
    const e = await repo.findById(election_id);
    if (e)
      out.push({
        id: e.id,
        title: e.title,
        phase: phaseOf(e, now),
        opensAt: e.opens_at.toISOString(),
        closesAt: e.closes_at.toISOString(),
      });
  }
  return out;
}

async function voterOr404(db: Database, actor: Actor, id: string) {
  const v = await electionsRepo(db).voterOfUser(id, actor.userId);
  if (!v) throw new AppError('not_found');
  return { v, e: await loadOr404(db, id) };
}

export async function voterView(deps: Deps, actor: Actor, id: string) {
  const { v, e } = await voterOr404(deps.db, actor, id);
  return {
    id: e.id,
    title: e.title,
    phase: phaseOf(e, deps.clock.now()),
    opensAt: e.opens_at.toISOString(),
    closesAt: e.closes_at.toISOString(),
    coercionPolicy: (e.rules as Rules).coercionPolicy,
    manifest: e.manifest,
    parameters: e.parameters,
    voted: v.voted !== null,
  };
}

/**
 * Cast a ballot (E2, E3, E4, E9, E12): own fresh login, on the roll, inside the window, every proof
 * verified; then the voted mark and the ballot are written in one transaction. The ballot row has
 * no member, session, IP or time. The tracking code is returned and sent as a notification.
 * @throws AppError auth.reauth_required, not_found, election.outside_window, election.invalid_ballot,
 *   election.already_voted, election.duplicate_ballot
 */
export async function castBallot(
  deps: Deps,
  actor: Actor,
  id: string,
  ballot: EncryptedBallot,
): Promise<{ trackingCode: string }> {
  assertFreshAuth(deps, actor);
  const { v, e } = await voterOr404(deps.db, actor, id);
  if (phaseOf(e, deps.clock.now()) !== 'open') throw new AppError('election.outside_window');
  if (v.voted !== null) throw new AppError('election.already_voted');
  const problem = ballotProblem(e.manifest as Manifest, e.parameters as ElectionParameters, ballot);
  if (problem) throw new AppError('election.invalid_ballot', { check: problem });
  try {
    await deps.db.transaction().execute(async (trx) => {
      const repo = electionsRepo(trx);
      await repo.markVoted(id, v.member_id);
      await repo.insertBallot(id, ballot.tracking_code, JSON.stringify(ballot));
    });
  } catch (err) {
    const { code, constraint } = pgCode(err);
    if (code === '23505' && constraint === 'election_votes_cast_pkey')
      throw new AppError('election.already_voted');
    if (code === '23505') throw new AppError('election.duplicate_ballot');
    throw err;
  }
  await deps.notifier.send({
    userId: actor.userId,
    template: 'election_ballot_cast',
    params: { title: e.title, trackingCode: ballot.tracking_code },
  });
  return { trackingCode: ballot.tracking_code };
}

/**
 * Close after the window: the board is built from the ballots sorted by tracking code (never in
 * cast order) and the homomorphic tally computed.
 * @throws AppError not_found, election.invalid_state, election.outside_window
 */
export async function closeElection(deps: Deps, actor: Actor, id: string): Promise<ElectionView> {
  const e0 = await loadOr404(deps.db, id);
  await requireAccess(deps.db, actor, 'elections.administer', e0.org_id);
  const now = deps.clock.now();
  const row = await deps.db.transaction().execute(async (trx) => {
    const repo = electionsRepo(trx);
    const e = (await repo.lockById(id)) ?? e0;
    if (e.status !== 'ready') throw new AppError('election.invalid_state', { status: e.status });
    if (now < e.closes_at) throw new AppError('election.outside_window');
    const ballots = (await repo.ballotsByTrackingCode(id)).map((b) => b.ballot as EncryptedBallot);
    const { board, tally } = boardAndTally(
      e.manifest as Manifest,
      e.parameters as ElectionParameters,
      ballots,
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
        details: { ballots: counts.ballots, head: board.head },
      },
      now,
    );
    return updated;
  });
  return present(deps.db, row, now);
}

/**
 * A trustee's decryption share with proofs, checked before it is stored. With k valid shares the
 * totals are decrypted and the rule profile applied: status 'tallied'.
 * @throws AppError not_found, election.invalid_state, election.invalid_trustee_data, conflict
 */
export async function postDecryption(
  deps: Deps,
  actor: Actor,
  id: string,
  share: DecryptionShareJson,
): Promise<{ ok: true; status: string }> {
  await trusteeOr404(deps.db, actor, id);
  const status = await deps.db.transaction().execute(async (trx) => {
    const repo = electionsRepo(trx);
    const e = await repo.lockById(id);
    const t = await repo.trusteeOfUser(id, actor.userId);
    if (!e || !t) throw new AppError('not_found');
    if (e.status !== 'closed') throw new AppError('election.invalid_state', { status: e.status });
    if (t.decryption) throw new AppError('conflict');
    const peers = await repo.trustees(id);
    const pubs = peers.map((p) => p.public as TrusteePublic);
    const manifest = e.manifest as Manifest;
    const params = e.parameters as ElectionParameters;
    const tally = e.tally as TallyJson;
    const problem =
      share.trustee !== t.idx ? 'trustee' : decryptionProblem(manifest, params, tally, pubs, share);
    if (problem) throw new AppError('election.invalid_trustee_data', { check: problem });
    await repo.updateTrustee(id, t.idx, { decryption: JSON.stringify(share) });
    const shares = [
      ...peers.filter((p) => p.decryption).map((p) => p.decryption as DecryptionShareJson),
      share,
    ];
    let next = 'closed';
    if (shares.length >= e.threshold) {
      const counts = await repo.counts(id);
      const eligible = e.eligible_count ?? 0;
      const results = countVotes(manifest, tally, shares, e.threshold, counts.ballots, eligible);
      const byContest: Record<string, Record<string, number>> = {};
      for (const c of results.contests)
        byContest[c.contest_id] = Object.fromEntries(c.options.map((o) => [o.option_id, o.votes]));
      const outcome = applyRules(
        e.rules as Rules,
        e.contests as ContestDef[],
        byContest,
        counts.ballots,
        eligible,
      );
      await repo.update(id, {
        status: 'tallied',
        results: JSON.stringify(results),
        outcome: JSON.stringify(outcome),
      });
      next = 'tallied';
    }
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'election.decryption_share',
        targetType: 'election',
        targetId: id,
        orgId: e.org_id,
        details: { trustee: t.idx, tallied: next === 'tallied' },
      },
      deps.clock.now(),
    );
    return next;
  });
  return { ok: true, status };
}

/** Observers, administrators and voters on the roll may see the board. */
async function requireBoardReader(deps: Deps, actor: Actor, id: string): Promise<ElectionRow> {
  const v = await electionsRepo(deps.db).voterOfUser(id, actor.userId);
  if (v) return loadOr404(deps.db, id);
  const e = await loadOr404(deps.db, id);
  await requireObserver(deps.db, actor, e);
  return e;
}

/** Before close: tracking codes sorted; after close: the published hash-chained board. */
export async function boardOf(deps: Deps, actor: Actor, id: string) {
  const e = await requireBoardReader(deps, actor, id);
  const codes = await electionsRepo(deps.db).trackingCodes(id);
  return { trackingCodes: codes.map((c) => c.tracking_code), board: e.board };
}

/** The full election record (canonical JSON text) once tallied. @throws AppError election.invalid_state */
export async function recordOf(deps: Deps, actor: Actor, id: string): Promise<string> {
  const e = await requireBoardReader(deps, actor, id);
  if (e.status !== 'tallied') throw new AppError('election.invalid_state', { status: e.status });
  const peers = await electionsRepo(deps.db).trustees(id);
  return serializeRecord(
    buildRecord({
      manifest: e.manifest as Manifest,
      parameters: e.parameters as ElectionParameters,
      trustees: peers.map((p) => p.public as TrusteePublic),
      board: e.board as never,
      tally: e.tally as TallyJson,
      decryption: peers
        .filter((p) => p.decryption)
        .map((p) => p.decryption as DecryptionShareJson)
        .slice(0, e.threshold),
      results: e.results as never,
    }),
  );
}

/** The counting log for observers (E10): ceremony, close and tally steps, never a voter. */
export async function countingLogOf(deps: Deps, actor: Actor, id: string) {
  const e = await loadOr404(deps.db, id);
  await requireObserver(deps.db, actor, e);
  const rows = await electionsRepo(deps.db).countingLog(id);
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: r.at.toISOString(),
    action: r.action,
    details: r.details,
  }));
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
