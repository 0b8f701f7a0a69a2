import { createBrowserRouter } from 'react-router';
import { setUnauthorizedHandler } from '../shared/api/client';
import { queryClient } from '../shared/api/queryClient';
import { meKey } from '../shared/auth/session';
import { AuthLayout } from './layouts/AuthLayout';
import { NotFound } from './NotFound';
import * as Members from '../modules/members';
import * as Cases from '../modules/cases';
import * as Notifications from '../modules/notifications';
import * as Chat from '../modules/chat';
import * as Announcements from '../modules/announcements';
import * as Forums from '../modules/forums';
import * as Search from '../modules/search';
import * as Elections from '../modules/elections';
import * as Dues from '../modules/dues';
import * as Payments from '../modules/payments';
import * as MemberCard from '../modules/card';
import * as Polls from '../modules/polls';
import * as Privacy from '../modules/privacy';
import { RouteError } from './RouteError';
import * as P from './routing/lazyPages';
import { RequireAuth } from './routing/RequireAuth';
import { RequireOfficer } from './routing/RequireOfficer';
import { RequirePermission } from './routing/RequirePermission';
import { SetupGate } from './routing/SetupGate';

export const router = createBrowserRouter([
  {
    path: '/',
    element: <SetupGate />,
    errorElement: <RouteError />,
    children: [
      {
        element: <AuthLayout />,
        children: [
          { path: 'setup', element: <P.SetupPage /> },
          { path: 'login', element: <P.LoginPage /> },
          { path: 'forgot-password', element: <P.ForgotPasswordPage /> },
          { path: 'reset-password', element: <P.ResetPasswordPage /> },
          { path: 'unsubscribe', element: <Notifications.UnsubscribePage /> },
          { path: 'sandbox-pay/:prepayId', element: <Payments.SandboxPayPage /> },
          { path: 'verify-card', element: <MemberCard.VerifyCardPage /> },
          { path: 'privacy-contact', element: <Privacy.PrivacyContactPage /> },
          { path: 'privacy-contact/:unionId', element: <Privacy.PrivacyContactPage /> },
          { path: '*', element: <NotFound /> },
        ],
      },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <P.PortalLayout />,
            children: [
              { index: true, element: <P.MemberHomePage /> },
              { path: 'account', element: <P.AccountPage /> },
              { path: 'account/mfa', element: <P.MfaEnrolPage /> },
              { path: 'my/profile', element: <Members.MyProfilePage /> },
              { path: 'my/membership', element: <Members.MyMembershipPage /> },
              { path: 'my/privacy', element: <Members.MyPrivacyPage /> },
              { path: 'my/data', element: <Privacy.MyDataPage /> },
              { path: 'my/cases', element: <Cases.MyCasesPage /> },
              { path: 'my/cases/new', element: <Cases.ReportPage /> },
              { path: 'my/cases/:id', element: <Cases.MyCasePage /> },
              { path: 'notifications', element: <Notifications.NotificationsPage /> },
              { path: 'chat', element: <Chat.ChatPage /> },
              { path: 'chat/:roomId', element: <Chat.ChatPage /> },
              { path: 'announcements', element: <Announcements.AnnouncementFeedPage /> },
              { path: 'announcements/:id', element: <Announcements.AnnouncementFeedPage /> },
              { path: 'forums', element: <Forums.ForumBoardsPage /> },
              { path: 'forums/boards/:id', element: <Forums.ForumBoardPage /> },
              { path: 'forums/threads/:id', element: <Forums.ForumThreadPage /> },
              { path: 'search', element: <Search.SearchPage /> },
              { path: 'my/elections', element: <Elections.MyElectionsPage /> },
              { path: 'my/elections/:id', element: <Elections.VotePage /> },
              { path: 'my/elections/:id/board', element: <Elections.BoardPage /> },
              { path: 'my/dues', element: <Dues.MyDuesPage /> },
              { path: 'my/dues/pay/:id', element: <Payments.PayOrderPage /> },
              { path: 'my/card', element: <MemberCard.MyCardPage /> },
              { path: 'my/polls', element: <Polls.MyPollsPage /> },
              { path: 'my/polls/:id', element: <Polls.PollAnswerPage /> },
              { path: 'trustee/elections/:id', element: <Elections.TrusteePage /> },
            ],
          },
          {
            path: 'console',
            element: <RequireOfficer />,
            children: [
              {
                element: <P.ConsoleLayout />,
                children: [
                  { index: true, element: <P.DashboardPage /> },
                  {
                    path: 'orgs',
                    element: (
                      <RequirePermission anyOf={['orgs.manage', 'members.read']}>
                        <P.OrgTreePage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'members',
                    element: (
                      <RequirePermission anyOf={['members.read']}>
                        <Members.MembersPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'members/import',
                    element: (
                      <RequirePermission anyOf={['members.import']}>
                        <Members.MemberImportPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'announcements',
                    element: (
                      <RequirePermission anyOf={['comms.publish']}>
                        <Announcements.AnnouncementsOfficerPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'users',
                    element: (
                      <RequirePermission anyOf={['users.manage']}>
                        <P.UsersPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'cases',
                    element: (
                      <RequirePermission anyOf={['cases.read']}>
                        <Cases.CaseQueuePage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'cases/dashboard',
                    element: (
                      <RequirePermission anyOf={['cases.read']}>
                        <Cases.CasesDashboardPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'cases/types',
                    element: (
                      <RequirePermission anyOf={['orgs.manage']}>
                        <Cases.CaseTypesPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'cases/assignment',
                    element: (
                      <RequirePermission anyOf={['orgs.manage', 'cases.handle']}>
                        <Cases.AssignmentRulesPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'cases/:id',
                    element: (
                      <RequirePermission anyOf={['cases.read']}>
                        <Cases.CaseConsolePage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'dues/rules',
                    element: (
                      <RequirePermission anyOf={['dues.read', 'finance.manage']}>
                        <Dues.DuesRulesPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'dues/members',
                    element: (
                      <RequirePermission anyOf={['dues.read', 'finance.manage']}>
                        <Dues.DuesMembersPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'dues/payroll',
                    element: (
                      <RequirePermission anyOf={['finance.manage']}>
                        <Dues.PayrollPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'dues/arrears',
                    element: (
                      <RequirePermission anyOf={['dues.read', 'finance.manage']}>
                        <Dues.ArrearsPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'dues/dashboard',
                    element: (
                      <RequirePermission anyOf={['dues.read', 'finance.manage']}>
                        <Dues.DuesDashboardPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'payments',
                    element: (
                      <RequirePermission anyOf={['dues.read', 'finance.manage']}>
                        <Payments.PaymentsConsolePage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'elections',
                    element: (
                      <RequirePermission anyOf={['elections.administer', 'elections.observe']}>
                        <Elections.ElectionsConsolePage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'polls',
                    element: (
                      <RequirePermission anyOf={['surveys.manage']}>
                        <Polls.PollsConsolePage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'polls/new',
                    element: (
                      <RequirePermission anyOf={['surveys.manage']}>
                        <Polls.PollEditorPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'polls/:id/edit',
                    element: (
                      <RequirePermission anyOf={['surveys.manage']}>
                        <Polls.PollEditorPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'polls/:id',
                    element: (
                      <RequirePermission anyOf={['surveys.manage']}>
                        <Polls.PollResultsPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'forums',
                    element: (
                      <RequirePermission anyOf={['forum.moderate']}>
                        <Forums.ForumModerationPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'privacy/deletion-requests',
                    element: (
                      <RequirePermission anyOf={['members.write']}>
                        <Privacy.DeletionRequestsPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'privacy/register',
                    element: (
                      <RequirePermission anyOf={['security.admin']}>
                        <Privacy.ProcessingRegisterPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'privacy/breaches',
                    element: (
                      <RequirePermission anyOf={['security.admin', 'audit.read']}>
                        <Privacy.BreachListPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'privacy/breaches/:id',
                    element: (
                      <RequirePermission anyOf={['security.admin', 'audit.read']}>
                        <Privacy.BreachDetailPage />
                      </RequirePermission>
                    ),
                  },
                  { path: 'search', element: <Search.SearchPage /> },
                  {
                    path: 'audit',
                    element: (
                      <RequirePermission anyOf={['audit.read']}>
                        <P.AuditPage />
                      </RequirePermission>
                    ),
                  },
                  { path: '*', element: <NotFound /> },
                ],
              },
            ],
          },
        ],
      },
    ],
  },
]);

// A 401 from any ordinary call means the session ended: forget the caller and go to /login,
// carrying the intended path in router state rather than in the URL.
setUnauthorizedHandler(() => {
  queryClient.setQueryData(meKey, null);
  const { pathname } = router.state.location;
  if (pathname !== '/login' && pathname !== '/setup') {
    void router.navigate('/login', { replace: true, state: { from: pathname } });
  }
});
