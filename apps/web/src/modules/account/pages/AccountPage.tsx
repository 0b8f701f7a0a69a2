import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../shared/auth/session';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { ChangePasswordCard } from '../components/ChangePasswordCard';
import { ProfileCard } from '../components/ProfileCard';
import { SecurityCard } from '../components/SecurityCard';

export default function AccountPage() {
  const { t } = useTranslation();
  usePageTitle(t('account.title'));
  const me = useMe().data;
  if (!me) return null;
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: '8px 0 0' }}>
        {t('account.title')}
      </Typography.Title>
      <ProfileCard user={me.user} />
      <SecurityCard user={me.user} />
      <ChangePasswordCard />
    </Flex>
  );
}
