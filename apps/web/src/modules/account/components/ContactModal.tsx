import { useMutation } from '@tanstack/react-query';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { refreshMe } from '../../../shared/auth/session';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { PHONE_PATTERN } from '../../../shared/lib/patterns';
import { accountApi } from '../api';
import { useReauth } from './useReauth';

interface Values {
  email?: string;
  phone?: string;
}

/** Changes e-mail and/or phone, asking for the password first when the server wants it. */
export function ContactModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { withReauth, reauthModal } = useReauth();
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body: Values = {};
      if (v.email?.trim()) body.email = v.email.trim();
      if (v.phone?.trim()) body.phone = v.phone.replace(/[\s-]/g, '');
      return withReauth(() => accountApi.updateContact(body));
    },
    onSuccess: async () => {
      message.success(t('account.contactSaved'));
      form.resetFields();
      onClose();
      await refreshMe();
    },
  });
  return (
    <Modal
      open={open}
      title={t('account.changeContact')}
      onOk={() => form.submit()}
      onCancel={() => {
        save.reset();
        onClose();
      }}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'modal-ok' }}
      destroyOnHidden
    >
      {reauthModal}
      <Typography.Paragraph type="secondary">{t('account.contactHelp')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          if (v.email?.trim() || v.phone?.trim()) save.mutate(v);
          else onClose();
        }}
      >
        <Form.Item
          name="email"
          label={t('account.email')}
          rules={[{ type: 'email', message: t('account.emailInvalid') }]}
        >
          <Input type="email" autoComplete="email" data-testid="contact-email" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('account.phone')}
          rules={[
            {
              transform: (v?: string) => v?.replace(/[\s-]/g, ''),
              pattern: PHONE_PATTERN,
              message: t('account.phoneInvalid'),
            },
          ]}
        >
          <Input type="tel" inputMode="tel" autoComplete="tel" data-testid="contact-phone" />
        </Form.Item>
      </Form>
      <ErrorAlert error={save.error} />
    </Modal>
  );
}
