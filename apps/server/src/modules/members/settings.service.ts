/** Per-union settings of the registry: which profile fields members may edit themselves. */
import type { Actor } from '../../kernel/auth/actor.js';
import {
  listGrantsWithPaths,
  permissionsAt,
  requireAccess,
  requirePermissionSomewhere,
} from '../../kernel/auth/access.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { loadOrg } from './members.orgs.js';
import { membersRepo } from './members.repo.js';
import type { SelfEditableField } from './members.schemas.js';
import { selfEditable } from './portal.service.js';
import { unionsRepo } from './unions.repo.js';

async function loadUnion(deps: Deps, unionId: string) {
  const union = await loadOrg(deps.db, unionId);
  if (union.kind !== 'grassroots') throw new AppError('not_found');
  return union;
}

/** @throws AppError not_found */
export async function getSettings(deps: Deps, actor: Actor, unionId: string) {
  await requireAccess(deps.db, actor, 'members.read', unionId);
  const union = await loadUnion(deps, unionId);
  const perms = permissionsAt(await listGrantsWithPaths(deps.db, actor.userId), union.path);
  return { unionId, selfEditable: await selfEditable(deps, unionId), canEdit: perms.has('members.write') };
}

/** @throws AppError not_found */
export async function saveSettings(deps: Deps, actor: Actor, unionId: string, fields: SelfEditableField[]) {
  await requireAccess(deps.db, actor, 'members.write', unionId);
  await loadUnion(deps, unionId);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await membersRepo(trx).saveSettings(unionId, fields, actor.userId, now);
    await recordAudit(
      trx,
      {
        actorId: actor.userId,
        ip: actor.ip,
        action: 'member.settings_changed',
        targetType: 'org',
        targetId: unionId,
        orgId: unionId,
        details: { selfEditable: fields },
      },
      now,
    );
  });
  return getSettings(deps, actor, unionId);
}

/** Active grassroots unions (targets of a transfer). @throws AppError forbidden without members.write */
export async function listUnions(deps: Deps, actor: Actor, q?: string) {
  await requirePermissionSomewhere(deps.db, actor, 'members.write');
  return { items: await unionsRepo(deps.db).activeGrassroots(q) };
}
