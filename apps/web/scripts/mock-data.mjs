// Fixture data for the screenshot mock. Made-up names, clearly sample data.
const ab = (all) => ({ create: all, rename: all, move: all, close: all, manageGrants: all });
// The server's rule (apps/server/src/modules/orgs/orgs.policy.ts), sent with every node.
const CHILD_KINDS = {
  federation: ['federation', 'grassroots', 'industrial'],
  industrial: ['industrial', 'grassroots'],
  grassroots: ['branch', 'group'],
  branch: ['branch', 'group'],
  group: [],
};

const rawOrgs = [
  {
    id: 'o1',
    parentId: null,
    kind: 'federation',
    name: '滨海市总工会',
    status: 'active',
    depth: 0,
    abilities: ab(true),
  },
  {
    id: 'o2',
    parentId: 'o1',
    kind: 'grassroots',
    name: '滨海港务集团工会',
    status: 'active',
    depth: 1,
    abilities: ab(true),
  },
  {
    id: 'o3',
    parentId: 'o2',
    kind: 'branch',
    name: '集装箱码头分工会',
    status: 'active',
    depth: 2,
    abilities: ab(true),
  },
  {
    id: 'o4',
    parentId: 'o3',
    kind: 'group',
    name: '装卸一班工会小组',
    status: 'active',
    depth: 3,
    abilities: ab(true),
  },
  {
    id: 'o5',
    parentId: 'o2',
    kind: 'branch',
    name: '机修车间分工会',
    status: 'active',
    depth: 2,
    abilities: ab(true),
  },
  {
    id: 'o6',
    parentId: 'o1',
    kind: 'industrial',
    name: '滨海市交通运输产业工会',
    status: 'active',
    depth: 1,
    abilities: ab(true),
  },
  {
    id: 'o7',
    parentId: 'o1',
    kind: 'grassroots',
    name: '滨海第一纺织厂工会',
    status: 'closed',
    depth: 1,
    abilities: ab(false),
  },
  {
    id: 'o8',
    parentId: 'o1',
    kind: 'grassroots',
    name: '滨海市第二人民医院工会',
    status: 'active',
    depth: 1,
    abilities: ab(true),
  },
];
export const orgs = rawOrgs.map((o) => ({ ...o, childKinds: CHILD_KINDS[o.kind] }));

export const roles = [
  { key: 'admin', permissions: ['orgs.manage', 'users.manage', 'audit.read', 'security.admin'] },
  { key: 'chair', permissions: ['members.read', 'members.write', 'orgs.manage', 'users.manage'] },
  { key: 'vice_chair', permissions: ['members.read'] },
  { key: 'committee_member', permissions: ['members.read'] },
  { key: 'finance_officer', permissions: ['finance.manage', 'dues.read'] },
  { key: 'case_handler', permissions: ['cases.read', 'cases.handle'] },
  { key: 'auditor', permissions: ['audit.read', 'dues.read'] },
  { key: 'scrutineer', permissions: ['elections.observe'] },
];

const names = [
  '王建国',
  '李秀英',
  '张伟',
  '刘洋',
  '陈静',
  '杨帆',
  '赵磊',
  '黄丽',
  '周强',
  '吴敏',
  '徐刚',
  '孙燕',
];
export const users = names.map((displayName, i) => ({
  id: `u${i + 1}`,
  username: [
    'wangjg',
    'lixy',
    'zhangw',
    'liuy',
    'chenj',
    'yangf',
    'zhaol',
    'huangl',
    'zhouq',
    'wum',
    'xug',
    'suny',
  ][i],
  displayName,
  emailMasked: i % 3 === 2 ? null : `${'wlzlcyzhzwxs'[i]}***@example.org`,
  orgId: ['o2', 'o3', 'o4', 'o5', 'o8'][i % 5],
  orgName: [
    '滨海港务集团工会',
    '集装箱码头分工会',
    '装卸一班工会小组',
    '机修车间分工会',
    '滨海市第二人民医院工会',
  ][i % 5],
  status: i === 4 ? 'disabled' : 'active',
  isOfficer: i < 3,
  mfaEnabled: i < 3,
}));

export const grantsByUser = {
  u1: [
    { id: 'g1', roleKey: 'chair', orgId: 'o2', orgName: '滨海港务集团工会' },
    { id: 'g2', roleKey: 'case_handler', orgId: 'o3', orgName: '集装箱码头分工会' },
  ],
  u2: [{ id: 'g3', roleKey: 'finance_officer', orgId: 'o3', orgName: '集装箱码头分工会' }],
  u3: [{ id: 'g4', roleKey: 'group_leader', orgId: 'o4', orgName: '装卸一班工会小组' }],
};

const actions = [
  'auth.login',
  'orgs.create',
  'users.create',
  'grants.create',
  'auth.mfa.activate',
  'orgs.rename',
  'auth.login_failed',
  'users.disable',
  'orgs.close',
  'grants.revoke',
];
export const audit = Array.from({ length: 23 }, (_, i) => ({
  seq: 1000 - i,
  at: new Date(Date.UTC(2025, 10, 26, 9, 0) - i * 37 * 60_000).toISOString(),
  actorId: i % 4 === 3 ? null : `u${(i % 3) + 1}`,
  actorName: i % 4 === 3 ? null : names[i % 3],
  ip: `10.20.${i % 4}.${10 + i}`,
  action: actions[i % actions.length],
  targetType: i % 4 === 3 ? null : ['org', 'user', 'grant'][i % 3],
  targetId: i % 4 === 3 ? null : `o${(i % 8) + 1}`,
  orgId: 'o1',
  details: i % 2 ? { reason: '机构调整', requestId: `req-${i}` } : null,
}));

export function meFor(scenario) {
  const officer = {
    user: {
      id: 'u0',
      username: 'admin',
      displayName: '林海燕',
      emailMasked: 'l***@example.org',
      phoneMasked: '138****5678',
      mfaEnabled: true,
      mfaRequired: true,
      mfaPassed: true,
      isOfficer: true,
      orgId: 'o1',
      orgName: '滨海市总工会',
    },
    grants: [
      { id: 'g0', roleKey: 'admin', orgId: 'o1', orgName: '滨海市总工会' },
      { id: 'g9', roleKey: 'chair', orgId: 'o1', orgName: '滨海市总工会' },
    ],
    abilities: {
      permissions: [
        'orgs.manage',
        'users.manage',
        'audit.read',
        'security.admin',
        'members.read',
        'members.write',
      ],
    },
    csrfToken: 'csrf-officer',
  };
  if (scenario === 'officer' || scenario === 'audit-bad') return officer;
  if (scenario === 'officer-nomfa') {
    return { ...officer, user: { ...officer.user, mfaEnabled: false, mfaPassed: false } };
  }
  if (scenario === 'mfa-pending') {
    return { ...officer, user: { ...officer.user, mfaPassed: false } };
  }
  if (scenario === 'member') {
    return {
      user: {
        id: 'u9',
        username: 'zhouq',
        displayName: '周强',
        emailMasked: 'z***@example.org',
        phoneMasked: null,
        mfaEnabled: false,
        mfaRequired: false,
        mfaPassed: false,
        isOfficer: false,
        orgId: 'o4',
        orgName: '装卸一班工会小组',
      },
      grants: [],
      abilities: { permissions: [] },
      csrfToken: 'csrf-member',
    };
  }
  return null;
}
