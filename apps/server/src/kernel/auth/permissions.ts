/** The one catalogue of permissions and the built-in roles that bundle them. */
export const PERMISSIONS = [
  'orgs.manage',
  'users.manage',
  'members.read',
  'members.write',
  'members.pii.reveal',
  'members.import',
  'members.export',
  'dues.read',
  'finance.manage',
  'cases.read',
  'cases.handle',
  'elections.administer',
  'elections.observe',
  'comms.publish',
  'forum.moderate',
  'surveys.manage',
  'audit.read',
  'security.admin',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const ALL: Permission[] = [...PERMISSIONS];

export const BUILTIN_ROLES: Record<string, Permission[]> = {
  admin: ALL,
  chair: ALL.filter((p) => p !== 'security.admin'),
  vice_chair: [
    'orgs.manage',
    'users.manage',
    'members.read',
    'members.write',
    'members.export',
    'dues.read',
    'cases.read',
    'cases.handle',
    'elections.administer',
    'comms.publish',
    'forum.moderate',
    'surveys.manage',
  ],
  committee_member: ['members.read', 'cases.read', 'comms.publish', 'surveys.manage'],
  finance_officer: ['members.read', 'dues.read', 'finance.manage'],
  women_committee: ['members.read', 'cases.read', 'cases.handle', 'comms.publish', 'surveys.manage'],
  group_leader: ['members.read', 'cases.read', 'comms.publish'],
  case_handler: ['members.read', 'cases.read', 'cases.handle'],
  auditor: ['members.read', 'dues.read', 'audit.read'],
  security_admin: ['users.manage', 'audit.read', 'security.admin'],
  scrutineer: ['elections.observe'],
  observer: ['elections.observe'],
};
