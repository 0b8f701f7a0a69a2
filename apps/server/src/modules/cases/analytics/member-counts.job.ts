/**
 * The head-count snapshot behind the early-warning rates: live members per org node and department,
 * recounted every ten minutes. Hotspots use it while it is at most 15 minutes old (and say how old in
 * `membersAsOf`); otherwise they count live.
 */
import type { Deps } from '../../../kernel/deps.js';
import type { JobDefinition } from '../../../kernel/jobs/jobs.js';
import { rollupRepo } from './rollup.repo.js';

export const MEMBER_COUNTS_FRESH_MS = 15 * 60_000;

/** Recounts the snapshot in one transaction (readers see the old or the new one, never half). */
export async function refreshMemberCounts(deps: Deps): Promise<void> {
  await deps.db.transaction().execute((trx) => rollupRepo(trx).refreshMemberCounts(deps.clock.now()));
}

export const memberCountJobs: JobDefinition[] = [
  {
    name: 'cases-member-counts',
    cron: '*/10 * * * *',
    handler: async (deps) => refreshMemberCounts(deps),
  },
];
