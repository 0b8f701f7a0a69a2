import { useMutation } from '@tanstack/react-query';
import { Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { authApi } from '../../auth/api';

interface Props {
  open: boolean;
  onDone: () => void;
  onCancel: () => void;
}

/** Asks for the password again (POST /api/auth/reauth) before a sensitive change. */
export function ReauthModal({ open, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ password: string }>();
  const reauth = useMutation({
    mutationFn: (password: string) => authApi.reauth(password),
    onSuccess: () => {
      form.resetFields();
      onDone();
    },
  });
  return (
    <Modal
      open={open}
      title={t('account.reauthTitle')}
      okText={t('account.reauthSubmit')}
      onOk={() => form.submit()}
      onCancel={() => {
        reauth.reset();
        form.resetFields();
        onCancel();
      }}
      confirmLoading={reauth.isPending}
      okButtonProps={{ 'data-testid': 'modal-ok' }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('account.reauthIntro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => reauth.mutate(v.password)}>
        <Form.Item
          name="password"
          label={t('login.password')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.Password autoComplete="current-password" autoFocus data-testid="reauth-password" />
        </Form.Item>
      </Form>
      <ErrorAlert error={reauth.error} />
    </Modal>
  );
}
