import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { type ElectionSummary, electionStep, useElections } from '../api';

/** Officers and observers: elections in scope, their counts, the next step and the results. */
export default function ElectionsConsolePage() {
  const { t } = useTranslation();
  usePageTitle(t('elections.console.title'));
  const q = useElections();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const step = async (e: ElectionSummary, s: 'announce' | 'close') => {
    setError(null);
    try {
      await electionStep(e.id, s);
      await qc.invalidateQueries({ queryKey: ['elections'] });
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: '8px 4px 0' }}>
        {t('elections.console.title')}
      </Typography.Title>
      {q.isLoading && <Loading />}
      <ErrorAlert error={q.error ?? error} />
      {q.data?.items.length === 0 && <Empty />}
      {q.data?.items.map((e) => (
        <Card
          key={e.id}
          size="small"
          data-testid="election"
          title={
            <Flex gap={8} align="center">
              {e.title}
              <Tag>{t(`elections.phase.${e.phase}`)}</Tag>
            </Flex>
          }
          extra={
            <Flex gap={8}>
              {e.status === 'draft' && (
                <Button onClick={() => step(e, 'announce')}>{t('elections.console.announce')}</Button>
              )}
              {e.status === 'ready' && e.phase === 'voting_ended' && (
                <Button onClick={() => step(e, 'close')}>{t('elections.console.close')}</Button>
              )}
              {e.status === 'tallied' && (
                <a href={`/api/elections/${e.id}/record`} download>
                  {t('elections.console.record')}
                </a>
              )}
            </Flex>
          }
        >
          <Typography.Text type="secondary">
            {t('elections.console.counts', {
              eligible: e.eligibleVoters ?? '-',
              ballots: e.ballotsCast,
              k: e.threshold,
              n: e.trustees,
            })}
          </Typography.Text>
          {e.outcome?.map((c) => (
            <Table
              key={c.contestId}
              size="small"
              pagination={false}
              rowKey="optionId"
              title={() => `${c.contestId} · ${t(`elections.console.contest.${c.status}`)}`}
              dataSource={c.options}
              columns={[
                { title: t('elections.console.option'), dataIndex: 'optionId' },
                { title: t('elections.console.votes'), dataIndex: 'votes' },
                {
                  title: t('elections.console.result'),
                  dataIndex: 'status',
                  render: (s: string) => t(`elections.console.status.${s}`),
                },
              ]}
            />
          ))}
        </Card>
      ))}
    </Flex>
  );
}
