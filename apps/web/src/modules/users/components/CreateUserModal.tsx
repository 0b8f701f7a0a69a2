import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '../../../shared/api/types';
import { FormModal } from '../../../shared/components/FormModal';
import { type CreateUserBody, usersApi, useUsersMutation } from '../api';
import { CreateUserFields } from './CreateUserFields';

interface Props {
  open: boolean;
  onClose: () => void;
  onCreated: (u: UserSummary) => void;
}

/** New user: username, name, optional e-mail, organisation and an initial password. */
export function CreateUserModal({ open, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const create = useUsersMutation(
    (v: CreateUserBody) =>
      usersApi.create({
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        ...(v.email?.trim() ? { email: v.email.trim() } : {}),
        orgId: v.orgId,
        password: v.password,
      }),
    (u) => {
      message.success(t('users.created'));
      onClose();
      onCreated(u);
    },
  );
  return (
    <FormModal<CreateUserBody>
      open={open}
      title={t('users.create')}
      pending={create.isPending}
      error={create.error}
      onCancel={() => {
        create.reset();
        onClose();
      }}
      onSubmit={(v) => create.mutate(v)}
    >
      <CreateUserFields />
    </FormModal>
  );
}
