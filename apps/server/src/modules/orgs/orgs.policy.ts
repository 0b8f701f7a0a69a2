/** Which kinds of node may sit under which (DOMAIN.md), and what a caller may do with a node. */
import type { OrgKind } from '../../kernel/db/types.js';

export const CHILD_KINDS: Record<OrgKind, OrgKind[]> = {
  federation: ['federation', 'grassroots', 'industrial'],
  industrial: ['industrial', 'grassroots'],
  grassroots: ['branch', 'group'],
  branch: ['branch', 'group'],
  group: [],
};

export function mayContain(parent: OrgKind, child: OrgKind): boolean {
  return CHILD_KINDS[parent].includes(child);
}

export type OrgAbilities = {
  create: boolean;
  rename: boolean;
  move: boolean;
  close: boolean;
  manageGrants: boolean;
};

export function orgAbilities(
  perms: Set<string>,
  node: { parent_id: string | null; status: string; kind: OrgKind },
): OrgAbilities {
  const manage = perms.has('orgs.manage') && node.status === 'active';
  return {
    create: manage && CHILD_KINDS[node.kind].length > 0,
    rename: manage,
    move: manage && node.parent_id !== null,
    close: manage && node.parent_id !== null,
    manageGrants: perms.has('users.manage'),
  };
}
