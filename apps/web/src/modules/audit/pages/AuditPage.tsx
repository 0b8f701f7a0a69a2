import { Button, Card, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../../../shared/api/types';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useAuditEvents } from '../api';
import { AuditFiltersBar, type FilterState } from '../components/AuditFiltersBar';
import { VerifyChain } from '../components/VerifyChain';

export default function AuditPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('audit.title'));
  const [filters, setFilters] = useState<FilterState>({ action: '', actorId: '', range: null });
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const events = useAuditEvents({
    action: filters.action || undefined,
    actorId: filters.actorId || undefined,
    from: filters.range?.[0]?.toISOString(),
    to: filters.range?.[1]?.toISOString(),
    page,
    pageSize,
  });
  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  const update = (next: FilterState) => {
    setFilters(next);
    setPage(1);
  };

  return (
    <Flex vertical gap={16}>
      <Flex align="center" justify="space-between" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('audit.title')}
        </Typography.Title>
        <VerifyChain />
      </Flex>
      <Card styles={{ body: { padding: 12 } }}>
        <div style={{ marginBottom: 12 }}>
          <AuditFiltersBar value={filters} onChange={update} />
        </div>
        <ErrorAlert error={events.error} style={{ marginBottom: 12 }} />
        <Table<AuditEvent>
          rowKey="seq"
          size="small"
          loading={events.isFetching}
          dataSource={events.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          expandable={{
            rowExpandable: (e) => !!e.details && Object.keys(e.details).length > 0,
            expandedRowRender: (e) => (
              <pre
                className="uh-mono"
                style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
              >
                {JSON.stringify(e.details, null, 2)}
              </pre>
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: events.data?.total ?? 0,
            showSizeChanger: true,
            onChange: (p, s) => {
              setPage(p);
              setPageSize(s);
            },
          }}
          columns={[
            { title: t('audit.seq'), dataIndex: 'seq', width: 72, responsive: ['md'] },
            { title: t('audit.at'), dataIndex: 'at', render: (v: string) => fmt.format(new Date(v)) },
            {
              title: t('audit.action'),
              dataIndex: 'action',
              render: (v: string) => <Tag className="uh-mono">{v}</Tag>,
            },
            {
              title: t('audit.actor'),
              key: 'actor',
              render: (_, e) =>
                e.actorId ? (
                  <Tooltip title={t('audit.filterByActor')}>
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0 }}
                      onClick={() => update({ ...filters, actorId: e.actorId ?? '' })}
                    >
                      {e.actorName ?? e.actorId}
                    </Button>
                  </Tooltip>
                ) : (
                  '—'
                ),
            },
            {
              title: t('audit.target'),
              key: 'target',
              responsive: ['md'],
              render: (_, e) =>
                e.targetType ? `${e.targetType}${e.targetId ? ` · ${e.targetId}` : ''}` : '—',
            },
            {
              title: t('audit.ip'),
              dataIndex: 'ip',
              responsive: ['lg'],
              render: (v: string | null) => v ?? '—',
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
