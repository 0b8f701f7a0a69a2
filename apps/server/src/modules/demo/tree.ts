/**
 * The demo organisation tree: a city federation with an industrial union, three grassroots unions,
 * their branch unions (分工会) and union groups (工会小组). The shape is fixed data; ids are created
 * when it is written.
 */
import type { Database } from '../../kernel/db/pool.js';
import type { OrgKind } from '../../kernel/db/types.js';
import { createOrgUnchecked, type OrgRow } from '../orgs/index.js';

export type BranchSpec = { name: string; groups: string[] };

export type UnionSpec = {
  /** Short code used in officer usernames, e.g. `jx.chair`. */
  code: string;
  name: string;
  /** Share of the demo members who work here. */
  memberShare: number;
  branches: BranchSpec[];
};

export type DemoTreeSpec = {
  federation: string;
  industrial: { code: string; name: string };
  /** The grassroots union that sits under the industrial union (the others sit under the federation). */
  industrialMemberCode: string;
  unions: UnionSpec[];
};

export const DEMO_TREE: DemoTreeSpec = {
  federation: '示例市总工会',
  industrial: { code: 'cy', name: '示例市机械冶金产业工会' },
  industrialMemberCode: 'jx',
  unions: [
    {
      code: 'jx',
      name: '示例机械制造有限公司工会',
      memberShare: 0.45,
      branches: [
        { name: '一车间（机加工）分工会', groups: ['车工班工会小组', '铣工班工会小组', '磨工班工会小组'] },
        { name: '二车间（装配）分工会', groups: ['总装一班工会小组', '总装二班工会小组', '调试班工会小组'] },
        { name: '三车间（铸锻）分工会', groups: ['铸造班工会小组', '锻压班工会小组'] },
        { name: '机关分工会', groups: ['行政后勤工会小组', '技术质量工会小组'] },
      ],
    },
    {
      code: 'yy',
      name: '示例市第一人民医院工会',
      memberShare: 0.35,
      branches: [
        { name: '内科分工会', groups: ['心血管内科工会小组', '呼吸内科工会小组', '消化内科工会小组'] },
        { name: '外科分工会', groups: ['普外科工会小组', '骨科工会小组'] },
        { name: '护理部分工会', groups: ['急诊护理工会小组', '病房护理工会小组', '手术室护理工会小组'] },
        { name: '医技行政分工会', groups: ['检验影像工会小组', '行政后勤工会小组'] },
      ],
    },
    {
      code: 'kj',
      name: '示例科技股份有限公司工会',
      memberShare: 0.2,
      branches: [
        { name: '研发中心分工会', groups: ['平台研发工会小组', '移动端研发工会小组', '测试运维工会小组'] },
        { name: '市场销售分工会', groups: ['华东销售工会小组', '华南销售工会小组'] },
        { name: '综合管理分工会', groups: ['人力行政工会小组', '财务法务工会小组'] },
      ],
    },
  ],
};

/** Stable keys for every node: `fed`, `cy`, `jx`, `jx.b1`, `jx.b1.g2`. */
export const orgKey = {
  federation: 'fed',
  branch: (unionCode: string, b: number) => `${unionCode}.b${b + 1}`,
  group: (unionCode: string, b: number, g: number) => `${unionCode}.b${b + 1}.g${g + 1}`,
};

export type PlannedOrg = { key: string; parentKey: string | null; name: string; kind: OrgKind };

/** The nodes in creation order (every parent before its children). */
export function planTree(spec: DemoTreeSpec = DEMO_TREE): PlannedOrg[] {
  const out: PlannedOrg[] = [
    { key: orgKey.federation, parentKey: null, name: spec.federation, kind: 'federation' },
    {
      key: spec.industrial.code,
      parentKey: orgKey.federation,
      name: spec.industrial.name,
      kind: 'industrial',
    },
  ];
  for (const u of spec.unions) {
    const parentKey = u.code === spec.industrialMemberCode ? spec.industrial.code : orgKey.federation;
    out.push({ key: u.code, parentKey, name: u.name, kind: 'grassroots' });
    u.branches.forEach((b, bi) => {
      out.push({ key: orgKey.branch(u.code, bi), parentKey: u.code, name: b.name, kind: 'branch' });
      b.groups.forEach((g, gi) => {
        out.push({
          key: orgKey.group(u.code, bi, gi),
          parentKey: orgKey.branch(u.code, bi),
          name: g,
          kind: 'group',
        });
      });
    });
  }
  return out;
}

/**
 * Creates the planned nodes (each audited as `org.created` by the orgs module).
 * @returns the created rows by key.
 */
export async function writeTree(trx: Database, plan: PlannedOrg[]): Promise<Map<string, OrgRow>> {
  const rows = new Map<string, OrgRow>();
  for (const node of plan) {
    const parent = node.parentKey === null ? null : rows.get(node.parentKey);
    if (parent === undefined)
      throw new Error(`demo tree: parent ${node.parentKey} of ${node.key} is not created yet`);
    rows.set(
      node.key,
      await createOrgUnchecked(trx, { parent, name: node.name, kind: node.kind, actorId: null }),
    );
  }
  return rows;
}
