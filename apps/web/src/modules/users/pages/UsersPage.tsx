import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '../../../shared/api/types';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { OrgTreeSelect, useOrgs } from '../../orgs';
import { useUserList } from '../api';
import { CreateUserModal } from '../components/CreateUserModal';
import { StatusTag } from '../components/StatusTag';
import { UserDrawer } from '../components/UserDrawer';

export default function UsersPage() {
  const { t } = useTranslation();
  usePageTitle(t('users.title'));
  const [q, setQ] = useState('');
  const [orgId, setOrgId] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const list = useUserList({ q: q || undefined, orgId, page, pageSize });
  const orgs = useOrgs().data ?? [];
  const orgName = (u: UserSummary) => u.orgName ?? orgs.find((o) => o.id === u.orgId)?.name ?? '—';

  return (
    <Flex vertical gap={16}>
      <Flex align="center" justify="space-between" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('users.title')}
        </Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="user-create"
        >
          {t('users.create')}
        </Button>
      </Flex>
      <Card styles={{ body: { padding: 12 } }}>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('users.search')}
            maxLength={100}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
            style={{ flex: '1 1 220px', maxWidth: 360 }}
            data-testid="user-search"
          />
          <OrgTreeSelect
            allowClear
            placeholder={t('users.orgFilter')}
            aria-label={t('users.orgFilter')}
            value={orgId}
            onChange={(v) => {
              setOrgId(v);
              setPage(1);
            }}
            style={{ flex: '1 1 220px', maxWidth: 320 }}
            data-testid="user-org-filter"
          />
        </Flex>
        <ErrorAlert error={list.error} style={{ marginBottom: 12 }} />
        <Table<UserSummary>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          onRow={(u) => ({ onClick: () => setOpenId(u.id), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('users.total', { total }),
            onChange: (p, s) => {
              setPage(p);
              setPageSize(s);
            },
          }}
          columns={[
            {
              title: t('users.displayName'),
              dataIndex: 'displayName',
              render: (v: string, u) => (
                <Flex gap={6} align="center">
                  <Typography.Text strong>{v}</Typography.Text>
                  {u.isOfficer && <Tag color="red">{t('users.officer')}</Tag>}
                </Flex>
              ),
            },
            {
              title: t('users.username'),
              dataIndex: 'username',
              render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
            },
            { title: t('users.org'), key: 'org', render: (_, u) => orgName(u), responsive: ['md'] },
            {
              title: t('users.email'),
              dataIndex: 'emailMasked',
              render: (v?: string | null) => v || '—',
              responsive: ['lg'],
            },
            {
              title: t('users.status'),
              dataIndex: 'status',
              render: (s?: string) => <StatusTag status={s} />,
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, u) => (
                <Button
                  type="link"
                  size="small"
                  onClick={() => setOpenId(u.id)}
                  data-testid="user-view"
                  style={{ padding: 0 }}
                >
                  {t('users.view')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <CreateUserModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(u) => setOpenId(u.id)}
      />
      <UserDrawer userId={openId} onClose={() => setOpenId(null)} />
    </Flex>
  );
}
