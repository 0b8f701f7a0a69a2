import { Alert, Flex, Table, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../../shared/components/EChart';
import type { QuestionResult, TieBreak } from '../api';

type Ranked = Extract<QuestionResult, { kind: 'ranked' }>;
interface Round {
  round: number;
  tallies: Record<string, number>;
  exhausted: number;
}
const EXHAUSTED = '__exhausted';

/** Tallies shown to at most 3 decimals (STV fractions); whole numbers as they are. */
const fmt = (v: number | undefined) =>
  v === undefined ? '—' : Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);

/** Ranked-choice result: first preferences, the winner(s), and the counting round by round (table and chart). */
export function RankedResult({ r }: { r: Ranked }) {
  const { t } = useTranslation();
  const options = r.firstPreferences;
  const label = (id: string | null) => options.find((o) => o.id === id)?.label ?? id ?? '';
  const rounds: Round[] = useMemo(() => (r.method === 'stv' ? r.stv?.rounds : r.irv?.rounds) ?? [], [r]);
  const tie = (tb: TieBreak) =>
    tb === 'previous_rounds'
      ? t('polls.results.tieBreakPrev')
      : tb === 'option_order'
        ? t('polls.results.tieBreakOrder')
        : '';

  /** What happened in each round, in words. */
  const outcome = (i: number): string => {
    if (r.method === 'stv') {
      const s = r.stv?.rounds[i];
      if (!s) return '';
      if (s.action === 'elect')
        return (
          t('polls.results.electedInRound', { names: s.elected.map(label).join('、') }) + tie(s.tieBreak)
        );
      if (s.action === 'surplus')
        return t('polls.results.surplusFrom', { name: label(s.transferFrom), value: s.transferValue ?? '' });
      return t('polls.results.eliminated', { name: label(s.eliminated) }) + tie(s.tieBreak);
    }
    const s = r.irv?.rounds[i];
    if (!s) return '';
    if (s.winner) return t('polls.results.winner', { name: label(s.winner) });
    if (s.eliminated) return t('polls.results.eliminated', { name: label(s.eliminated) }) + tie(s.tieBreak);
    return '';
  };

  const chart = useMemo<EChartsOption>(
    () => ({
      grid: { left: 8, right: 8, top: 16, bottom: 40, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0, type: 'scroll' },
      xAxis: { type: 'category', data: rounds.map((x) => t('polls.results.round', { n: x.round })) },
      yAxis: { type: 'value' },
      series: options.map((o) => ({
        type: 'bar' as const,
        name: o.label,
        data: rounds.map((x) => x.tallies[o.id] ?? null),
        barMaxWidth: 24,
      })),
    }),
    [options, rounds, t],
  );

  const rows = [
    ...options.map((o) => ({ key: o.id, name: o.label })),
    { key: EXHAUSTED, name: t('polls.results.exhausted') },
  ];
  const elected = r.method === 'stv' ? (r.stv?.elected ?? []) : r.irv?.winner ? [r.irv.winner] : [];

  return (
    <Flex vertical gap={8} data-testid="ranked-result">
      {elected.length > 0 ? (
        <Alert
          type="success"
          showIcon
          data-testid="ranked-winner"
          title={
            r.method === 'stv'
              ? t('polls.results.elected', { seats: r.seats, names: elected.map(label).join('、') })
              : t('polls.results.winner', { name: label(elected[0] ?? null) })
          }
          description={
            r.method === 'stv' && r.stv
              ? t('polls.results.quota', { quota: r.stv.quota, valid: r.stv.valid })
              : undefined
          }
        />
      ) : (
        r.answered > 0 && <Alert type="info" showIcon title={t('polls.results.noWinner')} />
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('polls.results.firstPrefs')}：{options.map((o) => `${o.label} ${o.count}`).join(' · ')}
      </Typography.Text>
      {rounds.length > 0 && (
        <>
          <Typography.Text strong>{t('polls.results.rounds')}</Typography.Text>
          <Table
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={rows}
            scroll={{ x: true }}
            data-testid="rounds-table"
            columns={[
              { title: t('polls.results.option'), dataIndex: 'name', fixed: 'left' as const },
              ...rounds.map((x, i) => ({
                title: t('polls.results.round', { n: x.round }),
                key: `r${x.round}`,
                align: 'right' as const,
                render: (_: unknown, row: { key: string }) =>
                  row.key === EXHAUSTED ? fmt(x.exhausted) : <RoundCell r={r} i={i} id={row.key} />,
              })),
            ]}
          />
          <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid="rounds-outcomes">
            {rounds.map((x, i) => (
              <li key={x.round}>
                <Typography.Text type="secondary">{outcome(i)}</Typography.Text>
              </li>
            ))}
          </ol>
          <EChart option={chart} height={240} testId="rounds-chart" />
        </>
      )}
    </Flex>
  );
}

/** A tally in the rounds table: struck through when eliminated in that round, bold when elected. */
function RoundCell({ r, i, id }: { r: Ranked; i: number; id: string }) {
  if (r.method === 'stv') {
    const s = r.stv?.rounds[i];
    const v = s?.tallies[id];
    if (s?.eliminated === id) return <Typography.Text delete>{fmt(v)}</Typography.Text>;
    if (s?.elected.includes(id)) return <Typography.Text strong>{fmt(v)}</Typography.Text>;
    return <>{fmt(v)}</>;
  }
  const s = r.irv?.rounds[i];
  const v = s?.tallies[id];
  if (s?.eliminated === id) return <Typography.Text delete>{fmt(v)}</Typography.Text>;
  if (s?.winner === id) return <Typography.Text strong>{fmt(v)}</Typography.Text>;
  return <>{fmt(v)}</>;
}
