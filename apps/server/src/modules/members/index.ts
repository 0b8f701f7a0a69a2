/** Public API of the members module. */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../kernel/deps.js';
import { importsRoutes } from './imports.routes.js';
import { membersRoutes } from './members.routes.js';
import { portalRoutes } from './portal.routes.js';

/** Every route of the module: officer registry, imports, member portal and the public join form. */
export async function memberRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  await membersRoutes(api, deps);
  await importsRoutes(api, deps);
  await portalRoutes(api, deps);
}

export { runningImports } from './imports.service.js';
export { applyTransition, allowedActions, MEMBER_STATUSES, type MemberStatus } from './lifecycle.js';
export { isValidIdNumber, parseResidentId } from './identity-docs.js';
export { importMembersFromFile, type CliImportInput } from './cli-import.js';
export { reportLines as importReportLines } from './imports.service.js';
