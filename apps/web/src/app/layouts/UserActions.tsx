import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Grid, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMe } from '../../shared/auth/session';
import { LangSwitch } from '../../shared/components/LangSwitch';
import { useLogout } from './useLogout';

/** Right side of both headers: language, the caller's name (to /account) and sign out. */
export function UserActions({ light }: { light?: boolean }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const navigate = useNavigate();
  const doLogout = useLogout();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.sm;
  const color = light ? { color: '#fff' } : undefined;
  return (
    <Space size={narrow ? 0 : 4}>
      <LangSwitch light={light} short={narrow} />
      {me && (
        <Button
          type="text"
          icon={<UserOutlined />}
          style={color}
          aria-label={t('nav.account')}
          onClick={() => navigate('/account')}
        >
          {narrow ? null : me.user.displayName}
        </Button>
      )}
      <Button
        type="text"
        icon={<LogoutOutlined />}
        style={color}
        data-testid="logout"
        aria-label={t('nav.logout')}
        onClick={() => void doLogout()}
      >
        {narrow ? null : t('nav.logout')}
      </Button>
    </Space>
  );
}
