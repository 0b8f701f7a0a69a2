import { Card, Empty, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useMyElections, useTrusteeElections } from '../api';

/** The elections the member is on the voter roll of. */
export default function MyElectionsPage() {
  const { t } = useTranslation();
  usePageTitle(t('elections.myElections'));
  const q = useMyElections();
  const duties = useTrusteeElections().data?.items ?? [];
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: '8px 4px 0' }}>
        {t('elections.myElections')}
      </Typography.Title>
      {q.isLoading && <Loading />}
      <ErrorAlert error={q.error} />
      {q.data?.items.length === 0 && duties.length === 0 && <Empty description={t('elections.empty')} />}
      {q.data?.items.map((e) => (
        <Link key={e.id} to={`/my/elections/${e.id}`} style={{ color: 'inherit' }}>
          <Card size="small" hoverable data-testid="my-election">
            <Flex justify="space-between" gap={8}>
              <Typography.Text strong ellipsis>
                {e.title}
              </Typography.Text>
              <Tag>{t(`elections.phase.${e.phase}`)}</Tag>
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('elections.window', {
                from: new Date(e.opensAt).toLocaleString(),
                to: new Date(e.closesAt).toLocaleString(),
              })}
            </Typography.Text>
          </Card>
        </Link>
      ))}
      {duties.length > 0 && (
        <Typography.Title level={5} style={{ margin: '8px 4px 0' }}>
          {t('elections.trusteeDuties')}
        </Typography.Title>
      )}
      {duties.map((d) => (
        <Link key={d.id} to={`/trustee/elections/${d.id}`} style={{ color: 'inherit' }}>
          <Card size="small" hoverable data-testid="trustee-election">
            <Flex justify="space-between" gap={8}>
              <Typography.Text strong ellipsis>
                {d.title}
              </Typography.Text>
              <Tag>{t(`elections.phase.${d.status}`)}</Tag>
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('elections.trusteeIndex', { index: d.index })}
            </Typography.Text>
          </Card>
        </Link>
      ))}
    </Flex>
  );
}
