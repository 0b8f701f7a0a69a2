/** Where a member may sit in the org tree: a grassroots union, or a branch or group below one. */
import type { Database } from '../../kernel/db/pool.js';
import { AppError } from '../../kernel/http/errors.js';
import { findOrg, type OrgRow } from '../orgs/index.js';

export type Placement = { org: OrgRow; union: OrgRow };

/** @throws AppError not_found when missing. */
export async function loadOrg(db: Database, id: string): Promise<OrgRow> {
  const org = await findOrg(db, id);
  if (!org) throw new AppError('not_found');
  return org;
}

/**
 * The org node and its grassroots union (the node itself or its nearest grassroots ancestor).
 * @throws AppError member.invalid_org for federations, closed nodes or nodes outside any grassroots union.
 */
export async function resolvePlacement(db: Database, orgId: string): Promise<Placement> {
  const org = await loadOrg(db, orgId);
  if (org.status !== 'active' || !['grassroots', 'branch', 'group'].includes(org.kind)) {
    throw new AppError('member.invalid_org', { orgId, kind: org.kind, status: org.status });
  }
  if (org.kind === 'grassroots') return { org, union: org };
  const ancestors = org.path.split('/').filter(Boolean).reverse().slice(1);
  for (const id of ancestors) {
    const a = await findOrg(db, id);
    if (a?.kind === 'grassroots') return { org, union: a };
  }
  throw new AppError('member.invalid_org', { orgId, reason: 'no_grassroots_union' });
}

/** Formats a membership number from the union's counter. */
export function formatMemberNo(seq: number): string {
  return `M${String(seq).padStart(8, '0')}`;
}
