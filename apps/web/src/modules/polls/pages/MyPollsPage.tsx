import { Card, Empty, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useMyPolls } from '../api';
import { phaseColor } from '../labels';

/** The polls and surveys the member is invited to, answered or not. */
export default function MyPollsPage() {
  const { t } = useTranslation();
  usePageTitle(t('polls.myTitle'));
  const q = useMyPolls();
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: '8px 4px 0' }}>
        {t('polls.myTitle')}
      </Typography.Title>
      {q.isLoading && <Loading />}
      <ErrorAlert error={q.error} />
      {q.data?.items.length === 0 && <Empty description={t('polls.empty')} />}
      {q.data?.items.map((p) => (
        <Link key={p.id} to={`/my/polls/${p.id}`} style={{ color: 'inherit' }}>
          <Card size="small" hoverable data-testid="my-poll">
            <Flex vertical gap={4}>
              <Typography.Text strong style={{ fontSize: 15 }}>
                {p.title}
              </Typography.Text>
              <Flex gap={4} wrap>
                <Tag color={phaseColor[p.phase]}>{t(`polls.phase.${p.phase}`)}</Tag>
                <Tag color={p.anonymous ? 'purple' : 'orange'}>
                  {p.anonymous ? t('polls.anonymousTag') : t('polls.namedTag')}
                </Tag>
                {p.responded ? (
                  <Tag color="green">{t('polls.responded')}</Tag>
                ) : (
                  p.phase === 'open' && <Tag color="red">{t('polls.toAnswer')}</Tag>
                )}
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {p.orgName} ·{' '}
                {p.phase === 'scheduled' && p.opensAt
                  ? t('polls.opensAt', { time: new Date(p.opensAt).toLocaleString() })
                  : t('polls.closesAt', { time: new Date(p.closesAt).toLocaleString() })}
              </Typography.Text>
            </Flex>
          </Card>
        </Link>
      ))}
    </Flex>
  );
}
