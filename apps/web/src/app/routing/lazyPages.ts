import { lazy } from 'react';

// One chunk per module so the first load stays small.
export const ConsoleLayout = lazy(() =>
  import('../layouts/ConsoleLayout').then((m) => ({ default: m.ConsoleLayout })),
);
export const PortalLayout = lazy(() =>
  import('../layouts/PortalLayout').then((m) => ({ default: m.PortalLayout })),
);
export const SetupPage = lazy(() => import('../../modules/setup/pages/SetupPage'));
export const LoginPage = lazy(() => import('../../modules/auth/pages/LoginPage'));
export const ForgotPasswordPage = lazy(() => import('../../modules/auth/pages/ForgotPasswordPage'));
export const ResetPasswordPage = lazy(() => import('../../modules/auth/pages/ResetPasswordPage'));
export const MemberHomePage = lazy(() => import('../../modules/member/pages/MemberHomePage'));
export const AccountPage = lazy(() => import('../../modules/account/pages/AccountPage'));
export const MfaEnrolPage = lazy(() => import('../../modules/account/pages/MfaEnrolPage'));
export const DashboardPage = lazy(() => import('../../modules/dashboard/pages/DashboardPage'));
export const OrgTreePage = lazy(() => import('../../modules/orgs/pages/OrgTreePage'));
export const UsersPage = lazy(() => import('../../modules/users/pages/UsersPage'));
export const AuditPage = lazy(() => import('../../modules/audit/pages/AuditPage'));
