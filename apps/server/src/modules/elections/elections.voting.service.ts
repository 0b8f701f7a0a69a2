import type { Actor } from '../../kernel/auth/actor.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import {
  ballotProblem,
  type ElectionParameters,
  type EncryptedBallot,
  type Manifest,
} from './elections.crypto.js';
import { electionsRepo } from './elections.repo.js';
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
