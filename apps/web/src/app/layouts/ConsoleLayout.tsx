import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Flex, Grid, Layout, Menu, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useMe } from '../../shared/auth/session';
import { BrandMark } from '../../shared/components/BrandMark';
import { Loading } from '../../shared/components/Loading';
import { consoleMenu, selectedKey } from './consoleMenu';
import { UserActions } from './UserActions';
import { HeaderSearch } from '../../modules/search';

/** Officer console: a Sider menu on desktop that becomes a Drawer on phones. */
export function ConsoleLayout() {
  const { t } = useTranslation();
  const me = useMe().data;
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);

  const items = consoleMenu(t, me?.abilities.permissions ?? []);
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selectedKey(items, location.pathname)]}
      items={items.map((i) => ({ key: i.key, icon: i.icon, label: i.label }))}
      onClick={({ key }) => {
        const target = items.find((i) => i.key === key);
        if (target) navigate(target.path);
        setDrawerOpen(false);
      }}
      style={{ borderInlineEnd: 'none' }}
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!phone && (
        <Layout.Sider
          width={220}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          theme="light"
          // the menu has many entries: the sider stays in view and scrolls on its own, above the trigger
          style={{
            borderInlineEnd: '1px solid #f0f0f0',
            position: 'sticky',
            top: 0,
            height: '100vh',
            overflowY: 'auto',
            paddingBottom: 48,
          }}
        >
          <Flex align="center" style={{ height: 56, paddingInline: collapsed ? 26 : 20 }}>
            <Link to="/console">
              <BrandMark compact={collapsed} />
            </Link>
          </Flex>
          {menu}
        </Layout.Sider>
      )}
      <Drawer
        placement="left"
        open={phone && drawerOpen}
        onClose={() => setDrawerOpen(false)}
        size={260}
        title={<BrandMark />}
        styles={{ body: { padding: 8 } }}
      >
        {menu}
      </Drawer>
      <Layout>
        <Layout.Header style={{ borderBottom: '1px solid #f0f0f0', position: 'sticky', top: 0, zIndex: 10 }}>
          <Flex align="center" justify="space-between" style={{ height: '100%' }} gap={8}>
            <Flex align="center" gap={8} style={{ minWidth: 0 }}>
              {phone && (
                <Button
                  type="text"
                  icon={<MenuOutlined />}
                  aria-label={t('nav.menu')}
                  onClick={() => setDrawerOpen(true)}
                />
              )}
              {phone ? <BrandMark /> : <Typography.Text type="secondary">{t('app.console')}</Typography.Text>}
            </Flex>
            <Flex align="center" gap={8}>
              <HeaderSearch />
              <UserActions />
            </Flex>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: phone ? 12 : 24 }}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
