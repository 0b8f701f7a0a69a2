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

/**
 * What a caller may do with a node. Moving or closing a node changes its parent's structure, so it
 * takes orgs.manage on the parent: the chair of a branch may rename it and build below it, but only
 * the union above may close it or move it elsewhere.
 */
export function orgAbilities(
  perms: Set<string>,
  parentPerms: Set<string>,
  node: { parent_id: string | null; status: string; kind: OrgKind },
): OrgAbilities {
  const manage = perms.has('orgs.manage') && node.status === 'active';
  const manageParent = node.parent_id !== null && parentPerms.has('orgs.manage') && node.status === 'active';
  return {
    create: manage && CHILD_KINDS[node.kind].length > 0,
    rename: manage,
    move: manageParent,
    close: manageParent,
    manageGrants: perms.has('users.manage'),
  };
}

/** The path of a node's parent ('' for the root). */
export function parentPath(path: string): string {
  return path.replace(/[^/]+\/$/, '');
}
