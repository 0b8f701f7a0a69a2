/** Public API of the cases module. */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../kernel/deps.js';
import { analyticsRoutes } from './analytics/analytics.routes.js';
import { digestJobs } from './analytics/digest.job.js';
import { attachmentRoutes } from './attachments.routes.js';
import { caseHandlerRoutes } from './cases.routes.js';
import { myCasesRoutes } from './my-cases.routes.js';
import { casesJobs as slaJobs } from './sla.service.js';

/** Every route of the module: the member portal side and the handler side. */
export async function caseRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  await myCasesRoutes(api, deps);
  await caseHandlerRoutes(api, deps);
  await attachmentRoutes(api, deps);
  await analyticsRoutes(api, deps);
}

export { runSlaSweep } from './sla.service.js';
export { sendHotspotDigests } from './analytics/digest.job.js';
/** The module's scheduled jobs: the SLA sweep every minute and the weekly hotspot digest. */
export const casesJobs = [...slaJobs, ...digestJobs];
export { BUILTIN_CASE_TYPES } from './case-types.js';
