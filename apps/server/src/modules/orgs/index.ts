/** Public API of the orgs module. */
export { orgsRoutes } from './orgs.routes.js';
export type { OrgRow } from './orgs.repo.js';
export { createOrgUnchecked, createRootOrg, findOrg, findRootOrg } from './orgs.public.js';
export { OrgKind, OrgName, OrgNode } from './orgs.schemas.js';
