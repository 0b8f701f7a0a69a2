/**
 * Background jobs and schedules on pg-boss, in the same PostgreSQL. Every server process runs workers;
 * pg-boss hands each job to exactly one of them, and a cron schedule fires once per slot cluster-wide.
 */
import PgBoss from 'pg-boss';
import type { Deps } from '../deps.js';

export type JobDefinition = {
  name: string;
  /** Cron expression (UTC) for scheduled jobs. */
  cron?: string;
  handler: (deps: Deps, data: Record<string, unknown>) => Promise<void>;
};

export type JobRunner = {
  boss: PgBoss;
  send: (name: string, data?: object) => Promise<string | null>;
  stop: () => Promise<void>;
};

export async function startJobs(
  deps: Deps,
  url: string,
  jobs: JobDefinition[],
  log: (m: string) => void,
): Promise<JobRunner> {
  const boss = new PgBoss({ connectionString: url, max: 4, application_name: 'unionhall-jobs' });
  boss.on('error', (err) => log(`jobs: ${err.message}`));
  await boss.start();
  for (const job of jobs) {
    await boss.createQueue(job.name);
    if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
    await boss.work<Record<string, unknown>>(job.name, async (batch) => {
      for (const j of batch) await job.handler(deps, j.data ?? {});
    });
  }
  return {
    boss,
    send: (name, data) => boss.send(name, data ?? {}),
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}
