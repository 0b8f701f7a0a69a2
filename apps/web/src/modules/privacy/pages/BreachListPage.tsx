/** Console: personal-information breach incidents in scope, with the 72-hour clock; record a new one. */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Flex, Form, Input, Select, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { FormModal } from '../../../shared/components/FormModal';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { type BreachSummary, useBreaches, useBreachMutations } from '../breach.api';
import { BreachClock, BreachStatusTag } from './BreachParts';

const fmt = (s: string) => dayjs(s).format('YYYY-MM-DD HH:mm');

interface NewValues {
  orgId: string;
  title: string;
  discoveredAt: Dayjs;
  description?: string;
}

export default function BreachListPage() {
  const { t } = useTranslation();
  usePageTitle(t('privacy.breach.title'));
  const navigate = useNavigate();
  const q = useBreaches();
  const m = useBreachMutations();
  const [creating, setCreating] = useState(false);
  const orgs = q.data?.orgs ?? [];

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('privacy.breach.title')}
        </Typography.Title>
        {orgs.length > 0 && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="breach-new"
          >
            {t('privacy.breach.new')}
          </Button>
        )}
      </Flex>
      <Alert type="info" showIcon title={t('privacy.breach.intro')} />
      <ErrorAlert error={q.error} />
      <Table<BreachSummary>
        rowKey="id"
        loading={q.isPending}
        dataSource={q.data?.items}
        scroll={{ x: 820 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('privacy.breach.empty') }}
        columns={[
          {
            title: t('privacy.breach.titleLabel'),
            key: 'title',
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <Link to={`/console/privacy/breaches/${r.id}`} data-testid={`breach-${r.id}`}>
                  {r.title}
                </Link>
                <Typography.Text type="secondary">{r.orgName}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('privacy.breach.statusLabel'),
            key: 's',
            render: (_, r) => <BreachStatusTag status={r.status} />,
          },
          { title: t('privacy.breach.discoveredAt'), key: 'd', render: (_, r) => fmt(r.discoveredAt) },
          {
            title: t('privacy.breach.deadline'),
            key: 'clock',
            render: (_, r) => <BreachClock breach={r} compact />,
          },
          {
            title: t('privacy.breach.affected'),
            key: 'a',
            align: 'right',
            render: (_, r) =>
              r.affected === null ? (
                <Typography.Text type="secondary">{t('privacy.breach.notComputed')}</Typography.Text>
              ) : (
                r.affected
              ),
          },
        ]}
      />
      <FormModal<NewValues>
        open={creating}
        title={t('privacy.breach.newTitle')}
        okText={t('privacy.breach.new')}
        pending={m.create.isPending}
        error={m.create.error}
        initialValues={{ orgId: orgs[0]?.id, discoveredAt: dayjs() }}
        onCancel={() => {
          setCreating(false);
          m.create.reset();
        }}
        onSubmit={(v) =>
          m.create.mutate(
            {
              orgId: v.orgId,
              title: v.title.trim(),
              description: v.description?.trim() || undefined,
              discoveredAt: v.discoveredAt.toISOString(),
            },
            {
              onSuccess: (d) => {
                setCreating(false);
                navigate(`/console/privacy/breaches/${d.id}`);
              },
            },
          )
        }
      >
        <Form.Item
          name="orgId"
          label={t('privacy.breach.org')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            options={orgs.map((o) => ({
              value: o.id,
              label: `${'　'.repeat(Math.max(0, o.depth - (orgs[0]?.depth ?? 0)))}${o.name}`,
            }))}
            data-testid="breach-org"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('privacy.breach.titleLabel')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input
            maxLength={200}
            placeholder={t('privacy.breach.titlePlaceholder')}
            data-testid="breach-title"
          />
        </Form.Item>
        <Form.Item
          name="discoveredAt"
          label={t('privacy.breach.discoveredAt')}
          extra={t('privacy.breach.discoveredHint')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item name="description" label={t('privacy.breach.fields.description')}>
          <Input.TextArea
            rows={3}
            maxLength={5000}
            placeholder={t('privacy.breach.placeholders.description')}
          />
        </Form.Item>
      </FormModal>
    </Flex>
  );
}
