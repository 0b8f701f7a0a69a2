/** Public API of the cases module. */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../kernel/deps.js';
import { analyticsRoutes } from './analytics/analytics.routes.js';
import { assignmentRoutes } from './assignment.routes.js';
import { digestJobs } from './analytics/digest.job.js';
import { memberCountJobs } from './analytics/member-counts.job.js';
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
  await assignmentRoutes(api, deps);
}

export { runSlaSweep } from './sla.service.js';
export { sendHotspotDigests } from './analytics/digest.job.js';
/** The module's scheduled jobs: the SLA sweep, the weekly hotspot digest, the head-count snapshot. */
export const casesJobs = [...slaJobs, ...digestJobs, ...memberCountJobs];
export { BUILTIN_CASE_TYPES } from './case-types.js';
export { searchCasesInScope, type CaseSearchHit } from './search.repo.js';
/** Encrypted file storage with magic-byte checks, shared with announcement files (comms). */
export {
  ATTACHMENT_LIMIT_BYTES,
  type AttachmentMime,
  readDecrypted,
  removeStored,
  storedFileColumns,
  storeEncrypted,
} from './attachment-files.js';
export { contentDisposition } from './attachments.routes.js';
/** Deletion of cases closed longer ago than the archive period (privacy retention job). */
export { CASE_ARCHIVE_DAYS, type ClosedCasesPurge, purgeCasesClosedBefore } from './retention.repo.js';
/** Spreadsheet export helpers shared with other modules (polls export). */
export { SUBMITTER_BIDX } from './cases.present.js';
