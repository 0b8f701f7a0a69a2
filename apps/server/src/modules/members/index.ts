/** Public API of the members module. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { importsRoutes } from './imports.routes.js';
import { membersRepo } from './members.repo.js';
import { membersRoutes } from './members.routes.js';
import { portalRoutes } from './portal.routes.js';

/** Every route of the module: officer registry, imports, member portal and the public join form. */
export async function memberRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  await membersRoutes(api, deps);
  await importsRoutes(api, deps);
  await portalRoutes(api, deps);
}

export { runningImports } from './imports.service.js';
export { CONSENT_PURPOSES } from './consents.js';
export { applyTransition, allowedActions, MEMBER_STATUSES, type MemberStatus } from './lifecycle.js';
export { isValidIdNumber, parseResidentId, residentIdCheckChar } from './identity-docs.js';
export { idNumberLookupKeys } from './members.pii.js';
export { importMembersFromFile, type CliImportInput } from './cli-import.js';
export { reportLines as importReportLines } from './imports.service.js';

/** The live member record linked to an account: its id, org, union and status; undefined if none. */
export async function memberOfUser(db: Database, userId: string) {
  const r = await membersRepo(db).findByUser(userId);
  return r ? { id: r.id, orgId: r.org_id, unionId: r.union_id, status: r.status } : undefined;
}

/** The portal account linked to a member record (null when the member has none). */
export async function accountOfMember(db: Database, memberId: string): Promise<string | null> {
  return (await membersRepo(db).findById(memberId))?.user_id ?? null;
}

/** Live members per org node (denominators for other modules' rates per 100 members). */
export function liveMemberCountsByOrg(db: Database, orgIds: string[]): Promise<Map<string, number>> {
  return membersRepo(db).liveCountsByOrg(orgIds);
}

/**
 * The voter roll of an election (elections module): members of the org subtree rooted at `rootOrgId`
 * whose status is one of `statuses` (retained, lapsed and other units' members never qualify).
 */
export async function eligibleMembersOfSubtree(
  db: Database,
  rootOrgId: string,
  statuses: readonly string[] = ['active'],
): Promise<{ memberId: string; userId: string | null }[]> {
  return membersRepo(db).listInSubtreeWithStatus(rootOrgId, statuses);
}
export {
  cellText as sheetCellText,
  csvRows as sheetCsvRows,
  xlsxRows as sheetXlsxRows,
} from './import/rows.js';
export { searchMembersInScope, type MemberSearchHit } from './officer-search.repo.js';
export { PLACED_STATUSES, placedAccountsQuery, registryAccountsQuery } from './registry-links.repo.js';
