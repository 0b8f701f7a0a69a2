/**
 * The weekly early-warning digest: for every union with injury reports in the last 90 days, the
 * flagged units (above expected or rising) go to the officers holding cases.handle on the union or
 * above it, through the notification channel.
 */
import { sql } from 'kysely';
import type { Deps } from '../../../kernel/deps.js';
import type { JobDefinition } from '../../../kernel/jobs/jobs.js';
import { liveMemberCountsByOrg } from '../../members/index.js';
import { findOrg } from '../../orgs/index.js';
import { analyticsRepo } from './analytics.repo.js';
import { explainHotspot, findHotspots } from './hotspots.js';

const DAY = 86_400_000;

/** Sends one digest per union with flagged units; returns how many digests went out. */
export async function sendHotspotDigests(deps: Deps, days = 90): Promise<number> {
  const repo = analyticsRepo(deps.db);
  const to = deps.clock.now();
  const from = new Date(to.getTime() - days * DAY);
  let sent = 0;
  for (const unionId of await repo.unionsWithReports('injury', new Date(from.getTime() - days * DAY))) {
    const scope = sql<boolean>`c.union_id = ${unionId}`;
    const counts = await repo.dimensionCounts(
      scope,
      'origin_org_id',
      'injury',
      { from, to },
      new Date(from.getTime() - days * DAY),
    );
    const members = await liveMemberCountsByOrg(
      deps.db,
      counts.map((c) => c.key),
    );
    const units = counts.map((c) => ({
      key: c.key,
      label: c.key,
      members: members.get(c.key) ?? 0,
      count: Number(c.count),
      previous: Number(c.previous),
    }));
    const found = findHotspots(units, 0.05, false);
    const flagged = found.items.filter((i) => i.above || i.rising).slice(0, 10);
    if (flagged.length === 0) continue;
    const lines: string[] = [];
    for (const f of flagged) {
      f.label = (await findOrg(deps.db, f.key))?.name ?? f.key;
      lines.push(explainHotspot(f, found.prior.rate).zh);
    }
    for (const userId of await repo.responsibleOfficers(unionId)) {
      await deps.notifier.send({
        userId,
        template: 'cases.hotspot_digest',
        params: { unionId, flagged: flagged.length, summary: lines.join('\n') },
      });
    }
    sent++;
  }
  return sent;
}

export const digestJobs: JobDefinition[] = [
  {
    name: 'cases-hotspot-digest',
    cron: '0 1 * * 1',
    handler: async (deps) => void (await sendHotspotDigests(deps)),
  },
];
