import { App, Button, Flex, InputNumber, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { useMe } from '../../../shared/auth/session';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { type ArrearsItem, duesApi, useArrears, useDuesMutation, yuan } from '../api';
import { MemberDuesDrawer } from '../components/MemberDuesDrawer';
import { OrgPicker } from '../components/OrgPicker';

/** Members owing for at least N months in the chosen subtree, and the reminder action. */
export default function ArrearsPage() {
  const { t } = useTranslation();
  usePageTitle(t('dues.arrearsNav'));
  const { message } = App.useApp();
  const me = useMe().data;
  const canManage = !!me?.abilities.permissions.includes('finance.manage');
  const [params] = useSearchParams();
  const [orgId, setOrgId] = useState<string | undefined>(params.get('orgId') ?? undefined);
  const [minMonths, setMinMonths] = useState(1);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string>();
  const q = useArrears(orgId, minMonths, page);
  const remind = useDuesMutation(duesApi.remind);
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('dues.arrears.title')}
      </Typography.Title>
      <Flex gap={8} wrap align="center">
        <OrgPicker value={orgId} onChange={setOrgId} />
        <span>{t('dues.arrears.minMonths')}</span>
        <InputNumber
          min={1}
          max={120}
          precision={0}
          value={minMonths}
          onChange={(v) => setMinMonths(v ?? 1)}
          aria-label={t('dues.arrears.minMonths')}
        />
        {canManage && (
          <Popconfirm
            title={t('dues.arrears.remindConfirm')}
            onConfirm={() =>
              remind.mutate(
                { orgId: orgId!, minMonths },
                { onSuccess: (r) => void message.success(t('dues.arrears.reminded', r)) },
              )
            }
          >
            <Button
              type="primary"
              disabled={!orgId || !q.data?.total}
              loading={remind.isPending}
              data-testid="send-reminders"
            >
              {t('dues.arrears.remind')}
            </Button>
          </Popconfirm>
        )}
      </Flex>
      <ErrorAlert error={q.error ?? remind.error} />
      {orgId && (
        <Table<ArrearsItem>
          size="small"
          rowKey="memberId"
          loading={q.isLoading}
          dataSource={q.data?.items ?? []}
          locale={{ emptyText: t('dues.arrears.empty') }}
          scroll={{ x: true }}
          onRow={(r) => ({ onClick: () => setOpen(r.memberId), style: { cursor: 'pointer' } })}
          pagination={{ current: page, pageSize: 50, total: q.data?.total ?? 0, onChange: setPage }}
          columns={[
            { title: t('dues.members.memberNo'), dataIndex: 'memberNo' },
            {
              title: t('dues.members.name'),
              render: (_, r) => (
                <span>
                  {r.name} {!r.hasAccount && <Tag>{t('dues.arrears.noAccount')}</Tag>}
                </span>
              ),
            },
            { title: t('dues.org'), dataIndex: 'orgName' },
            { title: t('dues.arrears.months'), dataIndex: 'months', align: 'right' },
            { title: t('dues.owed'), align: 'right', render: (_, r) => yuan(r.owedFen) },
            { title: t('dues.arrears.oldest'), dataIndex: 'oldestPeriod' },
          ]}
        />
      )}
      <MemberDuesDrawer memberId={open} onClose={() => setOpen(undefined)} />
    </Flex>
  );
}
