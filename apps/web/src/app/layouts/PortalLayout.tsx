import {
  AccountBookOutlined,
  CheckSquareOutlined,
  CommentOutlined,
  IdcardOutlined,
  MessageOutlined,
  NotificationOutlined,
  FormOutlined,
  SafetyOutlined,
} from '@ant-design/icons';
import { Button, Flex, Grid, Layout, Tooltip } from 'antd';
import { type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { NotificationBell } from '../../modules/notifications';
import { HeaderSearch } from '../../modules/search';
import { useMe } from '../../shared/auth/session';
import { BrandMark } from '../../shared/components/BrandMark';
import { Loading } from '../../shared/components/Loading';
import { UNION_RED } from '../theme';
import { UserActions } from './UserActions';

/** The member's sections, in the order a member uses them. One list for the header and the phone bar. */
const SECTIONS: Array<{ to: string; label: string; icon: ReactNode; testId: string }> = [
  {
    to: '/announcements',
    label: 'announcements.nav',
    icon: <NotificationOutlined />,
    testId: 'nav-announcements',
  },
  { to: '/forums', label: 'forums.nav', icon: <CommentOutlined />, testId: 'nav-forums' },
  { to: '/chat', label: 'chat.nav', icon: <MessageOutlined />, testId: 'nav-chat' },
  { to: '/my/dues', label: 'dues.navMy', icon: <AccountBookOutlined />, testId: 'nav-dues' },
  { to: '/my/card', label: 'card.nav', icon: <IdcardOutlined />, testId: 'nav-card' },
  { to: '/my/elections', label: 'elections.nav', icon: <CheckSquareOutlined />, testId: 'nav-elections' },
  { to: '/my/polls', label: 'polls.nav', icon: <FormOutlined />, testId: 'nav-polls' },
  { to: '/my/data', label: 'privacy.nav', icon: <SafetyOutlined />, testId: 'nav-my-data' },
];

/** Phones: a labelled strip under the header (icons alone are hard to guess; it scrolls sideways). */
function PhoneSections() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <nav
      aria-label={t('nav.sections')}
      style={{
        position: 'sticky',
        top: 56, // the header's height (theme Layout.headerHeight)
        zIndex: 9,
        background: '#fff',
        borderBottom: '1px solid #f0f0f0',
        overflowX: 'auto',
        scrollbarWidth: 'none',
      }}
    >
      <Flex style={{ paddingInline: 4 }}>
        {SECTIONS.map((s) => {
          const active = pathname.startsWith(s.to);
          return (
            <Link
              key={s.to}
              to={s.to}
              data-testid={s.testId}
              aria-current={active ? 'page' : undefined}
              style={{
                flex: '1 0 auto',
                minWidth: 60,
                padding: '6px 6px 4px',
                textAlign: 'center',
                color: active ? UNION_RED : '#595959',
                fontSize: 12,
                lineHeight: '16px',
              }}
            >
              <div style={{ fontSize: 18, lineHeight: '20px' }}>{s.icon}</div>
              {t(s.label)}
            </Link>
          );
        })}
      </Flex>
    </nav>
  );
}

/** Member home and account pages: mobile-first, one column. */
export function PortalLayout() {
  const { t } = useTranslation();
  const me = useMe().data;
  const narrow = Grid.useBreakpoint().sm === false;
  const showConsole = !!me?.user.isOfficer && !(me.user.mfaRequired && !me.user.mfaEnabled);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ background: UNION_RED, position: 'sticky', top: 0, zIndex: 10, paddingInline: 12 }}
      >
        <Flex
          align="center"
          justify="space-between"
          style={{ height: '100%', maxWidth: 736, margin: '0 auto' }}
        >
          <Link to="/" aria-label={t('nav.home')} style={{ minWidth: 0 }}>
            <BrandMark light compact={narrow} />
          </Link>
          <Flex align="center" gap={narrow ? 0 : 4} style={{ minWidth: 0 }}>
            {showConsole && (
              <Link to="/console">
                <Button size="small" ghost>
                  {t('app.console')}
                </Button>
              </Link>
            )}
            {!narrow &&
              SECTIONS.map((s) => (
                <Tooltip key={s.to} title={t(s.label)}>
                  <Link to={s.to} aria-label={t(s.label)} data-testid={s.testId}>
                    <Button type="text" icon={s.icon} style={{ color: '#fff' }} tabIndex={-1} />
                  </Link>
                </Tooltip>
              ))}
            <HeaderSearch light iconOnly />
            <NotificationBell light />
            <UserActions light />
          </Flex>
        </Flex>
      </Layout.Header>
      {narrow && <PhoneSections />}
      <Layout.Content style={{ padding: '16px 12px 48px', width: '100%', maxWidth: 760, margin: '0 auto' }}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
