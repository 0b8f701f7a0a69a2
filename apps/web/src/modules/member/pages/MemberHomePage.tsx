import {
  HistoryOutlined,
  IdcardOutlined,
  LockOutlined,
  MailOutlined,
  PhoneOutlined,
  RightOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../../shared/auth/session';
import { usePageTitle } from '../../../shared/components/usePageTitle';

/** `/` for members: greeting, their union, and the account section. No made-up content. */
export default function MemberHomePage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.home'));
  const me = useMe().data;
  if (!me) return null;
  const u = me.user;
  const notSet = t('account.notSet');
  const rows = [
    { key: 'email', icon: <MailOutlined />, label: t('account.email'), value: u.emailMasked || notSet },
    { key: 'phone', icon: <PhoneOutlined />, label: t('account.phone'), value: u.phoneMasked || notSet },
    {
      key: 'mfa',
      icon: <SafetyCertificateOutlined />,
      label: t('account.mfa'),
      value: (
        <Tag color={u.mfaEnabled ? 'success' : 'default'} style={{ marginInlineEnd: 0 }}>
          {u.mfaEnabled ? t('mfa.enabled') : t('mfa.disabled')}
        </Tag>
      ),
    },
    { key: 'password', icon: <LockOutlined />, label: t('account.changePassword'), value: <RightOutlined /> },
  ];
  // Only services that exist: every link leads to a working page.
  const services = [
    { key: 'profile', to: '/my/profile', icon: <IdcardOutlined />, label: t('myMembership.profile') },
    { key: 'membership', to: '/my/membership', icon: <HistoryOutlined />, label: t('myMembership.history') },
    { key: 'privacy', to: '/my/privacy', icon: <SafetyOutlined />, label: t('myMembership.privacy') },
  ];
  return (
    <Flex vertical gap={16}>
      <div style={{ padding: '8px 4px 0' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="member-greeting">
          {t('member.greeting', { name: u.displayName })}
        </Typography.Title>
        {u.orgName && (
          <Typography.Text type="secondary">{t('member.orgLine', { name: u.orgName })}</Typography.Text>
        )}
      </div>
      {u.mfaRequired && !u.mfaEnabled && (
        <Alert
          type="warning"
          showIcon
          title={t('errors.auth.mfa_enrollment_required')}
          action={
            <Link to="/account/mfa">
              <Button size="small" type="primary">
                {t('account.enrolMfa')}
              </Button>
            </Link>
          }
        />
      )}
      <Card
        title={t('member.accountCard')}
        extra={<Link to="/account">{t('nav.account')}</Link>}
        styles={{ body: { paddingBlock: 4 } }}
      >
        {rows.map((r, i) => (
          <Link
            key={r.key}
            to="/account"
            style={{ color: 'inherit', display: 'block', borderTop: i ? '1px solid #f0f0f0' : undefined }}
          >
            <Flex align="center" justify="space-between" gap={12} style={{ padding: '14px 0' }}>
              <Flex gap={10} align="center">
                <span style={{ color: '#c8102e' }}>{r.icon}</span>
                {r.label}
              </Flex>
              <Typography.Text type="secondary">{r.value}</Typography.Text>
            </Flex>
          </Link>
        ))}
      </Card>
      <Card title={t('member.servicesCard')} styles={{ body: { paddingBlock: 4 } }}>
        {services.map((r, i) => (
          <Link
            key={r.to}
            to={r.to}
            data-testid={`member-service-${r.key}`}
            style={{ color: 'inherit', display: 'block', borderTop: i ? '1px solid #f0f0f0' : undefined }}
          >
            <Flex align="center" justify="space-between" gap={12} style={{ padding: '14px 0' }}>
              <Flex gap={10} align="center">
                <span style={{ color: '#c8102e' }}>{r.icon}</span>
                {r.label}
              </Flex>
              <RightOutlined style={{ color: 'rgba(0,0,0,0.45)' }} />
            </Flex>
          </Link>
        ))}
      </Card>
    </Flex>
  );
}
