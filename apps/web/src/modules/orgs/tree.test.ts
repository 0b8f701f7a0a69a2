import { describe, expect, it } from 'vitest';
import type { OrgNode } from '../../shared/api/types';
import { buildOrgTree, subtreeIds } from './tree';

const ab = { create: true, rename: true, move: true, close: true, manageGrants: true };
const node = (
  id: string,
  parentId: string | null,
  name: string,
  status: 'active' | 'closed' = 'active',
): OrgNode => ({
  id,
  parentId,
  kind: 'branch',
  name,
  status,
  depth: 0,
  childKinds: ['group'],
  abilities: ab,
});

describe('org tree', () => {
  it('nests children, makes nodes with an invisible parent roots, and puts closed nodes last', () => {
    const tree = buildOrgTree(
      [node('a', null, 'A'), node('c', 'a', '丙', 'closed'), node('b', 'a', '乙'), node('x', 'hidden', 'X')],
      'zh-CN',
    );
    expect(tree.map((t) => t.node.id)).toEqual(['a', 'x']);
    expect(tree[0]!.children.map((t) => t.node.id)).toEqual(['b', 'c']);
  });

  it('finds a whole subtree (a node cannot move under any of it)', () => {
    const nodes = [node('a', null, 'A'), node('b', 'a', 'B'), node('c', 'b', 'C'), node('d', null, 'D')];
    expect([...subtreeIds(nodes, 'a')].sort()).toEqual(['a', 'b', 'c']);
  });
});
