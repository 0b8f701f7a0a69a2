import { Card, Flex, List, Table, Tag, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../../shared/components/EChart';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { type PollResults, type Question, type QuestionResult, useTextAnswers } from '../api';
import { RankedResult } from './RankedResult';

export const pct = (n: number, of: number) => (of === 0 ? 0 : Math.round((n * 1000) / of) / 10);

/** Every question's result in the poll's order: charts for choices and ratings, paged free text, ranked rounds. */
export function ResultsView({
  pollId,
  questions,
  results,
  mine,
}: {
  pollId: string;
  questions: Question[];
  results: PollResults;
  mine: boolean;
}) {
  const { t } = useTranslation();
  const byId = new Map(results.questions.map((r) => [r.questionId, r]));
  return (
    <Flex vertical gap={12}>
      {questions.map((q, i) => {
        const r = byId.get(q.id);
        if (!r) return null;
        return (
          <Card
            key={q.id}
            size="small"
            data-testid={`result-${q.id}`}
            title={
              <span style={{ whiteSpace: 'normal' }}>
                {i + 1}. {q.title}
              </span>
            }
            extra={<Tag>{t(`polls.kind.${q.kind}`)}</Tag>}
          >
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('polls.results.answered', { n: r.answered })}
            </Typography.Text>
            <QuestionResultBody pollId={pollId} r={r} mine={mine} />
          </Card>
        );
      })}
    </Flex>
  );
}

function QuestionResultBody({ pollId, r, mine }: { pollId: string; r: QuestionResult; mine: boolean }) {
  if (r.kind === 'rating') return <RatingResult r={r} />;
  if (r.kind === 'text') return <TextResult pollId={pollId} questionId={r.questionId} mine={mine} />;
  if (r.kind === 'ranked') return <RankedResult r={r} />;
  return <ChoiceResult r={r} />;
}

function ChoiceResult({ r }: { r: Extract<QuestionResult, { kind: 'single' | 'multiple' }> }) {
  const { t } = useTranslation();
  const option = useMemo<EChartsOption>(
    () => ({
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: r.options.map((o) => o.label),
        axisLabel: { width: 120, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          data: r.options.map((o) => o.count),
          itemStyle: { color: '#cf1322' },
          label: { show: true, position: 'right' },
          barMaxWidth: 28,
        },
      ],
    }),
    [r],
  );
  return (
    <Flex vertical gap={8}>
      <EChart option={option} height={Math.max(120, r.options.length * 40 + 24)} testId="choice-chart" />
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={r.options}
        data-testid="choice-table"
        columns={[
          { title: t('polls.results.option'), dataIndex: 'label' },
          { title: t('polls.results.count'), dataIndex: 'count', align: 'right', width: 80 },
          {
            title: t('polls.results.percent'),
            align: 'right',
            width: 90,
            render: (_: unknown, o) => `${pct(o.count, r.answered)}%`,
          },
        ]}
      />
    </Flex>
  );
}

function RatingResult({ r }: { r: Extract<QuestionResult, { kind: 'rating' }> }) {
  const { t } = useTranslation();
  const option = useMemo<EChartsOption>(
    () => ({
      grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'category',
        data: r.distribution.map((_, i) => t('polls.results.scorePoint', { n: i + 1 })),
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          type: 'bar',
          data: r.distribution,
          itemStyle: { color: '#fa8c16' },
          label: { show: true, position: 'top' },
          barMaxWidth: 36,
        },
      ],
    }),
    [r, t],
  );
  return (
    <Flex vertical gap={4}>
      <Typography.Text strong data-testid="rating-mean">
        {r.mean === null ? t('polls.results.noMean') : t('polls.results.mean', { mean: r.mean.toFixed(2) })}
      </Typography.Text>
      <EChart option={option} height={200} testId="rating-chart" />
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="rating-distribution">
        {r.distribution.map((c, i) => `${t('polls.results.scorePoint', { n: i + 1 })}: ${c}`).join(' · ')}
      </Typography.Text>
    </Flex>
  );
}

function TextResult({ pollId, questionId, mine }: { pollId: string; questionId: string; mine: boolean }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const pageSize = 10;
  const q = useTextAnswers(pollId, mine, questionId, page, pageSize);
  return (
    <>
      <ErrorAlert error={q.error} />
      <List
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: t('polls.results.textEmpty') }}
        data-testid="text-answers"
        pagination={
          (q.data?.total ?? 0) > pageSize
            ? { current: page, pageSize, total: q.data?.total ?? 0, onChange: setPage, size: 'small' }
            : false
        }
        renderItem={(item) => (
          <List.Item>
            <Flex vertical gap={2} style={{ width: '100%' }}>
              <Typography.Text style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {item.text}
              </Typography.Text>
              {(item.respondent || item.at) && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {item.respondent}
                  {item.at ? ` · ${new Date(item.at).toLocaleString()}` : ''}
                </Typography.Text>
              )}
            </Flex>
          </List.Item>
        )}
      />
    </>
  );
}
