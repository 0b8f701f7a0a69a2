import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Flex, Popconfirm, Progress, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { deletePoll, type PollSummary, pollStep, usePolls } from '../api';
import { pct } from '../components/ResultsView';
import { phaseColor } from '../labels';

/** Officers (surveys.manage): polls in scope with status and response rate; create, edit, publish, close. */
export default function PollsConsolePage() {
  const { t } = useTranslation();
  usePageTitle(t('polls.console.title'));
  const navigate = useNavigate();
  const qc = useQueryClient();
  const q = usePolls();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const act = async (id: string, f: () => Promise<unknown>) => {
    setBusy(id);
    setError(null);
    try {
      await f();
      await qc.invalidateQueries({ queryKey: ['polls'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: '8px 4px 0' }}>
          {t('polls.console.title')}
        </Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => navigate('/console/polls/new')}
          data-testid="poll-create"
        >
          {t('polls.console.create')}
        </Button>
      </Flex>
      <ErrorAlert error={q.error ?? error} />
      <Table<PollSummary>
        rowKey="id"
        size="small"
        loading={q.isPending}
        dataSource={q.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        locale={{ emptyText: t('polls.console.empty') }}
        onRow={() => ({ 'data-testid': 'poll-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('polls.console.titleCol'),
            dataIndex: 'title',
            render: (v: string, r) => (
              <Link to={r.status === 'draft' ? `/console/polls/${r.id}/edit` : `/console/polls/${r.id}`}>
                {v}
              </Link>
            ),
          },
          { title: t('polls.console.org'), dataIndex: 'orgName' },
          {
            title: t('polls.console.status'),
            render: (_: unknown, r) => <Tag color={phaseColor[r.phase]}>{t(`polls.phase.${r.phase}`)}</Tag>,
          },
          {
            title: t('polls.console.mode'),
            render: (_: unknown, r) => (
              <Tag color={r.anonymous ? 'purple' : 'orange'}>
                {r.anonymous ? t('polls.anonymousTag') : t('polls.namedTag')}
              </Tag>
            ),
          },
          {
            title: t('polls.console.rate'),
            render: (_: unknown, r) =>
              r.status === 'draft' ? (
                '—'
              ) : (
                <Flex vertical style={{ minWidth: 140 }}>
                  <Typography.Text style={{ fontSize: 12 }} data-testid="poll-rate">
                    {t('polls.console.rateText', {
                      responses: r.responses,
                      audience: r.audience,
                      rate: pct(r.responses, r.audience),
                    })}
                  </Typography.Text>
                  <Progress percent={pct(r.responses, r.audience)} showInfo={false} size="small" />
                </Flex>
              ),
          },
          {
            title: t('polls.console.closes'),
            dataIndex: 'closesAt',
            render: (v: string) => new Date(v).toLocaleString(),
          },
          {
            title: t('polls.console.actions'),
            render: (_: unknown, r) => (
              <Flex gap={4} wrap>
                {r.status === 'draft' && (
                  <>
                    <Link to={`/console/polls/${r.id}/edit`}>
                      <Button size="small">{t('polls.console.edit')}</Button>
                    </Link>
                    <Popconfirm
                      title={t('polls.console.deleteConfirm')}
                      onConfirm={() => act(r.id, () => deletePoll(r.id))}
                    >
                      <Button size="small" danger loading={busy === r.id}>
                        {t('polls.console.delete')}
                      </Button>
                    </Popconfirm>
                  </>
                )}
                {r.status !== 'draft' && (
                  <Link to={`/console/polls/${r.id}`}>
                    <Button size="small" data-testid="poll-results">
                      {t('polls.console.results')}
                    </Button>
                  </Link>
                )}
                {r.status === 'published' && (
                  <Popconfirm
                    title={t('polls.console.closeConfirm')}
                    onConfirm={() => act(r.id, () => pollStep(r.id, 'close'))}
                  >
                    <Button size="small" danger loading={busy === r.id}>
                      {t('polls.console.close')}
                    </Button>
                  </Popconfirm>
                )}
              </Flex>
            ),
          },
        ]}
      />
    </Flex>
  );
}
