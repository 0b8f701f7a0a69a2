import { Card, Drawer, Empty, Flex, Input, Table, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { addMonths, type CollectionItem, thisPeriod, useCollection, useDrill, yuan } from '../api';
import { EChart } from '../../../shared/components/EChart';
import { OrgPicker } from '../components/OrgPicker';

/** Collection rate in whole tenths of a percent, from integers (no float sums of money). */
const rate = (paid: number, due: number) => (due === 0 ? null : Math.round((paid * 1000) / due) / 10);

/** Collection rate by unit and month in the caller's subtree; every figure opens its members. */
export default function DuesDashboardPage() {
  const { t } = useTranslation();
  usePageTitle(t('dues.dashboardNav'));
  const [params] = useSearchParams();
  const [orgId, setOrgId] = useState<string | undefined>(params.get('orgId') ?? undefined);
  const [to, setTo] = useState(thisPeriod());
  const [from, setFrom] = useState(addMonths(thisPeriod(), -5));
  const [drill, setDrill] = useState<{ unitId: string; unitName: string; period: string }>();
  const q = useCollection(orgId, from, to);
  const members = useDrill(drill?.unitId, drill?.period);
  const items = q.data?.items ?? [];
  const chart = useMemo(() => {
    const periods = [...new Set(items.map((i) => i.period))].sort();
    const units = [...new Map(items.map((i) => [i.unitId, i.unitName])).entries()];
    const option: EChartsOption = {
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v == null ? '—' : `${v}%`) },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 40, right: 16, top: 16, bottom: 48 },
      xAxis: { type: 'category', data: periods },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: units.map(([id, name]) => ({
        type: 'line',
        name,
        data: periods.map((p) => {
          const i = items.find((x) => x.unitId === id && x.period === p);
          return i ? rate(i.paidFen, i.dueFen) : null;
        }),
      })),
    };
    return { option, periods, units };
  }, [items]);
  const totals = items.reduce((a, i) => ({ due: a.due + i.dueFen, paid: a.paid + i.paidFen }), {
    due: 0,
    paid: 0,
  });
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('dues.dashboard.title')}
      </Typography.Title>
      <Flex gap={8} wrap align="center">
        <OrgPicker value={orgId} onChange={setOrgId} />
        <Input
          type="month"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          aria-label={t('dues.dashboard.from')}
          style={{ width: 160 }}
        />
        <Input
          type="month"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          aria-label={t('dues.dashboard.to')}
          style={{ width: 160 }}
        />
      </Flex>
      <ErrorAlert error={q.error} />
      {orgId && q.data && items.length === 0 && <Empty description={t('dues.dashboard.empty')} />}
      {items.length > 0 && (
        <>
          <Flex gap={12} wrap>
            <Card size="small">
              <Typography.Text type="secondary">{t('dues.dashboard.rate')}</Typography.Text>
              <div style={{ fontSize: 28, fontWeight: 600 }} data-testid="dues-rate">
                {rate(totals.paid, totals.due) ?? '—'}%
              </div>
            </Card>
            <Card size="small">
              <Typography.Text type="secondary">{t('dues.due')}</Typography.Text>
              <div style={{ fontSize: 28, fontWeight: 600 }}>{yuan(totals.due)}</div>
            </Card>
            <Card size="small">
              <Typography.Text type="secondary">{t('dues.paid')}</Typography.Text>
              <div style={{ fontSize: 28, fontWeight: 600 }}>{yuan(totals.paid)}</div>
            </Card>
          </Flex>
          <Card
            size="small"
            title={t('dues.dashboard.rateByMonth')}
            extra={<Typography.Text type="secondary">{t('dues.dashboard.clickHint')}</Typography.Text>}
          >
            <EChart
              option={chart.option}
              testId="dues-chart"
              onClick={(p) => {
                const period = chart.periods[p.dataIndex];
                const unit = chart.units[p.seriesIndex];
                if (period && unit) setDrill({ unitId: unit[0], unitName: unit[1], period });
              }}
            />
          </Card>
          <Card size="small" title={t('dues.dashboard.table')}>
            <Table<CollectionItem>
              size="small"
              rowKey={(r) => `${r.unitId}-${r.period}`}
              dataSource={items}
              pagination={{ pageSize: 24 }}
              scroll={{ x: true }}
              onRow={(r) => ({ onClick: () => setDrill(r), style: { cursor: 'pointer' } })}
              columns={[
                { title: t('dues.dashboard.unit'), dataIndex: 'unitName' },
                { title: t('dues.period'), dataIndex: 'period' },
                { title: t('dues.dashboard.members'), dataIndex: 'members', align: 'right' },
                { title: t('dues.due'), align: 'right', render: (_, r) => yuan(r.dueFen) },
                { title: t('dues.paid'), align: 'right', render: (_, r) => yuan(r.paidFen) },
                {
                  title: t('dues.dashboard.rate'),
                  align: 'right',
                  render: (_, r) => (
                    <span data-testid={`dues-rate-${r.unitId}-${r.period}`}>
                      {rate(r.paidFen, r.dueFen) ?? '—'}%
                    </span>
                  ),
                },
              ]}
            />
          </Card>
        </>
      )}
      <Drawer
        open={!!drill}
        onClose={() => setDrill(undefined)}
        size="large"
        title={drill ? t('dues.dashboard.drill', { unit: drill.unitName, period: drill.period }) : ''}
      >
        <ErrorAlert error={members.error} />
        <Table
          size="small"
          rowKey="memberId"
          loading={members.isLoading}
          dataSource={members.data?.items ?? []}
          pagination={false}
          columns={[
            { title: t('dues.members.memberNo'), dataIndex: 'memberNo' },
            { title: t('dues.members.name'), dataIndex: 'name' },
            { title: t('dues.org'), dataIndex: 'orgName' },
            { title: t('dues.due'), align: 'right', render: (_, r) => yuan(r.dueFen) },
            { title: t('dues.paid'), align: 'right', render: (_, r) => yuan(r.paidFen) },
          ]}
        />
      </Drawer>
    </Flex>
  );
}
