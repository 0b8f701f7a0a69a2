import type { Actor } from '../../kernel/auth/actor.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import {
  countVotes,
  type DecryptionShareJson,
  decryptionProblem,
  type ElectionParameters,
  hashOfManifest,
  type Manifest,
  parametersOf,
  type TallyJson,
  type TrusteePublic,
  trusteePublicValid,
} from './elections.crypto.js';
import { electionsRepo } from './elections.repo.js';
import { applyRules, type ContestDef, type Rules } from './elections.rules.js';

import { loadOr404 } from './elections.shared.js';

async function trusteeOr404(db: Database, actor: Actor, id: string) {
  const t = await electionsRepo(db).trusteeOfUser(id, actor.userId);
  if (!t) throw new AppError('not_found');
  return { t, e: await loadOr404(db, id) };
}

/** Elections the caller is a trustee of (their way to the ceremony page). */
export async function myTrusteeElections(deps: Deps, actor: Actor) {
  const rows = await electionsRepo(deps.db).electionsOfTrustee(actor.userId);
  return rows.map((r) => ({ id: r.id, title: r.title, status: r.status, index: r.idx }));
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
