import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { useRetryCountdown } from './useRetryCountdown';

export interface PasswordValues {
  username: string;
  password: string;
}

interface Props {
  pending: boolean;
  error: unknown;
  onSubmit: (values: PasswordValues) => void;
}

/** First login step: username and password. */
export function PasswordStep({ pending, error, onSubmit }: Props) {
  const { t } = useTranslation();
  const wait = useRetryCountdown(error);
  return (
    <Form<PasswordValues> layout="vertical" onFinish={onSubmit} requiredMark={false} size="large">
      <Form.Item
        name="username"
        label={t('login.username')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('login.password')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Input.Password
          prefix={<LockOutlined />}
          autoComplete="current-password"
          data-testid="login-password"
        />
      </Form.Item>
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Button
        type="primary"
        htmlType="submit"
        block
        loading={pending}
        disabled={wait > 0}
        data-testid="login-submit"
      >
        {wait > 0 ? t('login.waitSeconds', { seconds: wait }) : t('login.submit')}
      </Button>
      <div style={{ marginTop: 16, textAlign: 'center' }}>
        <Link to="/forgot-password">{t('login.forgot')}</Link>
      </div>
    </Form>
  );
}
