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

// For other modules (cases): the member record behind a portal account, reduced to what they need.
import type { Database } from '../../kernel/db/pool.js';
import { membersRepo } from './members.repo.js';
/** The live member record linked to an account: its id, org, union and status; undefined if none. */
export async function memberOfUser(db: Database, userId: string) {
  const r = await membersRepo(db).findByUser(userId);
  return r ? { id: r.id, orgId: r.org_id, unionId: r.union_id, status: r.status } : undefined;
}

/**
 * Live members per org node (denominators for other modules' rates per 100 members).
 * TODO(members owner): move this query into members.repo.ts; added by the cases module.
 */
export async function liveMemberCountsByOrg(db: Database, orgIds: string[]): Promise<Map<string, number>> {
  if (orgIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('members')
    .select(['org_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('org_id', 'in', orgIds)
    .where('status', 'in', ['active', 'retained', 'transferring'])
    .groupBy('org_id')
    .execute();
  return new Map(rows.map((r) => [r.org_id, Number(r.n)]));
}
