/** Public API of the privacy module: PIPL data export (art. 45) and deletion (art. 47). */
export { privacyRoutes } from './privacy.routes.js';
export { privacyRegisterRoutes } from './register.routes.js';
export { buildExport } from './export.service.js';
export { CLASSIFICATION, EXTRA_LINKS } from './classification.js';
export {
  enforceRetention,
  privacyJobs,
  RETENTION_RULES,
  type RetentionCounts,
} from './retention.service.js';
export { breachRoutes } from './breach.routes.js';
export { breachJobs, remindBreachDeadlines } from './breach.jobs.js';
