/**
 * The SLA sweep, run every minute by the scheduler: reminders when a share of a budget has run, and
 * escalation one org level up when a clock breaches. Each step is a conditional update (plus a unique
 * key per case and clock), so two schedulers running at once remind and escalate each case once.
 */
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import type { JobDefinition } from '../../kernel/jobs/jobs.js';
import { analyticsRepo } from './analytics/analytics.repo.js';
import { assignmentRepo } from './assignment.repo.js';
import { autoAssign } from './assignment.service.js';
import { casesRepo } from './cases.repo.js';

export type SlaSweepResult = { reminded: number; escalated: number };

const BATCH = 5000;

/** Processes every due reminder and breach up to `now`, in batches. */
export async function runSlaSweep(deps: Deps, now = deps.clock.now()): Promise<SlaSweepResult> {
  const out: SlaSweepResult = { reminded: 0, escalated: 0 };
  for (const clock of ['fr', 'res'] as const) {
    for (;;) {
      const rows = await casesRepo(deps.db).claimReminders(clock, now, BATCH);
      out.reminded += rows.length;
      for (const r of rows) {
        await deps.notifier.send({
          userId: r.assignee_id,
          template: clock === 'fr' ? 'cases.first_response_due' : 'cases.resolution_due',
          params: { ref: r.ref, caseId: r.id, orgId: r.org_id },
        });
      }
      if (rows.length < BATCH) break;
    }
    for (;;) {
      const rows = await deps.db.transaction().execute(async (trx) => {
        const moved = await casesRepo(trx).escalateBreaches(clock, now, BATCH);
        // the union's assignment rules pick a handler at the node the case moved to
        const ruled = await assignmentRepo(trx).unionsWithRules([...new Set(moved.map((m) => m.union_id))]);
        for (const m of moved) {
          if (m.from_org_id !== m.to_org_id && ruled.has(m.union_id))
            await autoAssign(trx, { ...m, org_id: m.to_org_id }, now, 'escalated');
        }
        if (moved.length > 0) {
          // one audit row per batch: the per-case trail is in case_events and case_escalations
          await recordAudit(
            trx,
            {
              actorId: null,
              action: 'case.sla_escalated',
              targetType: 'case',
              details: { clock, count: moved.length, caseIds: moved.slice(0, 50).map((m) => m.id) },
            },
            now,
          );
        }
        return moved;
      });
      out.escalated += rows.length;
      await notifyEscalations(deps, clock, rows);
      if (rows.length < BATCH) break;
    }
  }
  return out;
}

/**
 * One message per responsible officer of each node cases were escalated to (those holding
 * cases.handle on it or above), listing the case references, instead of one message per case.
 */
async function notifyEscalations(
  deps: Deps,
  clock: 'fr' | 'res',
  rows: { id: string; ref: string; to_org_id: string }[],
): Promise<void> {
  const byOrg = new Map<string, string[]>();
  for (const r of rows) byOrg.set(r.to_org_id, [...(byOrg.get(r.to_org_id) ?? []), r.ref]);
  for (const [orgId, refs] of byOrg) {
    for (const userId of await analyticsRepo(deps.db).responsibleOfficers(orgId)) {
      await deps.notifier.send({
        userId,
        template: 'cases.escalated',
        params: { orgId, clock, count: refs.length, refs: refs.slice(0, 20).join(', ') },
      });
    }
  }
}

export const casesJobs: JobDefinition[] = [
  { name: 'cases-sla-sweep', cron: '* * * * *', handler: async (deps) => void (await runSlaSweep(deps)) },
];
