/** The dues module's scheduled jobs (pg-boss, UTC). */
import type { JobDefinition } from '../../kernel/jobs/jobs.js';
import { runMonthlyReminders } from './reminders.service.js';
import { runMonthlySchedule } from './schedule.service.js';

export const duesJobs: JobDefinition[] = [
  // 00:30 UTC on the 1st: this month's schedule for every union with a rule (idempotent)
  {
    name: 'dues-monthly-schedule',
    cron: '30 0 1 * *',
    handler: async (deps) => void (await runMonthlySchedule(deps)),
  },
  // 02:00 UTC on the 10th: one reminder per member in arrears and period
  {
    name: 'dues-monthly-reminders',
    cron: '0 2 10 * *',
    handler: async (deps) => void (await runMonthlyReminders(deps)),
  },
];
