/** Org tree use cases: access check -> transaction -> repo -> audit. */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../kernel/auth/actor.js';
import {
  assertMfaSatisfied,
  listGrantsWithPaths,
  permissionsAt,
  requireAccess,
} from '../../kernel/auth/access.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Database } from '../../kernel/db/pool.js';
import type { OrgKind } from '../../kernel/db/types.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { CHILD_KINDS, mayContain, orgAbilities, parentPath } from './orgs.policy.js';
import { type OrgRow, orgsRepo } from './orgs.repo.js';
import type { OrgNode } from './orgs.schemas.js';

async function present(db: Database, actor: Actor, rows: OrgRow[]): Promise<OrgNode[]> {
  const grants = await listGrantsWithPaths(db, actor.userId);
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    kind: r.kind,
    name: r.name,
    status: r.status,
    depth: r.depth,
    childKinds: CHILD_KINDS[r.kind],
    abilities: orgAbilities(permissionsAt(grants, r.path), permissionsAt(grants, parentPath(r.path)), r),
  }));
}

async function loadOrThrow(db: Database, id: string): Promise<OrgRow> {
  const row = await orgsRepo(db).findById(id);
  if (!row) throw new AppError('not_found');
  return row;
}

/**
 * Moving or closing a node needs orgs.manage on its parent (orgs.policy.ts). The node itself is
 * visible to the caller here, so lacking it is a 403, not a 404.
 * @throws AppError org.is_root, forbidden
 */
async function requireParentAuthority(deps: Deps, actor: Actor, id: string): Promise<void> {
  const node = await loadOrThrow(deps.db, id);
  if (node.parent_id === null) throw new AppError('org.is_root');
  try {
    await requireAccess(deps.db, actor, 'orgs.manage', node.parent_id);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found')
      throw new AppError('forbidden', { reason: 'parent_scope' });
    throw err;
  }
}

/**
 * The subtrees the caller holds any grant on.
 * @throws AppError forbidden for callers without grants (plain members).
 */
export async function listVisibleOrgs(deps: Deps, actor: Actor): Promise<OrgNode[]> {
  assertMfaSatisfied(actor);
  const grants = await listGrantsWithPaths(deps.db, actor.userId);
  if (grants.length === 0) throw new AppError('forbidden');
  const rows = await orgsRepo(deps.db).listInSubtrees(grants.map((g) => g.orgPath));
  return present(deps.db, actor, rows);
}

/** @throws AppError not_found, org.closed, org.invalid_kind */
export async function createOrg(
  deps: Deps,
  actor: Actor,
  input: { parentId: string; name: string; kind: OrgKind },
): Promise<OrgNode> {
  await requireAccess(deps.db, actor, 'orgs.manage', input.parentId);
  const row = await deps.db.transaction().execute(async (trx) => {
    const parent = await loadOrThrow(trx, input.parentId);
    if (parent.status !== 'active') throw new AppError('org.closed');
    if (!mayContain(parent.kind, input.kind)) {
      throw new AppError('org.invalid_kind', { parentKind: parent.kind, kind: input.kind });
    }
    const id = randomUUID();
    const created = await orgsRepo(trx).insert({
      id,
      parent_id: parent.id,
      kind: input.kind,
      name: input.name.trim(),
      path: `${parent.path}${id}/`,
      depth: parent.depth + 1,
    });
    await recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'org.created',
      targetType: 'org',
      targetId: id,
      orgId: id,
      details: { name: created.name, kind: created.kind, parentId: parent.id },
    });
    return created;
  });
  return (await present(deps.db, actor, [row]))[0]!;
}

/** @throws AppError not_found */
export async function renameOrg(deps: Deps, actor: Actor, id: string, name: string): Promise<OrgNode> {
  await requireAccess(deps.db, actor, 'orgs.manage', id);
  const row = await deps.db.transaction().execute(async (trx) => {
    const before = await loadOrThrow(trx, id);
    const after = await orgsRepo(trx).rename(id, name.trim());
    await recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'org.renamed',
      targetType: 'org',
      targetId: id,
      orgId: id,
      details: { from: before.name, to: after.name },
    });
    return after;
  });
  return (await present(deps.db, actor, [row]))[0]!;
}

/** @throws AppError not_found, org.is_root, org.cycle, org.closed, org.invalid_kind */
export async function moveOrg(deps: Deps, actor: Actor, id: string, parentId: string): Promise<OrgNode> {
  await requireAccess(deps.db, actor, 'orgs.manage', [id, parentId]);
  await requireParentAuthority(deps, actor, id);
  const row = await deps.db.transaction().execute(async (trx) => {
    const repo = orgsRepo(trx);
    const node = await loadOrThrow(trx, id);
    const parent = await loadOrThrow(trx, parentId);
    if (node.parent_id === null) throw new AppError('org.is_root');
    if (parent.path.startsWith(node.path)) throw new AppError('org.cycle');
    if (parent.status !== 'active') throw new AppError('org.closed');
    if (!mayContain(parent.kind, node.kind))
      throw new AppError('org.invalid_kind', { parentKind: parent.kind, kind: node.kind });
    await repo.moveSubtree(node, parent);
    await recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'org.moved',
      targetType: 'org',
      targetId: id,
      orgId: id,
      details: { fromParentId: node.parent_id, toParentId: parent.id },
    });
    return loadOrThrow(trx, id);
  });
  return (await present(deps.db, actor, [row]))[0]!;
}

/** @throws AppError not_found, org.is_root, org.has_open_children */
export async function closeOrg(deps: Deps, actor: Actor, id: string, reason: string): Promise<OrgNode> {
  await requireAccess(deps.db, actor, 'orgs.manage', id);
  await requireParentAuthority(deps, actor, id);
  const row = await deps.db.transaction().execute(async (trx) => {
    const repo = orgsRepo(trx);
    const node = await loadOrThrow(trx, id);
    if (node.parent_id === null) throw new AppError('org.is_root');
    if (node.status === 'closed') return node;
    if ((await repo.countOpenChildren(id)) > 0) throw new AppError('org.has_open_children');
    const closed = await repo.close(id, deps.clock.now());
    await recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'org.closed',
      targetType: 'org',
      targetId: id,
      orgId: id,
      details: { reason },
    });
    return closed;
  });
  return (await present(deps.db, actor, [row]))[0]!;
}
