import type { OrgNode } from '../../shared/api/types';

export interface OrgTreeItem {
  node: OrgNode;
  children: OrgTreeItem[];
}

/**
 * Builds the forest from the flat list: a node whose parent is not visible to the caller
 * becomes a root (officers see only their own subtrees). Active before closed, then by name.
 */
export function buildOrgTree(nodes: OrgNode[], lang: string): OrgTreeItem[] {
  const byId = new Map<string, OrgTreeItem>();
  for (const node of nodes) byId.set(node.id, { node, children: [] });
  const roots: OrgTreeItem[] = [];
  for (const item of byId.values()) {
    const parent = item.node.parentId ? byId.get(item.node.parentId) : undefined;
    if (parent) parent.children.push(item);
    else roots.push(item);
  }
  const collator = new Intl.Collator(lang);
  const sort = (items: OrgTreeItem[]) => {
    items.sort(
      (a, b) =>
        Number(a.node.status === 'closed') - Number(b.node.status === 'closed') ||
        collator.compare(a.node.name, b.node.name),
    );
    for (const i of items) sort(i.children);
  };
  sort(roots);
  return roots;
}

/** The ids of a node and everything below it (a node cannot move under any of these). */
export function subtreeIds(nodes: OrgNode[], rootId: string): Set<string> {
  const out = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const n of nodes) {
      if (n.parentId && out.has(n.parentId) && !out.has(n.id)) {
        out.add(n.id);
        grew = true;
      }
    }
  }
  return out;
}
