/** Public API of the identity module. */
export { authRoutes } from './auth.routes.js';
export { usersRoutes } from './users.routes.js';
export { issueSetupLink, needsSetup, syncBuiltinRoles } from './setup.service.js';
export { identityRepo as identityRepoForSeeding } from './identity.repo.js';
export { createMemberAccount } from './member-account.js';
export { assertRecentAuth, assertSecondFactorPassed } from './auth.service.js';
export { purgeRecoveryCodesUsedBefore } from './identity.repo.js';
