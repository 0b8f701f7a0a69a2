/** Public API of the elections module (ELECTIONS.md, docs/elections.md). */
export { electionsRoutes } from './elections.routes.js';
export { PROFILES, type Profile, type Rules } from './elections.rules.js';
export {
  type DisposalReport,
  disposeExpiredElectionRecords,
  electionsJobs,
} from './elections.retention.service.js';
