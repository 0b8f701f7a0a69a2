/**
 * Queries other modules compose into set-based SQL about which accounts the registry places where
 * (used by the comms org-group sync). A member in one of PLACED_STATUSES belongs to their org node;
 * applicants, members who left, were expelled or transferred out do not.
 */
import type { Database } from '../../kernel/db/pool.js';

export const PLACED_STATUSES = ['active', 'retained', 'transferring'] as const;

/** (user_id, org_id) of every account linked to a placed member record (alias `lm`). */
export function placedAccountsQuery(db: Database) {
  return db
    .selectFrom('members as lm')
    .where('lm.user_id', 'is not', null)
    .where('lm.status', 'in', PLACED_STATUSES)
    .select(['lm.user_id', 'lm.org_id'])
    .$narrowType<{ user_id: string }>();
}

/** Accounts linked to any member record, whatever its status: the registry governs them (`rm`). */
export function registryAccountsQuery(db: Database) {
  return db
    .selectFrom('members as rm')
    .where('rm.user_id', 'is not', null)
    .select('rm.user_id')
    .$narrowType<{ user_id: string }>();
}
