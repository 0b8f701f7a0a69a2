import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Flex, Row, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { consoleMenu } from '../../../app/layouts/consoleMenu';
import type { MeGrant } from '../../../shared/api/types';
import { useMe } from '../../../shared/auth/session';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { permissionLabel, roleLabel } from '../../../shared/i18n/labels';

/** Console landing page: who I am here, my grants and their scope, and what I can open. */
export default function DashboardPage() {
  const { t } = useTranslation();
  usePageTitle(t('dashboard.title'));
  const me = useMe().data;
  if (!me) return null;
  const shortcuts = consoleMenu(t, me.abilities.permissions).filter((i) => i.key !== 'dashboard');
  return (
    <Flex vertical gap={16}>
      <Flex align="center" justify="space-between" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('dashboard.welcome', { name: me.user.displayName })}
        </Typography.Title>
        {me.user.mfaEnabled && (
          <Tag icon={<SafetyCertificateOutlined />} color="success">
            {t('dashboard.mfaOn')}
          </Tag>
        )}
      </Flex>
      {shortcuts.length > 0 && (
        <Row gutter={[12, 12]}>
          {shortcuts.map((s) => (
            <Col key={s.key} xs={12} sm={8} lg={6}>
              <Link to={s.path} data-testid={`shortcut-${s.key}`}>
                <Card hoverable size="small">
                  <Flex align="center" gap={10}>
                    <span style={{ fontSize: 20, color: '#c8102e' }}>{s.icon}</span>
                    <Typography.Text strong>{s.label}</Typography.Text>
                  </Flex>
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      )}
      <Card title={t('dashboard.grants')}>
        <Typography.Paragraph type="secondary">{t('dashboard.scopeNote')}</Typography.Paragraph>
        <Table<MeGrant>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={me.grants}
          locale={{ emptyText: <Empty description={t('dashboard.noGrants')} /> }}
          columns={[
            {
              title: t('dashboard.role'),
              dataIndex: 'roleKey',
              render: (k: string) => <Tag color="red">{roleLabel(t, k)}</Tag>,
            },
            { title: t('dashboard.scope'), dataIndex: 'orgName' },
          ]}
        />
      </Card>
      <Card title={t('dashboard.permissions')}>
        <Flex wrap gap={8}>
          {me.abilities.permissions.length === 0 && (
            <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
          )}
          {me.abilities.permissions.map((p) => (
            <Tag key={p} title={p}>
              {permissionLabel(t, p)}
            </Tag>
          ))}
        </Flex>
      </Card>
    </Flex>
  );
}
