import { Button, Flex, Input, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { type MemberRow, useMembersForDues } from '../api';
import { MemberDuesDrawer } from '../components/MemberDuesDrawer';
import { OrgPicker } from '../components/OrgPicker';

/** Find a member, then declare wages, reductions, cash payments and corrections in the drawer. */
export default function DuesMembersPage() {
  const { t } = useTranslation();
  usePageTitle(t('dues.membersNav'));
  const [params] = useSearchParams();
  const [orgId, setOrgId] = useState<string | undefined>(params.get('orgId') ?? undefined);
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<string>();
  const list = useMembersForDues(orgId, q);
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('dues.members.title')}
      </Typography.Title>
      <Flex gap={8} wrap>
        <OrgPicker value={orgId} onChange={setOrgId} />
        <Input.Search
          allowClear
          placeholder={t('dues.members.search')}
          onSearch={setQ}
          style={{ width: 240 }}
        />
      </Flex>
      <ErrorAlert error={list.error} />
      {orgId && (
        <Table<MemberRow>
          size="small"
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('dues.members.memberNo'), dataIndex: 'memberNo' },
            { title: t('dues.members.name'), dataIndex: 'name' },
            { title: t('dues.org'), dataIndex: 'orgName' },
            {
              title: '',
              render: (_, r) => (
                <Button size="small" type="link" data-testid="dues-member-open" onClick={() => setOpen(r.id)}>
                  {t('dues.members.open')}
                </Button>
              ),
            },
          ]}
        />
      )}
      <MemberDuesDrawer memberId={open} onClose={() => setOpen(undefined)} />
    </Flex>
  );
}
