/**
 * Retention rules per data class (SECURITY.md "Privacy"; PIPL art. 19 and 47: personal data is kept
 * no longer than needed). A daily job deletes, one transaction per rule, the rows of each class whose
 * period has ended, and writes one audit entry with the counts only. The delete of each class lives
 * with the code that owns its table; this file holds the list of rules, which docs/privacy.md
 * ("Retention") mirrors. Records kept by law (audit log, dues and payments, membership history,
 * consents, elections) are not in this list; elections have their own disposal job. Cases go after
 * their archive period (closed more than 10 years ago), their attachment files after the commit.
 */
import { purgeSessionsExpiredBefore, purgeTokensSpentBefore } from '../../kernel/auth/housekeeping.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import type { JobDefinition } from '../../kernel/jobs/jobs.js';
import {
  purgeDeliveriesFinishedBefore,
  purgeNotificationsCreatedBefore,
  purgeNotificationsReadBefore,
  purgeOrphanBroadcastsBefore,
} from '../../kernel/notify/retention.repo.js';
import { CASE_ARCHIVE_DAYS, purgeCasesClosedBefore } from '../cases/index.js';
import { purgeRecoveryCodesUsedBefore } from '../identity/index.js';

const DAY_MS = 86_400_000;

export type RetentionDeps = Pick<Deps, 'db' | 'clock' | 'config'>;

export type RetentionRule = {
  /** Key of the data class in the returned counts and the audit entry. */
  dataClass: string;
  /** Rows whose reference time lies more than this many days before `now` are deleted. */
  periodDays: number;
  /**
   * Deletes the class's rows whose reference time is before `cutoff`; returns the count, or the count
   * with work to do once the transaction has committed (removing files from disk, never before).
   */
  purge: (db: Database, cutoff: Date, deps: RetentionDeps) => Promise<number | PurgeResult>;
};

export type PurgeResult = { count: number; afterCommit: () => Promise<void> };

/** The rules, in the order they run (docs/privacy.md "Retention" has the same table). */
export const RETENTION_RULES: readonly RetentionRule[] = [
  {
    dataClass: 'sessions',
    periodDays: 30,
    purge: (db, cutoff, deps) =>
      purgeSessionsExpiredBefore(db, cutoff, deps.config.sessionIdleMinutes * 60_000),
  },
  { dataClass: 'oneTimeTokens', periodDays: 30, purge: purgeTokensSpentBefore },
  { dataClass: 'usedRecoveryCodes', periodDays: 30, purge: purgeRecoveryCodesUsedBefore },
  { dataClass: 'readNotifications', periodDays: 365, purge: purgeNotificationsReadBefore },
  { dataClass: 'oldNotifications', periodDays: 730, purge: purgeNotificationsCreatedBefore },
  { dataClass: 'outboxDeliveries', periodDays: 90, purge: purgeDeliveriesFinishedBefore },
  // after the deliveries: a broadcast goes once none of its deliveries is left
  { dataClass: 'outboxBroadcasts', periodDays: 90, purge: purgeOrphanBroadcastsBefore },
  // the casework file: with its events, escalations, attachment rows; the files after the commit
  {
    dataClass: 'closedCases',
    periodDays: CASE_ARCHIVE_DAYS,
    purge: async (db, cutoff, deps) => {
      const r = await purgeCasesClosedBefore(db, cutoff);
      return { count: r.count, afterCommit: () => r.removeFiles(deps.config.dataDir) };
    },
  },
];

/** Rows deleted per data class by one run. */
export type RetentionCounts = Record<string, number>;

/**
 * Applies every retention rule as of `now`, each in its own transaction, and records
 * `privacy.retention_enforced` with the counts when anything was deleted. Idempotent: a second run
 * at the same `now` deletes nothing and writes no audit entry.
 * @returns the number of rows deleted per data class
 * @throws Error naming the data classes whose delete failed (the other rules run all the same)
 */
export async function enforceRetention(
  deps: RetentionDeps,
  now: Date = deps.clock.now(),
  rules: readonly RetentionRule[] = RETENTION_RULES,
): Promise<RetentionCounts> {
  const counts: RetentionCounts = {};
  const failed: string[] = [];
  for (const rule of rules) {
    const cutoff = new Date(now.getTime() - rule.periodDays * DAY_MS);
    try {
      const result = await deps.db.transaction().execute((trx) => rule.purge(trx, cutoff, deps));
      if (typeof result === 'number') counts[rule.dataClass] = result;
      else {
        counts[rule.dataClass] = result.count;
        await result.afterCommit();
      }
    } catch {
      failed.push(rule.dataClass);
    }
  }
  if (Object.values(counts).some((n) => n > 0)) {
    await deps.db.transaction().execute((trx) =>
      recordAudit(
        trx,
        {
          actorId: null,
          action: 'privacy.retention_enforced',
          details: { asOf: now.toISOString(), counts, ...(failed.length ? { failed } : {}) },
        },
        now,
      ),
    );
  }
  if (failed.length) throw new Error(`retention failed for ${failed.join(', ')}`);
  return counts;
}

export const privacyJobs: JobDefinition[] = [
  // 03:20 UTC daily (before the elections records disposal at 03:40); idempotent.
  {
    name: 'privacy-retention',
    cron: '20 3 * * *',
    handler: async (deps) => void (await enforceRetention(deps)),
  },
];
