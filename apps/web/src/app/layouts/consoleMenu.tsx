import { AuditOutlined, DashboardOutlined, ApartmentOutlined, TeamOutlined } from '@ant-design/icons';
import { IdcardOutlined, NotificationOutlined } from '@ant-design/icons';
import { AlertOutlined, FileSearchOutlined } from '@ant-design/icons';
import { CommentOutlined, SearchOutlined } from '@ant-design/icons';
import { NodeIndexOutlined, SettingOutlined } from '@ant-design/icons';
import { CheckSquareOutlined } from '@ant-design/icons';
import { FormOutlined } from '@ant-design/icons';
import { AccountBookOutlined } from '@ant-design/icons';
import { PayCircleOutlined } from '@ant-design/icons';
import { SafetyOutlined } from '@ant-design/icons';
import { ProfileOutlined } from '@ant-design/icons';
import { WarningOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';

export interface ConsoleMenuItem {
  key: string;
  path: string;
  icon: ReactNode;
  label: string;
  /** Shown when the caller holds any of these; empty means everyone in the console. */
  anyOf: string[];
}

/** Console menu entries, filtered to what the caller may do. */
export function consoleMenu(t: TFunction, permissions: string[]): ConsoleMenuItem[] {
  const all: ConsoleMenuItem[] = [
    { key: 'dashboard', path: '/console', icon: <DashboardOutlined />, label: t('nav.dashboard'), anyOf: [] },
    {
      key: 'orgs',
      path: '/console/orgs',
      icon: <ApartmentOutlined />,
      label: t('nav.orgs'),
      anyOf: ['orgs.manage', 'members.read'],
    },
    {
      key: 'members',
      path: '/console/members',
      icon: <IdcardOutlined />,
      label: t('members.nav'),
      anyOf: ['members.read'],
    },
    {
      key: 'cases',
      path: '/console/cases',
      icon: <FileSearchOutlined />,
      label: t('cases.nav'),
      anyOf: ['cases.read'],
    },
    {
      key: 'cases-dashboard',
      path: '/console/cases/dashboard',
      icon: <AlertOutlined />,
      label: t('cases.dashboardNav'),
      anyOf: ['cases.read'],
    },
    {
      key: 'cases-types',
      path: '/console/cases/types',
      icon: <SettingOutlined />,
      label: t('cases.editor.nav'),
      anyOf: ['orgs.manage'],
    },
    {
      key: 'cases-assignment',
      path: '/console/cases/assignment',
      icon: <NodeIndexOutlined />,
      label: t('cases.rules.nav'),
      anyOf: ['orgs.manage', 'cases.handle'],
    },
    {
      key: 'dues-dashboard',
      path: '/console/dues/dashboard',
      icon: <AccountBookOutlined />,
      label: t('dues.dashboardNav'),
      anyOf: ['dues.read', 'finance.manage'],
    },
    {
      key: 'dues-arrears',
      path: '/console/dues/arrears',
      icon: <AccountBookOutlined />,
      label: t('dues.arrearsNav'),
      anyOf: ['dues.read', 'finance.manage'],
    },
    {
      key: 'dues-members',
      path: '/console/dues/members',
      icon: <AccountBookOutlined />,
      label: t('dues.membersNav'),
      anyOf: ['dues.read', 'finance.manage'],
    },
    {
      key: 'dues-payroll',
      path: '/console/dues/payroll',
      icon: <AccountBookOutlined />,
      label: t('dues.payrollNav'),
      anyOf: ['finance.manage'],
    },
    {
      key: 'dues-rules',
      path: '/console/dues/rules',
      icon: <AccountBookOutlined />,
      label: t('dues.rulesNav'),
      anyOf: ['dues.read', 'finance.manage'],
    },
    {
      key: 'payments',
      path: '/console/payments',
      icon: <PayCircleOutlined />,
      label: t('payments.console.nav'),
      anyOf: ['dues.read', 'finance.manage'],
    },
    {
      key: 'announcements',
      path: '/console/announcements',
      icon: <NotificationOutlined />,
      label: t('announcements.manage'),
      anyOf: ['comms.publish'],
    },
    {
      key: 'elections',
      path: '/console/elections',
      icon: <CheckSquareOutlined />,
      label: t('elections.nav'),
      anyOf: ['elections.administer', 'elections.observe'],
    },
    {
      key: 'polls',
      path: '/console/polls',
      icon: <FormOutlined />,
      label: t('polls.consoleNav'),
      anyOf: ['surveys.manage'],
    },
    {
      key: 'forums',
      path: '/console/forums',
      icon: <CommentOutlined />,
      label: t('forums.mod.nav'),
      anyOf: ['forum.moderate'],
    },
    { key: 'search', path: '/console/search', icon: <SearchOutlined />, label: t('search.title'), anyOf: [] },
    {
      key: 'users',
      path: '/console/users',
      icon: <TeamOutlined />,
      label: t('nav.users'),
      anyOf: ['users.manage'],
    },
    {
      key: 'privacy-requests',
      path: '/console/privacy/deletion-requests',
      icon: <SafetyOutlined />,
      label: t('privacy.consoleNav'),
      anyOf: ['members.write'],
    },
    {
      key: 'privacy-register',
      path: '/console/privacy/register',
      icon: <ProfileOutlined />,
      label: t('privacy.register.nav'),
      anyOf: ['security.admin'],
    },
    {
      key: 'privacy-breaches',
      path: '/console/privacy/breaches',
      icon: <WarningOutlined />,
      label: t('privacy.breach.nav'),
      anyOf: ['security.admin', 'audit.read'],
    },
    {
      key: 'audit',
      path: '/console/audit',
      icon: <AuditOutlined />,
      label: t('nav.audit'),
      anyOf: ['audit.read'],
    },
  ];
  return all.filter((i) => i.anyOf.length === 0 || i.anyOf.some((p) => permissions.includes(p)));
}

/** The menu key for the current path: the longest matching entry path. */
export function selectedKey(items: ConsoleMenuItem[], pathname: string): string {
  const match = items
    .filter((i) => pathname === i.path || pathname.startsWith(`${i.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return match?.key ?? 'dashboard';
}
