import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Dropdown, Flex, Segmented, Select, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { type CaseSummary, exportUrl, useCaseQueue } from '../api';
import { fmtTime, label, SlaTags, StateTag } from '../components/labels';

const TYPES = ['suggestion', 'demand', 'grievance', 'labour_dispute', 'injury'];
const DRILL_KEYS = [
  'originOrgId',
  'from',
  'to',
  'month',
  'location',
  'bodyPart',
  'state',
  'breached',
  'typeKey',
];

/** The handler queue; dashboard figures link here with their drill-down filters in the query. */
export default function CaseQueuePage() {
  const { t } = useTranslation();
  usePageTitle(t('cases.queue'));
  const [params, setParams] = useSearchParams();
  const view = params.get('view') ?? 'open';
  const page = Number(params.get('page') ?? 1);
  const query: Record<string, string | number | boolean | undefined> = { page, pageSize: 20 };
  for (const k of DRILL_KEYS) if (params.get(k)) query[k] = params.get(k)!;
  if (view === 'open' && !query.state) query.open = true;
  if (view === 'mine') query.mine = true;
  const q = useCaseQueue(query);
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    next.delete('page');
    setParams(next);
  };
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('cases.queue')}
        </Typography.Title>
        <Dropdown
          menu={{
            items: (['xlsx', 'csv'] as const).map((f) => ({
              key: f,
              label: (
                <a href={exportUrl(f, query)} download data-testid={`case-export-${f}`}>
                  {t(`cases.export.${f}`)}
                </a>
              ),
            })),
          }}
        >
          <Button icon={<DownloadOutlined />} data-testid="case-export">
            {t('cases.export.button')}
          </Button>
        </Dropdown>
      </Flex>
      {q.data && (
        <Typography.Text type="secondary" style={{ marginTop: -8 }}>
          {t('cases.export.help', { n: `${q.data.total}${q.data.totalCapped ? '+' : ''}` })}
        </Typography.Text>
      )}
      <Card size="small">
        <Flex gap={12} wrap>
          <Segmented
            value={view}
            onChange={(v) => set('view', String(v))}
            options={[
              { value: 'open', label: t('cases.open') },
              { value: 'mine', label: t('cases.mineOnly') },
              { value: 'all', label: t('cases.all') },
            ]}
          />
          <Select
            allowClear
            style={{ minWidth: 160 }}
            placeholder={t('cases.type')}
            value={params.get('typeKey') ?? undefined}
            onChange={(v) => set('typeKey', v)}
            options={TYPES.map((k) => ({ value: k, label: label(t, 'types', k) }))}
          />
        </Flex>
      </Card>
      <ErrorAlert error={q.error} />
      <Table<CaseSummary>
        rowKey="id"
        size="middle"
        loading={q.isLoading}
        dataSource={q.data?.items}
        data-testid="case-queue"
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize: 20,
          total: q.data?.total,
          onChange: (p) => {
            const next = new URLSearchParams(params);
            next.set('page', String(p));
            setParams(next);
          },
        }}
        columns={[
          {
            title: t('cases.ref'),
            dataIndex: 'ref',
            render: (v, c) => <Link to={`/console/cases/${c.id}`}>{v}</Link>,
          },
          { title: t('cases.title'), dataIndex: 'title', ellipsis: true },
          { title: t('cases.type'), dataIndex: 'typeKey', render: (v) => label(t, 'types', v) },
          {
            title: t('cases.state'),
            dataIndex: 'state',
            render: (_v, c) => (
              <Flex gap={4} wrap>
                <StateTag t={t} c={c} />
                <SlaTags t={t} c={c} />
              </Flex>
            ),
          },
          {
            title: t('cases.due'),
            render: (_v, c) => fmtTime(c.firstResponseDueAt ?? c.resolutionDueAt),
            responsive: ['md'],
          },
          { title: t('cases.createdAt'), dataIndex: 'createdAt', render: fmtTime, responsive: ['lg'] },
        ]}
      />
    </Flex>
  );
}
