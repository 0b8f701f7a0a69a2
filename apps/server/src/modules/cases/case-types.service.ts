/** Case types per union: the shipped ones, replaced key by key by the union's own stored versions. */
import type { Actor } from '../../kernel/auth/actor.js';
import { requireAccess } from '../../kernel/auth/access.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { BUILTIN_CASE_TYPES, type CaseTypeDef, validateCaseType } from './case-types.js';
import { casesRepo } from './cases.repo.js';

export type ResolvedType = CaseTypeDef & { custom: boolean };

/** The union's case types (stored overrides win; invalid stored rows are ignored). */
export async function resolveTypes(db: Database, unionId: string): Promise<ResolvedType[]> {
  const overrides = await casesRepo(db).typeOverrides(unionId);
  const out = new Map<string, ResolvedType>(BUILTIN_CASE_TYPES.map((t) => [t.key, { ...t, custom: false }]));
  for (const o of overrides) {
    if (validateCaseType(o.definition).length === 0) {
      out.set(o.key, { ...(o.definition as CaseTypeDef), custom: true });
    }
  }
  return [...out.values()];
}

/** @throws AppError case.unknown_type */
export async function resolveType(db: Database, unionId: string, key: string): Promise<ResolvedType> {
  const t = (await resolveTypes(db, unionId)).find((x) => x.key === key);
  if (!t) throw new AppError('case.unknown_type', { typeKey: key });
  return t;
}

export const typeView = (t: ResolvedType) => ({
  key: t.key,
  name: t.name,
  allowAnonymous: t.allowAnonymous,
  fields: t.fields,
  custom: t.custom,
});

/** The officer's view: the member's view plus the workflow and SLA budgets. */
export const officerTypeView = (t: ResolvedType) => ({ ...typeView(t), workflow: t.workflow, sla: t.sla });

/** The union's case types with their workflows, for officers configuring them. @throws not_found */
export async function listUnionTypes(deps: Deps, actor: Actor, unionId: string) {
  await requireAccess(deps.db, actor, 'cases.handle', unionId);
  return { items: (await resolveTypes(deps.db, unionId)).map(officerTypeView) };
}

/**
 * Stores a union's own version of a case type (fields, workflow, SLA), checked before saving.
 * @throws AppError not_found, case.invalid_type
 */
export async function saveUnionType(
  deps: Deps,
  actor: Actor,
  unionId: string,
  key: string,
  def: CaseTypeDef,
) {
  await requireAccess(deps.db, actor, 'orgs.manage', unionId);
  const problems = validateCaseType(def);
  if (problems.length === 0 && def.key !== key) problems.push('key does not match the path');
  if (problems.length) throw new AppError('case.invalid_type', { problems });
  await deps.db.transaction().execute(async (trx) => {
    await casesRepo(trx).upsertType(unionId, key, def, actor.userId, deps.clock.now());
    await recordAudit(trx, {
      actorId: actor.userId,
      ip: actor.ip,
      action: 'case.type_saved',
      targetType: 'case_type',
      targetId: key,
      orgId: unionId,
      details: { key },
    });
  });
  return listUnionTypes(deps, actor, unionId);
}
