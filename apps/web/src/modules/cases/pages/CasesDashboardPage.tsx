import { WarningOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Flex, List, Row, Segmented, Statistic, Tag, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { type Drill, useDashboard, useHotspots } from '../api';
import { EChart } from '../../../shared/components/EChart';
import { label } from '../components/labels';

const drillUrl = (d: Drill) => `/console/cases?view=all&${new URLSearchParams(d)}`;

/** Officer dashboard over their subtree; every figure opens the cases behind it. */
export default function CasesDashboardPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('cases.dashboardNav'));
  const navigate = useNavigate();
  const d = useDashboard();
  const [dimension, setDimension] = useState('unit');
  const h = useHotspots(dimension, 'injury');
  const data = d.data;
  const byMonth = useMemo(() => {
    if (!data) return null;
    const months = [...new Set(data.byTypeMonth.map((r) => r.month))].sort();
    const types = [...new Set(data.byTypeMonth.map((r) => r.typeKey))];
    const option: EChartsOption = {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 48 },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', minInterval: 1 },
      series: types.map((k) => ({
        type: 'bar',
        stack: 'all',
        name: label(t, 'types', k),
        data: months.map((m) => data.byTypeMonth.find((r) => r.month === m && r.typeKey === k)?.count ?? 0),
      })),
    };
    return { option, months, types };
  }, [data, t]);
  const byOrg = useMemo<EChartsOption | null>(
    () =>
      data
        ? {
            tooltip: {},
            grid: { left: 120, right: 16, top: 8, bottom: 24 },
            xAxis: { type: 'value', minInterval: 1 },
            yAxis: {
              type: 'category',
              data: data.byOrg
                .slice(0, 15)
                .map((o) => o.orgName)
                .reverse(),
            },
            series: [
              {
                type: 'bar',
                data: data.byOrg
                  .slice(0, 15)
                  .map((o) => o.count)
                  .reverse(),
                itemStyle: { color: '#c8102e' },
              },
            ],
          }
        : null,
    [data],
  );
  const backlog = useMemo<EChartsOption | null>(
    () =>
      data
        ? {
            tooltip: {},
            series: [
              {
                type: 'pie',
                radius: ['40%', '70%'],
                data: data.backlog.map((b) => ({ name: label(t, 'states', b.state), value: b.count })),
              },
            ],
          }
        : null,
    [data, t],
  );
  if (d.isLoading) return <Loading />;
  if (!data) return <ErrorAlert error={d.error} />;
  const s = data.summary;
  const stats: { key: string; title: string; value: string | number; drill?: Drill }[] = [
    {
      key: 'total',
      title: t('cases.summary.total'),
      value: s.total,
      drill: { from: data.range.from, to: data.range.to },
    },
    {
      key: 'open',
      title: t('cases.summary.open'),
      value: s.open,
      drill: { from: data.range.from, to: data.range.to },
    },
    {
      key: 'breach',
      title: t('cases.summary.breachRate'),
      value: s.slaBreachRate === null ? '—' : `${Math.round(s.slaBreachRate * 1000) / 10}%`,
      drill: { breached: 'true', from: data.range.from, to: data.range.to },
    },
    { key: 'fr', title: t('cases.summary.firstResponse'), value: s.medianFirstResponseHours ?? '—' },
    { key: 'res', title: t('cases.summary.resolution'), value: s.avgResolutionHours ?? '—' },
    { key: 'sat', title: t('cases.summary.satisfaction'), value: s.satisfaction ?? '—' },
  ];
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('cases.dashboardNav')}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        {stats.map((x) => (
          <Col key={x.key} xs={12} md={8} xl={4}>
            <Card size="small" hoverable={!!x.drill} onClick={() => x.drill && navigate(drillUrl(x.drill))}>
              <Statistic title={x.title} value={x.value} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card
        size="small"
        title={
          <span>
            <WarningOutlined style={{ color: '#c8102e' }} /> {t('cases.earlyWarning')} ·{' '}
            {label(t, 'types', 'injury')}
          </span>
        }
        extra={
          <Segmented
            size="small"
            value={dimension}
            onChange={(v) => setDimension(String(v))}
            options={['unit', 'department', 'location', 'body_part'].map((k) => ({
              value: k,
              label: t(`cases.dimension.${k}`),
            }))}
          />
        }
      >
        <ErrorAlert error={h.error} />
        <List
          data-testid="early-warning"
          dataSource={h.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('cases.empty')} /> }}
          renderItem={(i) => (
            <List.Item
              data-testid="early-warning-item"
              actions={[
                <Link key="drill" to={drillUrl(i.drill)}>
                  {t('cases.viewCases')}
                </Link>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Flex gap={6} wrap align="center">
                    <span>{dimension === 'unit' ? i.label : label(t, 'option', i.label)}</span>
                    <Tag>
                      {i.smoothedPer100} {t('cases.perHundred')} ({t('cases.smoothed')})
                    </Tag>
                    {i.above && <Tag color="red">{t('cases.aboveExpected')}</Tag>}
                    {i.rising && <Tag color="orange">{t('cases.rising')}</Tag>}
                  </Flex>
                }
                description={i18n.language === 'en' ? i.explanation.en : i.explanation.zh}
              />
            </List.Item>
          )}
        />
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('cases.byTypeMonth')}>
            {byMonth && (
              <EChart
                option={byMonth.option}
                testId="chart-by-month"
                onClick={(p) => {
                  const month = byMonth.months[p.dataIndex];
                  const typeKey = byMonth.types[p.seriesIndex];
                  if (month && typeKey) navigate(drillUrl({ month, typeKey }));
                }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('cases.byOrg')}>
            {byOrg && (
              <EChart
                option={byOrg}
                onClick={(p) => {
                  const top = data.byOrg.slice(0, 15).reverse()[p.dataIndex];
                  if (top) navigate(drillUrl(top.drill));
                }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('cases.backlog')}>
            {backlog && (
              <EChart
                option={backlog}
                onClick={(p) => {
                  const b = data.backlog[p.dataIndex];
                  if (b) navigate(drillUrl(b.drill));
                }}
              />
            )}
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
