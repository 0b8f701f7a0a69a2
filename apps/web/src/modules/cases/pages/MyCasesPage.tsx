import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useMyCases, useMyCaseTypes } from '../api';
import { fmtTime, StateTag, typeName } from '../components/labels';

/** The member's cases, refreshed every few seconds. */
export default function MyCasesPage() {
  const { t, i18n } = useTranslation();
  const types = useMyCaseTypes();
  usePageTitle(t('cases.myCases'));
  const q = useMyCases();
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" style={{ padding: '8px 4px 0' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('cases.myCases')}
        </Typography.Title>
        <Link to="/my/cases/new">
          <Button type="primary" icon={<PlusOutlined />} data-testid="new-case">
            {t('cases.report')}
          </Button>
        </Link>
      </Flex>
      {q.isLoading && <Loading />}
      <ErrorAlert error={q.error} />
      {q.data?.items.length === 0 && <Empty description={t('cases.empty')} />}
      {q.data?.items.map((c) => (
        <Link key={c.id} to={`/my/cases/${c.id}`} style={{ color: 'inherit' }}>
          <Card size="small" hoverable data-testid="my-case">
            <Flex justify="space-between" gap={8} align="start">
              <div style={{ minWidth: 0 }}>
                <Typography.Text strong ellipsis>
                  {c.title}
                </Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.ref} · {typeName(t, c.typeKey, types.data?.items, i18n.language)} ·{' '}
                    {fmtTime(c.updatedAt)}
                  </Typography.Text>
                </div>
              </div>
              <StateTag t={t} c={c} />
            </Flex>
          </Card>
        </Link>
      ))}
    </Flex>
  );
}
