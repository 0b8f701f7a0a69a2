/** Access to a union's register and contact: officers holding `security.admin` on the union node. */
import type { Actor } from '../../kernel/auth/actor.js';
import { requireAccess } from '../../kernel/auth/access.js';
import type { Database } from '../../kernel/db/pool.js';
import { AppError } from '../../kernel/http/errors.js';
import { registerRepo, type UnionRow } from './register.repo.js';

/**
 * The union after checking the actor holds security.admin on it (a union node: federation, industrial
 * or grassroots; branches and groups belong to their union's register).
 * @throws not_found outside the actor's scope (audited refusal); privacy.not_a_union for a branch or group
 */
export async function unionInScope(db: Database, actor: Actor, unionId: string): Promise<UnionRow> {
  await requireAccess(db, actor, 'security.admin', unionId);
  const union = await registerRepo(db).union(unionId);
  if (!union) throw new AppError('privacy.not_a_union', { unionId });
  return union;
}
