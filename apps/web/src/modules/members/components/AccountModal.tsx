import { Alert, App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../../shared/components/FormModal';
import { USERNAME_PATTERN } from '../../../shared/lib/patterns';
import { memberApi, type MemberView, useMemberMutation } from '../api';

/** Creates the member's portal login; the member chooses the password through an e-mailed link. */
export function AccountModal({
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
  const run = useMemberMutation((v: { username: string }) =>
    memberApi.createAccount(member.id, v.username.trim()),
  );
  return (
    <FormModal<{ username: string }>
      open={open}
      title={`${t('members.createAccount')} · ${member.name}`}
      pending={run.isPending}
      error={run.error}
      onCancel={() => {
        run.reset();
        onClose();
      }}
      onSubmit={(v) =>
        run.mutate(v, {
          onSuccess: (r) => {
            message.success(
              t(r.invited ? 'members.accountCreated' : 'members.accountNoEmail', { username: r.username }),
            );
            onClose();
          },
        })
      }
    >
      <Alert type="info" showIcon title={t('members.accountHelp')} style={{ marginBottom: 16 }} />
      <Form.Item
        name="username"
        label={t('members.username')}
        rules={[
          { required: true, message: t('common.required') },
          { pattern: USERNAME_PATTERN, message: t('common.required') },
        ]}
      >
        <Input maxLength={64} autoComplete="off" data-testid="member-username" />
      </Form.Item>
    </FormModal>
  );
}
