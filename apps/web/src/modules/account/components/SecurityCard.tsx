import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MeUser } from '../../../shared/api/types';

/** MFA status with the way to turn it on (turning it off is a security-admin task for now). */
export function SecurityCard({ user }: { user: MeUser }) {
  const { t } = useTranslation();
  return (
    <Card title={t('account.security')}>
      <Flex vertical gap={12}>
        <Flex align="center" gap={8} wrap>
          <SafetyCertificateOutlined
            style={{ fontSize: 18, color: user.mfaEnabled ? '#389e0d' : '#8c8c8c' }}
          />
          <Typography.Text>{t('account.mfa')}</Typography.Text>
          <Tag color={user.mfaEnabled ? 'success' : 'default'} data-testid="mfa-status">
            {user.mfaEnabled ? t('mfa.enabled') : t('mfa.disabled')}
          </Tag>
        </Flex>
        {user.mfaRequired && !user.mfaEnabled && (
          <Alert type="warning" showIcon title={t('account.mfaRequired')} />
        )}
        {user.mfaEnabled ? (
          <Typography.Text type="secondary">{t('account.mfaDisableNote')}</Typography.Text>
        ) : (
          <Link to="/account/mfa">
            <Button type="primary" data-testid="mfa-enrol">
              {t('account.enrolMfa')}
            </Button>
          </Link>
        )}
      </Flex>
    </Card>
  );
}
