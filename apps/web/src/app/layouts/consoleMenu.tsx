import { AuditOutlined, DashboardOutlined, ApartmentOutlined, TeamOutlined } from '@ant-design/icons';
import { IdcardOutlined, NotificationOutlined } from '@ant-design/icons';
import { AlertOutlined, FileSearchOutlined } from '@ant-design/icons';
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
      key: 'announcements',
      path: '/console/announcements',
      icon: <NotificationOutlined />,
      label: t('announcements.manage'),
      anyOf: ['comms.publish'],
    },
    {
      key: 'users',
      path: '/console/users',
      icon: <TeamOutlined />,
      label: t('nav.users'),
      anyOf: ['users.manage'],
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
