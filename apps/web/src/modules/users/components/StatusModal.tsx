import { Alert, App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '../../../shared/api/types';
import { FormModal } from '../../../shared/components/FormModal';
import { reasonRules } from '../../../shared/lib/patterns';
import { usersApi, useUsersMutation } from '../api';

interface Props {
  user: UserSummary;
  open: boolean;
  onClose: () => void;
}

/** Disable or enable an account, with the reason the audit log records. */
export function StatusModal({ user, open, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const enable = user.status === 'disabled';
  const change = useUsersMutation(
    (v: { reason: string }) => usersApi.setStatus(user.id, enable, v.reason.trim()),
    () => {
      message.success(t('users.statusChanged'));
      onClose();
    },
  );
  return (
    <FormModal<{ reason: string }>
      open={open}
      title={`${enable ? t('users.enable') : t('users.disable')} · ${user.displayName}`}
      okText={enable ? t('users.enable') : t('users.disable')}
      danger={!enable}
      pending={change.isPending}
      error={change.error}
      onCancel={() => {
        change.reset();
        onClose();
      }}
      onSubmit={(v) => change.mutate(v)}
    >
      <Alert
        type={enable ? 'info' : 'warning'}
        showIcon
        title={enable ? t('users.enableIntro') : t('users.disableIntro')}
        style={{ marginBottom: 16 }}
      />
      <Form.Item
        name="reason"
        label={t('users.reason')}
        rules={reasonRules(t('common.required'), t('common.reasonTooShort'))}
      >
        <Input.TextArea rows={3} maxLength={500} showCount data-testid="user-status-reason" />
      </Form.Item>
    </FormModal>
  );
}
