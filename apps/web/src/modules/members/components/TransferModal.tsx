import { useQuery } from '@tanstack/react-query';
import { Alert, App, Form, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../../shared/components/FormModal';
import { memberApi, type MemberView, useMemberMutation } from '../api';
import { ReasonFields } from './ReasonFields';

/** Requests a transfer to another grassroots union (which then approves or declines it). */
export function TransferModal({
  member,
  open,
  onClose,
}: {
  member: MemberView;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const unions = useQuery({
    queryKey: ['member-unions', q],
    queryFn: () => memberApi.unions(q || undefined),
    enabled: open,
  });
  const run = useMemberMutation((v: { toOrgId: string; reason: string }) =>
    memberApi.transfer(member.id, v.toOrgId, v.reason.trim()),
  );
  return (
    <FormModal<{ toOrgId: string; reason: string }>
      open={open}
      title={`${t('members.action.transfer')} · ${member.name}`}
      pending={run.isPending}
      error={run.error}
      onCancel={() => {
        run.reset();
        onClose();
      }}
      onSubmit={(v) =>
        run.mutate(v, {
          onSuccess: () => {
            message.success(t('members.saved'));
            onClose();
          },
        })
      }
    >
      <Alert type="info" showIcon title={t('members.transferHelp')} style={{ marginBottom: 16 }} />
      <Form.Item
        name="toOrgId"
        label={t('members.transferTo')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Select
          showSearch={{ filterOption: false, onSearch: setQ }}
          loading={unions.isFetching}
          options={(unions.data?.items ?? [])
            .filter((u) => u.id !== member.unionId)
            .map((u) => ({ value: u.id, label: u.name }))}
        />
      </Form.Item>
      <ReasonFields />
    </FormModal>
  );
}
