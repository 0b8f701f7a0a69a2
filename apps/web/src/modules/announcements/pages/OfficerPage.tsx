import {
  Button,
  Card,
  Checkbox,
  DatePicker,
  Flex,
  Form,
  Input,
  Progress,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useOrgs } from '../../orgs/api';
import {
  type Announcement,
  useCreateAnnouncement,
  useOfficerAnnouncements,
  useReadRates,
  useUpdateAnnouncement,
} from '../api';

type FormValues = {
  orgId: string;
  title: string;
  body: string;
  publishAt?: Dayjs | null;
  expiresAt?: Dayjs | null;
  pinned?: boolean;
};

const pct = (r: number) => Math.round(r * 1000) / 10;

/** 公告管理: compose and publish (now or scheduled) to an org subtree; read rates per org. */
export default function OfficerPage() {
  const { t } = useTranslation();
  usePageTitle(t('announcements.manage'));
  const [form] = Form.useForm<FormValues>();
  const orgs = useOrgs();
  const list = useOfficerAnnouncements();
  const create = useCreateAnnouncement();
  const update = useUpdateAnnouncement();
  const [selected, setSelected] = useState<string | null>(null);
  const rates = useReadRates(selected);

  const submit = (publish: boolean) =>
    form.validateFields().then((v) =>
      create.mutate(
        {
          orgId: v.orgId,
          title: v.title,
          body: v.body,
          publish,
          ...(v.publishAt ? { publishAt: v.publishAt.toISOString() } : {}),
          ...(v.expiresAt ? { expiresAt: v.expiresAt.toISOString() } : {}),
          pinned: !!v.pinned,
        },
        {
          onSuccess: (a) => {
            form.resetFields();
            setSelected(a.id);
          },
        },
      ),
    );

  return (
    <Flex vertical gap={16}>
      <Card title={t('announcements.compose')}>
        <ErrorAlert error={create.error} />
        <Form form={form} layout="vertical" requiredMark={false}>
          <Form.Item name="orgId" label={t('announcements.audience')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              loading={orgs.isPending}
              options={(orgs.data ?? [])
                .filter((o) => o.status === 'active')
                .map((o) => ({ value: o.id, label: `${'　'.repeat(o.depth)}${o.name}` }))}
              data-testid="announcement-org"
            />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('announcements.titleField')}
            rules={[{ required: true, max: 200 }]}
          >
            <Input data-testid="announcement-title" />
          </Form.Item>
          <Form.Item
            name="body"
            label={t('announcements.body')}
            extra={t('announcements.bodyHint')}
            rules={[{ required: true }]}
          >
            <Input.TextArea rows={6} data-testid="announcement-body-input" />
          </Form.Item>
          <Flex gap={16} wrap>
            <Form.Item name="publishAt" label={t('announcements.publishAt')}>
              <DatePicker showTime />
            </Form.Item>
            <Form.Item name="expiresAt" label={t('announcements.expiresAt')}>
              <DatePicker showTime />
            </Form.Item>
            <Form.Item name="pinned" valuePropName="checked" label=" ">
              <Checkbox>{t('announcements.pin')}</Checkbox>
            </Form.Item>
          </Flex>
          <Flex gap={8}>
            <Button
              type="primary"
              loading={create.isPending}
              onClick={() => void submit(true)}
              data-testid="announcement-publish"
            >
              {t('announcements.publish')}
            </Button>
            <Button loading={create.isPending} onClick={() => void submit(false)}>
              {t('announcements.saveDraft')}
            </Button>
          </Flex>
        </Form>
      </Card>
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
