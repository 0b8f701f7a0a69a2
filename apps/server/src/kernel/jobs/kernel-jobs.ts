import { purgeExpiredAuthState } from '../auth/housekeeping.js';
import type { JobDefinition } from './jobs.js';

export const kernelJobs: JobDefinition[] = [
  {
    name: 'kernel-housekeeping',
    cron: '*/15 * * * *',
    handler: async (deps) => {
      await purgeExpiredAuthState(deps.db, deps.clock.now(), {
        idleMs: deps.config.sessionIdleMinutes * 60_000,
        absoluteMs: deps.config.sessionAbsoluteHours * 3_600_000,
      });
    },
  },
];
