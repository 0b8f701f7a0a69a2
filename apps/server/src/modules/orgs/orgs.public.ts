/** Functions other modules may call (through index.ts). */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Database } from '../../kernel/db/pool.js';
import type { OrgKind } from '../../kernel/db/types.js';
import { type OrgRow, orgsRepo } from './orgs.repo.js';

export function findOrg(db: Database, id: string): Promise<OrgRow | undefined> {
  return orgsRepo(db).findById(id);
}

export function findRootOrg(db: Database): Promise<OrgRow | undefined> {
  return orgsRepo(db).findRoot();
}

/** Creates a node without an access check: for setup, the demo seed and trusted system code only. */
export async function createOrgUnchecked(
  trx: Database,
  input: { parent: OrgRow | null; name: string; kind: OrgKind; actorId: string | null },
): Promise<OrgRow> {
  const id = randomUUID();
  const row = await orgsRepo(trx).insert({
    id,
    parent_id: input.parent?.id ?? null,
    kind: input.kind,
    name: input.name,
    path: `${input.parent?.path ?? '/'}${id}/`,
    depth: input.parent ? input.parent.depth + 1 : 0,
  });
  await recordAudit(trx, {
    actorId: input.actorId,
    action: 'org.created',
    targetType: 'org',
    targetId: id,
    orgId: id,
    details: { name: input.name, kind: input.kind, parentId: input.parent?.id ?? null },
  });
  return row;
}

export function createRootOrg(trx: Database, name: string, kind: OrgKind): Promise<OrgRow> {
  return createOrgUnchecked(trx, { parent: null, name, kind, actorId: null });
}
