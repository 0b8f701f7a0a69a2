import { Alert, App, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../../shared/components/FormModal';
import { OrgTreeSelect } from '../../orgs';
import { memberApi, type OfficerAction, useMemberMutation } from '../api';
import { ReasonFields } from './ReasonFields';

export type BulkAction = OfficerAction | 'move';

/** One action on every selected member: all succeed or nothing changes. */
export function BulkModal({
  ids,
  action,
  onClose,
}: {
  ids: string[];
  action: BulkAction | null;
  onClose: (done?: boolean) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const run = useMemberMutation((v: { reason: string; orgId?: string }) =>
    memberApi.bulk(ids, action!, v.reason.trim(), v.orgId),
  );
  return (
    <FormModal<{ reason: string; orgId?: string }>
      open={!!action}
      title={
        action ? t('members.bulkTitle', { action: t(`members.action.${action}`), count: ids.length }) : ''
      }
      pending={run.isPending}
      error={run.error}
      onCancel={() => {
        run.reset();
        onClose();
      }}
      onSubmit={(v) =>
        run.mutate(v, {
          onSuccess: (r) => {
            message.success(t('members.bulkDone', { count: r.updated }));
            onClose(true);
          },
        })
      }
    >
      <Alert type="info" showIcon title={t('members.bulkHelp')} style={{ marginBottom: 16 }} />
      {action === 'move' && (
        <Form.Item
          name="orgId"
          label={t('members.moveTo')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <OrgTreeSelect selectable={(n) => ['grassroots', 'branch', 'group'].includes(n.kind)} />
        </Form.Item>
      )}
      <ReasonFields />
    </FormModal>
  );
}
