import { Button, Flex, Grid, Layout } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { useMe } from '../../shared/auth/session';
import { BrandMark } from '../../shared/components/BrandMark';
import { Loading } from '../../shared/components/Loading';
import { UNION_RED } from '../theme';
import { UserActions } from './UserActions';
import { MessageOutlined, NotificationOutlined } from '@ant-design/icons';
import { NotificationBell } from '../../modules/notifications';

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
            <BrandMark light compact={narrow && showConsole} />
          </Link>
          <Flex align="center" gap={4}>
            {showConsole && (
              <Link to="/console">
                <Button size="small" ghost>
                  {t('app.console')}
                </Button>
              </Link>
            )}
            <Link to="/announcements" aria-label={t('announcements.nav')}>
              <Button
                type="text"
                icon={<NotificationOutlined />}
                style={{ color: '#fff' }}
                data-testid="nav-announcements"
              />
            </Link>
            <Link to="/chat" aria-label={t('chat.nav')}>
              <Button
                type="text"
                icon={<MessageOutlined />}
                style={{ color: '#fff' }}
                data-testid="nav-chat"
              />
            </Link>
            <NotificationBell light />
            <UserActions light />
          </Flex>
        </Flex>
      </Layout.Header>
      <Layout.Content style={{ padding: '16px 12px 48px', width: '100%', maxWidth: 760, margin: '0 auto' }}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
