import { useMutation } from '@tanstack/react-query';
import { App, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { refreshMe, useMe } from '../../../shared/auth/session';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { PasswordHints, passwordRules } from '../../../shared/components/PasswordHints';
import { authApi } from '../../auth/api';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Change password with the current one; the server signs out every other session. */
export function ChangePasswordCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [pw, setPw] = useState('');
  const me = useMe().data;
  const ctx = { username: me?.user.username, unionNames: [me?.user.orgName ?? ''] };
  const change = useMutation({
    mutationFn: (v: Values) => authApi.changePassword(v.currentPassword, v.newPassword),
    onSuccess: async () => {
      message.success(t('account.passwordChanged'));
      form.resetFields();
      setPw('');
      await refreshMe();
    },
  });
  return (
    <Card title={t('account.changePassword')}>
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => change.mutate(v)}
        style={{ maxWidth: 420 }}
      >
        <Form.Item
          name="currentPassword"
          label={t('account.currentPassword')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.Password autoComplete="current-password" data-testid="password-current" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('account.newPassword')} rules={passwordRules(t, ctx)}>
          <Input.Password
            autoComplete="new-password"
            onChange={(e) => setPw(e.target.value)}
            data-testid="password-new"
          />
        </Form.Item>
        <PasswordHints password={pw} {...ctx} />
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('newPassword') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-confirm" />
        </Form.Item>
        <ErrorAlert error={change.error} style={{ marginBottom: 16 }} />
        <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="password-submit">
          {t('account.changePassword')}
        </Button>
      </Form>
    </Card>
  );
}
