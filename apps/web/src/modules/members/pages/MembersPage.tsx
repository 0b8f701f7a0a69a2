import {
  DownloadOutlined,
  DownOutlined,
  FilterOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { Button, Card, DatePicker, Dropdown, Flex, Input, Select, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { OrgTreeSelect } from '../../orgs';
import {
  EDUCATION,
  type MemberFilter,
  type MemberListItem,
  type MemberStatus,
  STATUSES,
  useMemberList,
} from '../api';
import { BulkModal, type BulkAction } from '../components/BulkModal';
import { ExportModal } from '../components/ExportModal';
import { MemberDrawer } from '../components/MemberDrawer';
import { MemberForm } from '../components/MemberForm';
import { StatusTag, usePermissions } from '../labels';

const BULK: BulkAction[] = ['move', 'approve', 'retain', 'reactivate', 'leave'];

/** The officer's registry: server-side filters, search, sort and pages; selection for bulk actions. */
export default function MembersPage() {
  const { t } = useTranslation();
  usePageTitle(t('members.title'));
  const perms = usePermissions();
  const [filter, setFilter] = useState<MemberFilter>({ sort: '-joinDate' });
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [more, setMore] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [bulk, setBulk] = useState<BulkAction | null>(null);
  const list = useMemberList({ ...filter, page, pageSize });
  const set = (patch: Partial<MemberFilter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const total = list.data?.total ?? 0;
  const write = perms.has('members.write');

  return (
    <Flex vertical gap={16}>
      <Flex align="center" justify="space-between" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('members.title')}
        </Typography.Title>
        <Flex gap={8} wrap>
          {perms.has('members.import') && (
            <Link to="/console/members/import">
              <Button icon={<UploadOutlined />} data-testid="members-import">
                {t('members.import')}
              </Button>
            </Link>
          )}
          {perms.has('members.export') && (
            <Button
              icon={<DownloadOutlined />}
              onClick={() => setExporting(true)}
              data-testid="members-export"
            >
              {t('members.export')}
            </Button>
          )}
          {write && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="member-create"
            >
              {t('members.create')}
            </Button>
          )}
        </Flex>
      </Flex>
      <Card styles={{ body: { padding: 12 } }}>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('members.searchPlaceholder')}
            maxLength={60}
            onSearch={(v) => set({ q: v.trim() || undefined })}
            style={{ flex: '2 1 260px', maxWidth: 380 }}
            data-testid="member-search"
          />
          <OrgTreeSelect
            allowClear
            placeholder={t('members.filters.org')}
            value={filter.orgId}
            onChange={(v) => set({ orgId: v })}
            style={{ flex: '1 1 180px', maxWidth: 260 }}
          />
          <Select<MemberStatus[]>
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder={t('members.filters.status')}
            value={filter.status ?? []}
            onChange={(v) => set({ status: v.length ? v : undefined })}
            options={STATUSES.map((s) => ({ value: s, label: t(`members.status.${s}`) }))}
            style={{ flex: '1 1 160px', maxWidth: 260 }}
            data-testid="member-status-filter"
          />
          <Select
            value={filter.sort}
            onChange={(v) => set({ sort: v })}
            options={[
              { value: '-joinDate', label: t('members.sort.joinDesc') },
              { value: 'joinDate', label: t('members.sort.joinAsc') },
              { value: 'name', label: t('members.sort.name') },
              { value: 'memberNo', label: t('members.sort.memberNo') },
            ]}
            style={{ flex: '1 1 150px', maxWidth: 200 }}
          />
          <Button
            icon={<FilterOutlined />}
            type={more ? 'primary' : 'default'}
            ghost={more}
            onClick={() => setMore(!more)}
          >
            {t('members.filters.more')}
          </Button>
        </Flex>
        {more && (
          <Flex gap={8} wrap style={{ marginBottom: 12 }}>
            <Select
              allowClear
              placeholder={t('members.filters.gender')}
              value={filter.gender}
              onChange={(v) => set({ gender: v })}
              options={(['male', 'female'] as const).map((g) => ({
                value: g,
                label: t(`members.gender.${g}`),
              }))}
              style={{ width: 110 }}
            />
            <Select
              allowClear
              placeholder={t('members.filters.education')}
              value={filter.education}
              onChange={(v) => set({ education: v })}
              options={EDUCATION.map((e) => ({ value: e, label: t(`members.education.${e}`) }))}
              style={{ width: 140 }}
            />
            <Input
              allowClear
              placeholder={t('members.filters.employer')}
              onChange={(e) => set({ employer: e.target.value.trim() || undefined })}
              style={{ width: 200 }}
            />
            <DatePicker.RangePicker
              placeholder={[t('members.filters.joined'), t('members.filters.joined')]}
              onChange={(r: [Dayjs | null, Dayjs | null] | null) =>
                set({ joinedFrom: r?.[0]?.format('YYYY-MM-DD'), joinedTo: r?.[1]?.format('YYYY-MM-DD') })
              }
            />
          </Flex>
        )}
        {selected.length > 0 && write && (
          <Flex
            gap={8}
            align="center"
            wrap
            style={{ marginBottom: 12, padding: '6px 10px', background: '#fff7e6', borderRadius: 6 }}
          >
            <Typography.Text strong>{t('members.selected', { count: selected.length })}</Typography.Text>
            <Dropdown
              menu={{
                items: BULK.map((a) => ({ key: a, label: t(`members.action.${a}`) })),
                onClick: ({ key }) => setBulk(key as BulkAction),
              }}
            >
              <Button size="small" data-testid="member-bulk">
                {t('common.actions')} <DownOutlined />
              </Button>
            </Dropdown>
            <Button size="small" type="link" onClick={() => setSelected([])}>
              {t('members.clearSelection')}
            </Button>
          </Flex>
        )}
        <ErrorAlert error={list.error} style={{ marginBottom: 12 }} />
        <Table<MemberListItem>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('members.empty') }}
          rowSelection={
            write
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys as string[]),
                  preserveSelectedRowKeys: true,
                }
              : undefined
          }
          onRow={(m) => ({ onClick: () => setOpenId(m.id), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize,
            total,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (n) =>
              list.data?.totalExact !== false
                ? t('members.total', { total: n })
                : n >= 10_000
                  ? t('members.totalCapped', { total: n })
                  : t('members.totalEstimate', { total: n }),
            onChange: (p, s) => {
              setPage(p);
              setPageSize(s);
            },
          }}
          columns={[
            {
              title: t('members.col.name'),
              dataIndex: 'name',
              render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
              fixed: 'left',
            },
            { title: t('members.col.memberNo'), dataIndex: 'memberNo', responsive: ['sm'] },
            {
              title: t('members.col.status'),
              dataIndex: 'status',
              render: (s: MemberStatus) => <StatusTag status={s} />,
            },
            {
              title: t('members.col.gender'),
              dataIndex: 'gender',
              render: (g: string) => t(`members.gender.${g}`),
              responsive: ['md'],
            },
            { title: t('members.col.org'), dataIndex: 'orgName', responsive: ['md'] },
            {
              title: t('members.col.employer'),
              dataIndex: 'employer',
              render: (v?: string) => v ?? '—',
              responsive: ['lg'],
            },
            {
              title: t('members.col.phone'),
              dataIndex: 'phoneMasked',
              render: (v?: string) => v ?? '—',
              responsive: ['lg'],
            },
            {
              title: t('members.col.joinDate'),
              dataIndex: 'joinDate',
              render: (v?: string) => v ?? '—',
              responsive: ['sm'],
            },
          ]}
        />
      </Card>
      <MemberDrawer memberId={openId} onClose={() => setOpenId(null)} />
      <MemberForm
        open={creating}
        onClose={(m) => {
          setCreating(false);
          if (m) setOpenId(m.id);
        }}
      />
      <ExportModal
        open={exporting}
        filter={filter}
        selected={selected}
        canReveal={perms.has('members.pii.reveal')}
        onClose={() => setExporting(false)}
      />
      <BulkModal
        ids={selected}
        action={bulk}
        onClose={(done) => {
          setBulk(null);
          if (done) setSelected([]);
        }}
      />
    </Flex>
  );
}
