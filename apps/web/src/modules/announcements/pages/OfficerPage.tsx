import { Button, Card, Flex, Progress, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { type Announcement, useOfficerAnnouncements, useReadRates, useUpdateAnnouncement } from '../api';
import { ComposeCard } from '../components/ComposeCard';

const pct = (r: number) => Math.round(r * 1000) / 10;

/** 公告管理: compose and publish (now or scheduled) to an org subtree or groups; read rates per org. */
export default function OfficerPage() {
  const { t } = useTranslation();
  usePageTitle(t('announcements.manage'));
  const list = useOfficerAnnouncements();
  const update = useUpdateAnnouncement();
  const [selected, setSelected] = useState<string | null>(null);
  const rates = useReadRates(selected);

  return (
    <Flex vertical gap={16}>
      <ComposeCard onSaved={(a) => setSelected(a.id)} />
      <Card title={t('announcements.manage')}>
        <ErrorAlert error={list.error ?? update.error} />
        <Table<Announcement>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          pagination={false}
          onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer' } })}
          rowClassName={(r) => (r.id === selected ? 'ant-table-row-selected' : '')}
          columns={[
            {
              title: t('announcements.titleField'),
              dataIndex: 'title',
              render: (v: string, r) => (
                <span>
                  {r.pinned ? '📌 ' : ''}
                  {v}
                </span>
              ),
            },
            { title: t('announcements.audience'), dataIndex: 'orgName' },
            {
              title: t('announcements.status'),
              dataIndex: 'status',
              render: (s: string, r) => (
                <Tag color={s === 'published' ? 'green' : s === 'draft' ? 'default' : 'red'}>
                  {r.status === 'published' && r.publishAt && dayjs(r.publishAt).isAfter(dayjs())
                    ? t('announcements.scheduled')
                    : t(`announcements.statuses.${s}`)}
                </Tag>
              ),
            },
            { title: t('announcements.reads'), dataIndex: 'reads' },
            {
              title: t('common.actions'),
              render: (_: unknown, r) =>
                r.status === 'draft' ? (
                  <Button
                    size="small"
                    onClick={() => update.mutate({ id: r.id, patch: { action: 'publish' } })}
                  >
                    {t('announcements.publish')}
                  </Button>
                ) : r.status === 'published' ? (
                  <Button
                    size="small"
                    danger
                    onClick={() => update.mutate({ id: r.id, patch: { action: 'withdraw' } })}
                  >
                    {t('announcements.withdraw')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      {selected && (
        <Card title={t('announcements.readRate')} data-testid="read-rates">
          <ErrorAlert error={rates.error} />
          {rates.data && (
            <Flex vertical gap={8}>
              <Typography.Text data-testid="read-rate-total">
                {t('announcements.readSummary', {
                  readers: rates.data.readers,
                  audience: rates.data.audience,
                  rate: pct(rates.data.rate),
                })}
              </Typography.Text>
              <Progress percent={pct(rates.data.rate)} />
              <Table
                rowKey="orgId"
                size="small"
                pagination={false}
                dataSource={rates.data.orgs}
                columns={[
                  { title: t('announcements.org'), dataIndex: 'orgName' },
                  {
                    title: t('announcements.readers'),
                    render: (_: unknown, o) => `${o.readers} / ${o.audience}`,
                  },
                  { title: t('announcements.readRate'), render: (_: unknown, o) => `${pct(o.rate)}%` },
                ]}
              />
            </Flex>
          )}
        </Card>
      )}
    </Flex>
  );
}
