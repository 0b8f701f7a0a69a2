import type { Actor } from '../../kernel/auth/actor.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { timingSafeEqual } from 'node:crypto';
import {
  type ElectionParameters,
  type EncryptedBallot,
  type Manifest,
  revoteHashes,
} from './elections.crypto.js';
import { electionsRepo } from './elections.repo.js';
import { castBatcher } from './elections.cast-batch.js';
import { ballotVerifyPool } from './elections.verify-pool.js';
import type { Rules } from './elections.rules.js';

import { assertFreshAuth, loadOr404, pgCode, phaseOf } from './elections.shared.js';

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
    profile: e.profile,
    coercionPolicy: (e.rules as Rules).coercionPolicy,
    allowRevote: (e.rules as Rules).allowRevote === true,
    manifest: e.manifest,
    parameters: e.parameters,
    voted: v.voted !== null,
  };
}

/** What a cast may carry besides the ballot (re-voting elections only). */
export type CastExtras = { revoteOwner?: string; revoteSecret?: string };

/**
 * Cast a ballot (E2, E3, E4, E9, E12): own fresh login, on the roll, inside the window, every proof
 * verified; then the voted mark and the ballot are written in one transaction. The ballot row has
 * no member, session, IP or time. The tracking code is returned and sent as a notification,
 * stored in the same transaction as the cast.
 *
 * Where the rules allow re-voting, the ballot may carry `revote_tag` = H("revote-tag", Q, s) and
 * the voted mark keeps `revoteOwner` = H("revote-owner", Q, s) for the voter's secret code s. A
 * voter who has voted replaces the ballot by sending s with a new ballot (see `replaceBallot`); a
 * re-vote sends no notification.
 * @throws AppError auth.reauth_required, not_found, election.outside_window, election.invalid_ballot,
 *   election.already_voted, election.duplicate_ballot, election.revote_code_required,
 *   election.revote_code_invalid
 */
export async function castBallot(
  deps: Deps,
  actor: Actor,
  id: string,
  ballot: EncryptedBallot,
  extras: CastExtras = {},
): Promise<{ trackingCode: string; replaced?: boolean }> {
  assertFreshAuth(deps, actor);
  // One round trip for what can change (roll entry, voted mark, state, window) ...
  const v = await electionsRepo(deps.db).castContext(id, actor.userId);
  if (!v) throw new AppError('not_found');
  if (phaseOf(v, deps.clock.now()) !== 'open') throw new AppError('election.outside_window');
  // ... and the fields fixed once the election is ready from memory.
  const e = await fixedOfReady(deps.db, id);
  const allowRevote = e.rules.allowRevote === true;
  // Without re-voting a second cast is refused exactly as before, whatever it carries.
  if (v.voted !== null && !allowRevote) throw new AppError('election.already_voted');
  if (v.voted !== null && !extras.revoteSecret) throw new AppError('election.revote_code_required');
  const tagged = ballot.revote_tag !== undefined;
  if (tagged !== (extras.revoteOwner !== undefined) || (tagged && !allowRevote))
    throw new AppError('election.invalid_ballot', { check: 'revote_tag' });
  // Verified in the worker pool (batched with concurrent casts of this election), same verdicts.
  const problem = await ballotVerifyPool(deps.config.electionVerifyWorkers).check(
    e.manifest,
    e.parameters,
    ballot,
  );
  if (problem) throw new AppError('election.invalid_ballot', { check: problem });
  if (v.voted !== null) {
    await replaceBallot(deps.db, e.parameters, id, v.member_id, ballot, extras);
    // A re-vote sends nothing: a mailbox or inbox a coercer can read must not show that the voter
    // replaced the ballot (E13); the page shows the new tracking code.
    return { trackingCode: ballot.tracking_code, replaced: true };
  }
  // First cast: group-committed with concurrent first casts (elections.cast-batch.ts); its
  // tracking-code notification is queued in the same transaction.
  await castBatcher(deps).submit({
    electionId: id,
    memberId: v.member_id,
    trackingCode: ballot.tracking_code,
    ballot,
    revoteOwner: extras.revoteOwner ?? null,
    revoteTag: ballot.revote_tag ?? null,
    allowRevote,
    notify: { userId: actor.userId, title: e.title },
  });
  return { trackingCode: ballot.tracking_code };
}

type Fixed = { title: string; rules: Rules; manifest: Manifest; parameters: ElectionParameters };
const fixedCache = new Map<string, Fixed>();
const FIXED_CACHE_MAX = 256;

/**
 * Title, rules, manifest and parameters of an election that is open for casting. None of them
 * changes once the key ceremony made the election ready (the manifest and rules are fixed at
 * announcement, the parameters and status `ready` are written together), so they are cached in
 * process memory by id; state and window are always read fresh (`castContext`).
 */
async function fixedOfReady(db: Database, id: string): Promise<Fixed> {
  const hit = fixedCache.get(id);
  if (hit) return hit;
  const e = await loadOr404(db, id);
  const fixed: Fixed = {
    title: e.title,
    rules: e.rules as Rules,
    manifest: e.manifest as Manifest,
    parameters: e.parameters as ElectionParameters,
  };
  if (e.status !== 'ready') return fixed;
  if (fixedCache.size >= FIXED_CACHE_MAX) fixedCache.clear();
  fixedCache.set(id, fixed);
  return fixed;
}

/**
 * A re-vote in one transaction: lock the voter's voted mark (concurrent re-votes of one voter
 * queue here), check the code against it (only this voter's own code works, E4), find the
 * counted ballot carrying the code's tag, record its supersede entry, store the new owner hash
 * and the new ballot. Nothing stored links the voter to either ballot: the mark holds one hash
 * of the code, the ballot another.
 * @throws AppError election.revote_code_invalid, election.duplicate_ballot
 */
async function replaceBallot(
  db: Database,
  params: ElectionParameters,
  id: string,
  memberId: string,
  ballot: EncryptedBallot,
  extras: CastExtras,
): Promise<void> {
  const secret = extras.revoteSecret!;
  try {
    await db.transaction().execute(async (trx) => {
      const repo = electionsRepo(trx);
      const mark = await repo.lockVotedMark(id, memberId);
      const { tag, owner } = revoteHashes(params, secret);
      if (!mark?.revote_owner || !timingSafeEqual(Buffer.from(mark.revote_owner), Buffer.from(owner)))
        throw new AppError('election.revote_code_invalid');
      const previous = await repo.activeBallotByTag(id, tag);
      if (!previous) throw new AppError('election.revote_code_invalid');
      await repo.insertSupersede(id, previous.tracking_code, secret);
      await repo.setRevoteOwner(id, memberId, extras.revoteOwner ?? null);
      await repo.insertBallot(id, ballot.tracking_code, JSON.stringify(ballot), ballot.revote_tag ?? null);
    });
  } catch (err) {
    const { code, constraint } = pgCode(err);
    if (code === '23505' && constraint === 'election_supersedes_pkey')
      throw new AppError('election.revote_code_invalid');
    if (code === '23505') throw new AppError('election.duplicate_ballot');
    throw err;
  }
}
