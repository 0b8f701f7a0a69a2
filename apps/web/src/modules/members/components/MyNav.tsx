import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

/** Tabs between the member's own registry pages. */
export function MyNav() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  return (
    <Segmented
      block
      value={pathname}
      onChange={(v) => void navigate(String(v))}
      options={[
        { value: '/my/profile', label: t('myMembership.profile') },
        { value: '/my/membership', label: t('myMembership.history') },
        { value: '/my/privacy', label: t('myMembership.privacy') },
      ]}
      data-testid="my-nav"
    />
  );
}
