import { DownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Popconfirm, Progress, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { downloadExport, pollStep, usePoll, usePollResults } from '../api';
import { pct, ResultsView } from '../components/ResultsView';
import { phaseColor } from '../labels';

function Stat({ label, value, testId }: { label: string; value: string | number; testId: string }) {
  return (
    <Card size="small" style={{ minWidth: 140 }}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <div style={{ fontSize: 26, fontWeight: 600 }} data-testid={testId}>
        {value}
      </div>
    </Card>
  );
}

/** Officers: a poll's results with charts, response rate per unit, close and export. */
export default function PollResultsPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const poll = usePoll(id);
  const results = usePollResults(id, false);
  usePageTitle(poll.data?.title ?? t('polls.results.title'));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);

  if (poll.isLoading) return <Loading />;
  if (!poll.data) return <ErrorAlert error={poll.error} />;
  const p = poll.data;
  const r = results.data;

  const run = async (what: string, f: () => Promise<unknown>) => {
    setBusy(what);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Flex vertical gap={12} style={{ maxWidth: 1000 }}>
      <Flex justify="space-between" align="flex-start" wrap gap={8}>
        <Flex vertical gap={4} style={{ minWidth: 0 }}>
          <Typography.Title level={3} style={{ margin: '8px 4px 0' }}>
            {p.title}
          </Typography.Title>
          <Flex gap={4} wrap align="center">
            <Tag color={phaseColor[p.phase]}>{t(`polls.phase.${p.phase}`)}</Tag>
            <Tag color={p.anonymous ? 'purple' : 'orange'}>
              {p.anonymous ? t('polls.anonymousTag') : t('polls.namedTag')}
            </Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {p.orgName} · {t('polls.closesAt', { time: new Date(p.closesAt).toLocaleString() })}
            </Typography.Text>
          </Flex>
        </Flex>
        <Flex gap={8} wrap>
          {p.abilities.export && (
            <>
              <Button
                icon={<DownloadOutlined />}
                loading={busy === 'csv'}
                onClick={() => run('csv', () => downloadExport(id, 'csv'))}
                data-testid="export-csv"
              >
                {t('polls.results.exportCsv')}
              </Button>
              <Button
                icon={<DownloadOutlined />}
                loading={busy === 'xlsx'}
                onClick={() => run('xlsx', () => downloadExport(id, 'xlsx'))}
                data-testid="export-xlsx"
              >
                {t('polls.results.exportXlsx')}
              </Button>
            </>
          )}
          {p.abilities.close && (
            <Popconfirm
              title={t('polls.console.closeConfirm')}
              onConfirm={() =>
                run('close', async () => {
                  await pollStep(id, 'close');
                  await qc.invalidateQueries({ queryKey: ['polls'] });
                })
              }
              okButtonProps={{ 'data-testid': 'close-ok' }}
            >
              <Button danger loading={busy === 'close'} data-testid="poll-close">
                {t('polls.console.close')}
              </Button>
            </Popconfirm>
          )}
        </Flex>
      </Flex>
      <ErrorAlert error={error ?? results.error} />
      {results.isLoading && <Loading />}
      {r && (
        <>
          <Flex gap={12} wrap>
            <Stat label={t('polls.results.responses')} value={r.responses} testId="stat-responses" />
            <Stat label={t('polls.results.audience')} value={r.audience} testId="stat-audience" />
            <Stat
              label={t('polls.results.rate')}
              value={`${pct(r.responses, r.audience)}%`}
              testId="stat-rate"
            />
          </Flex>
          {p.phase === 'open' && (
            <Typography.Text type="secondary">{t('polls.results.liveNote')}</Typography.Text>
          )}
          {r.orgs.length > 0 && (
            <Card size="small" title={t('polls.results.byOrg')}>
              <Table
                size="small"
                rowKey="orgId"
                pagination={false}
                dataSource={r.orgs}
                data-testid="org-rates"
                columns={[
                  { title: t('polls.results.orgCol'), dataIndex: 'orgName' },
                  { title: t('polls.results.targeted'), dataIndex: 'targeted', align: 'right', width: 80 },
                  {
                    title: t('polls.results.respondedCol'),
                    dataIndex: 'responded',
                    align: 'right',
                    width: 80,
                  },
                  {
                    title: t('polls.results.rate'),
                    width: 200,
                    render: (_: unknown, o) => (
                      <Progress percent={pct(o.responded, o.targeted)} size="small" />
                    ),
                  },
                ]}
              />
            </Card>
          )}
          {r.responses === 0 ? (
            <Empty description={t('polls.results.noResponses')} />
          ) : (
            <ResultsView pollId={id} questions={p.questions} results={r} mine={false} />
          )}
        </>
      )}
    </Flex>
  );
}
