import { Button, Flex, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { PasswordHints, passwordRules } from '../../../shared/components/PasswordHints';
import { USERNAME_PATTERN } from '../../../shared/lib/patterns';

export interface AdminValues {
  username: string;
  displayName: string;
  email?: string;
  password: string;
}

interface Props {
  initial: Partial<AdminValues>;
  unionName: string;
  pending: boolean;
  error: unknown;
  onBack: () => void;
  onSubmit: (v: AdminValues) => void;
}

/** Step 3: the first administrator, with live password hints; submitting runs the setup. */
export function AdminStep({ initial, unionName, pending, error, onBack, onSubmit }: Props) {
  const { t } = useTranslation();
  const [pw, setPw] = useState(initial.password ?? '');
  const [form] = Form.useForm<AdminValues>();
  const username = Form.useWatch('username', form);
  const ctx = { unionNames: [unionName], username };
  const required = { required: true, whitespace: true, message: t('common.required') };
  return (
    <Form<AdminValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={initial}
      onFinish={onSubmit}
    >
      <Form.Item
        name="username"
        label={t('setup.username')}
        extra={t('setup.usernameHelp')}
        rules={[required, { pattern: USERNAME_PATTERN, message: t('setup.usernameHelp') }]}
      >
        <Input autoComplete="username" autoFocus data-testid="setup-username" />
      </Form.Item>
      <Form.Item name="displayName" label={t('setup.displayName')} rules={[required, { max: 100 }]}>
        <Input autoComplete="name" data-testid="setup-display-name" />
      </Form.Item>
      <Form.Item
        name="email"
        label={`${t('setup.email')}${t('common.optional')}`}
        extra={t('setup.emailHelp')}
        rules={[{ type: 'email', message: t('account.emailInvalid') }]}
      >
        <Input type="email" autoComplete="email" data-testid="setup-email" />
      </Form.Item>
      <Form.Item name="password" label={t('setup.password')} rules={passwordRules(t, ctx)}>
        <Input.Password
          autoComplete="new-password"
          onChange={(e) => setPw(e.target.value)}
          data-testid="setup-password"
        />
      </Form.Item>
      <PasswordHints password={pw} {...ctx} />
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Flex gap={8}>
        <Button size="large" onClick={onBack} disabled={pending} data-testid="setup-back">
          {t('common.back')}
        </Button>
        <Button
          type="primary"
          size="large"
          htmlType="submit"
          loading={pending}
          style={{ flex: 1 }}
          data-testid="setup-next"
        >
          {t('setup.create')}
        </Button>
      </Flex>
    </Form>
  );
}
