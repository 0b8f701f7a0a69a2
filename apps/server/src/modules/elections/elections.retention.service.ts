/**
 * Records disposal after the retention period (ELECTIONS.md E11; PIPL art. 19 and 47: personal data
 * is kept no longer than needed). Once a closed or tallied election's `retain_until` has passed, a
 * daily job removes, in one transaction per election, everything that links a person to it:
 * the voter roll (who was entitled), the voted marks with their re-vote owner hashes (who voted),
 * the `election_ballot_cast` in-app notifications (account + tracking code), the trustees' encrypted
 * key shares and transport keys (ceremony material, not in the record) and the member ids of
 * nominees in the contest definitions. The election row, manifest, results, ballots, board,
 * supersede entries, trustees' public keys and decryption shares stay: the anonymous record still
 * downloads and verifies. See docs/elections.md "Records: retention and disposal".
 */
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import type { JobDefinition } from '../../kernel/jobs/jobs.js';
import { retractInAppNotifications } from '../../kernel/notify/retention.repo.js';
import type { ContestDef } from './elections.rules.js';
import { DISPOSABLE_STATUSES, retentionRepo } from './elections.retention.repo.js';

/** What one disposal removed (counts only: this goes to the audit log). */
export type DisposalCounts = {
  rollEntries: number;
  votedMarks: number;
  notifications: number;
  trusteeShares: number;
  transportKeys: number;
  nomineeLinks: number;
};

export type DisposalReport = { electionId: string; retainUntil: string } & DisposalCounts;

/** The UTC calendar date of `now` (retain_until is fixed in UTC at announcement). */
const utcDate = (now: Date) => now.toISOString().slice(0, 10);

/**
 * Disposes of the personal data of every closed or tallied election whose `retain_until` is before
 * the date of `now` (and before the database's own date, which the triggers check), one transaction
 * per election. Idempotent: disposed elections are skipped.
 * @returns one report per election disposed by this run
 * @throws Error naming the elections whose disposal failed (the others are disposed all the same)
 */
export async function disposeExpiredElectionRecords(
  deps: Pick<Deps, 'db' | 'clock'>,
  now: Date = deps.clock.now(),
): Promise<DisposalReport[]> {
  const today = utcDate(now);
  const due = await retentionRepo(deps.db).dueForDisposal(today);
  const done: DisposalReport[] = [];
  const failed: string[] = [];
  for (const { id } of due) {
    try {
      const r = await disposeOne(deps, id, now, today);
      if (r) done.push(r);
    } catch {
      failed.push(id);
    }
  }
  if (failed.length) throw new Error(`election records disposal failed for ${failed.join(', ')}`);
  return done;
}

/** One election in one transaction; undefined when it is (no longer) due. */
async function disposeOne(
  deps: Pick<Deps, 'db' | 'clock'>,
  id: string,
  now: Date,
  today: string,
): Promise<DisposalReport | undefined> {
  return deps.db.transaction().execute(async (trx) => {
    const repo = retentionRepo(trx);
    const e = await repo.lockForDisposal(id);
    // Re-checked under the row lock: a concurrent run may have disposed of it meanwhile.
    if (
      !e ||
      e.records_disposed_at !== null ||
      e.retain_until === null ||
      e.retain_until >= today ||
      !e.past_in_db ||
      !(DISPOSABLE_STATUSES as readonly string[]).includes(e.status)
    )
      return undefined;
    await repo.allowDisposal(id);
    const votedCount = await repo.countVotedMarks(id);
    const votedMarks = await repo.deleteVotedMarks(id);
    const rollEntries = await repo.deleteRoll(id);
    const notifications = await retractInAppNotifications(
      trx,
      'election_ballot_cast',
      `/my/elections/${id}/board`,
    );
    const trusteeShares = await repo.deleteTrusteeShares(id);
    const transportKeys = await repo.clearTransportKeys(id);
    let nomineeLinks = 0;
    const contests = (e.contests as ContestDef[]).map((c) => ({
      ...c,
      candidates: c.candidates.map(({ memberId, ...o }) => {
        if (memberId !== undefined) nomineeLinks++;
        return o;
      }),
    }));
    await repo.markDisposed(id, { at: now, votedCount, contests });
    const counts: DisposalCounts = {
      rollEntries,
      votedMarks,
      notifications,
      trusteeShares,
      transportKeys,
      nomineeLinks,
    };
    await recordAudit(
      trx,
      {
        actorId: null,
        action: 'election.records_disposed',
        targetType: 'election',
        targetId: id,
        orgId: e.org_id,
        details: { retainUntil: e.retain_until, eligible: e.eligible_count, ...counts },
      },
      now,
    );
    return { electionId: id, retainUntil: e.retain_until, ...counts };
  });
}

export const electionsJobs: JobDefinition[] = [
  // 03:40 UTC daily: personal data of elections past their retention period (idempotent).
  {
    name: 'elections-records-disposal',
    cron: '40 3 * * *',
    handler: async (deps) => void (await disposeExpiredElectionRecords(deps)),
  },
];
