/**
 * The 72-hour clock of breach incidents (GDPR art. 33(1)): every 15 minutes, the security officers of
 * an incident not yet reported to the regulator are reminded once when 24 hours are left and once when
 * the deadline has passed. Each reminder is claimed on the incident row and its notifications written in
 * the same transaction, so a reminder goes out exactly once whichever process runs the job.
 */
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import type { JobDefinition } from '../../kernel/jobs/jobs.js';
import type { EachNotification } from '../../kernel/notify/notifier.js';
import { chinaTime, DEADLINE_HOURS, deadlineOf, REMIND_BEFORE_HOURS } from './breach.notice.js';
import { breachRepo } from './breach.repo.js';
import { BREACH_DUE_SOON_TEMPLATE, BREACH_OVERDUE_TEMPLATE } from './breach.templates.js';

const HOUR = 3_600_000;

export type ReminderDeps = Pick<Deps, 'db' | 'clock' | 'notifier'>;

/**
 * Sends the due reminders as of `now`; returns how many incidents were reminded of each kind. A
 * second run at the same time sends nothing. An incident found already overdue gets only the overdue one.
 */
export async function remindBreachDeadlines(
  deps: ReminderDeps,
  now: Date = deps.clock.now(),
): Promise<{ due: number; overdue: number }> {
  const dueBefore = new Date(now.getTime() - (DEADLINE_HOURS - REMIND_BEFORE_HOURS) * HOUR);
  const overdueBefore = new Date(now.getTime() - DEADLINE_HOURS * HOUR);
  const out = { due: 0, overdue: 0 };
  for (const kind of ['overdue', 'due'] as const) {
    let after: () => Promise<void> = async () => {};
    await deps.db.transaction().execute(async (trx) => {
      const repo = breachRepo(trx);
      const claimed = await repo.claimReminders(kind, now, dueBefore, overdueBefore);
      const items: EachNotification[] = [];
      for (const b of claimed) {
        const [managers, org] = await Promise.all([repo.managersOf(b.org_id), repo.org(b.org_id)]);
        const params = {
          title: b.title,
          org: org?.name ?? '',
          deadline: chinaTime(deadlineOf(b.discovered_at)),
          link: `/console/privacy/breaches/${b.id}`,
        };
        const template = kind === 'overdue' ? BREACH_OVERDUE_TEMPLATE : BREACH_DUE_SOON_TEMPLATE;
        for (const userId of managers) items.push({ userId, template, params });
        await recordAudit(
          trx,
          {
            actorId: null,
            action: 'privacy.breach_reminder_sent',
            targetType: 'privacy_breach',
            targetId: b.id,
            orgId: b.org_id,
            details: { kind, recipients: managers.length },
          },
          now,
        );
      }
      after = await deps.notifier.sendEach(items, trx);
      out[kind] = claimed.length;
    });
    await after();
  }
  return out;
}

export const breachJobs: JobDefinition[] = [
  {
    name: 'privacy-breach-deadlines',
    cron: '*/15 * * * *',
    handler: async (deps) => void (await remindBreachDeadlines(deps)),
  },
];
