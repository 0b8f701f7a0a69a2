/**
 * The one access-control mechanism. Grants are (user, role, org node) and apply to the node's subtree;
 * checks run set-based in SQL. A forbidden object answers exactly like a missing one (404).
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import { recordAuditStandalone } from '../audit/audit.js';
import type { Database } from '../db/pool.js';
import { AppError } from '../http/errors.js';
import type { Actor } from './actor.js';
import type { Permission } from './permissions.js';

/** Officers must have passed MFA in this session before any permission counts. */
export function assertMfaSatisfied(actor: Actor): void {
  if (!actor.isOfficer) return;
  if (!actor.mfaEnabled) throw new AppError('auth.mfa_enrollment_required');
  if (!actor.mfaPassed) throw new AppError('auth.mfa_required');
}

/** SQL: ids of the org nodes where `userId` holds `permission` (the union of granted subtrees). */
export function scopeOrgIds(db: Database, userId: string, permission: Permission) {
  return db
    .selectFrom('orgs as t')
    .innerJoin('orgs as g_org', (j) => j.on(sql<SqlBool>`t.path LIKE g_org.path || '%'`))
    .innerJoin('grants as g', 'g.org_id', 'g_org.id')
    .innerJoin('roles as r', 'r.key', 'g.role_key')
    .where('g.user_id', '=', userId)
    .where(sql<SqlBool>`${permission} = ANY(r.permissions)`)
    .select('t.id');
}

/** A WHERE condition for list queries: the row's org column lies in the actor's scope. */
export function inScope(
  db: Database,
  actor: Actor,
  permission: Permission,
  orgColumn: Expression<string | null>,
) {
  assertMfaSatisfied(actor);
  return sql<SqlBool>`${orgColumn} IN (${scopeOrgIds(db, actor.userId, permission)})`;
}

/**
 * Checks that the actor holds `permission` on every given org node.
 * @throws AppError not_found when any is outside the actor's scope (audited as a refused access),
 *   auth.mfa_required / auth.mfa_enrollment_required for officers without MFA in this session.
 */
export async function requireAccess(
  db: Database,
  actor: Actor,
  permission: Permission,
  orgIds: string | string[],
): Promise<void> {
  assertMfaSatisfied(actor);
  const ids = [...new Set(Array.isArray(orgIds) ? orgIds : [orgIds])];
  if (ids.length === 0) return;
  const row = await db
    .selectFrom(scopeOrgIds(db, actor.userId, permission).where('t.id', 'in', ids).distinct().as('s'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(row.n) < ids.length) {
    await recordAuditStandalone(db, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'access.denied',
      details: { permission, orgIds: ids },
    });
    throw new AppError('not_found');
  }
}

/**
 * Checks that the actor holds `permission` somewhere (for routes whose results are then scoped).
 * @throws AppError forbidden otherwise.
 */
export async function requirePermissionSomewhere(
  db: Database,
  actor: Actor,
  permission: Permission,
): Promise<void> {
  assertMfaSatisfied(actor);
  const row = await db
    .selectFrom('grants as g')
    .innerJoin('roles as r', 'r.key', 'g.role_key')
    .where('g.user_id', '=', actor.userId)
    .where(sql<SqlBool>`${permission} = ANY(r.permissions)`)
    .select('g.id')
    .executeTakeFirst();
  if (!row) {
    await recordAuditStandalone(db, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'access.denied',
      details: { permission },
    });
    throw new AppError('forbidden');
  }
}

export type GrantWithPath = {
  id: string;
  roleKey: string;
  orgId: string;
  orgName: string;
  orgPath: string;
  permissions: string[];
};

/** The actor's grants with their org paths: the basis of the abilities sent to the UI. */
export function listGrantsWithPaths(db: Database, userId: string): Promise<GrantWithPath[]> {
  return db
    .selectFrom('grants as g')
    .innerJoin('roles as r', 'r.key', 'g.role_key')
    .innerJoin('orgs as o', 'o.id', 'g.org_id')
    .where('g.user_id', '=', userId)
    .select([
      'g.id',
      'g.role_key as roleKey',
      'g.org_id as orgId',
      'o.name as orgName',
      'o.path as orgPath',
      'r.permissions',
    ])
    .orderBy('o.depth')
    .execute();
}

/** Permissions the grants give on a node with the given path (abilities for UI display only). */
export function permissionsAt(grants: GrantWithPath[], path: string): Set<string> {
  const out = new Set<string>();
  for (const g of grants) if (path.startsWith(g.orgPath)) for (const p of g.permissions) out.add(p);
  return out;
}
