import { useMutation } from '@tanstack/react-query';
import { Button, Form, Input, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { authApi } from '../api';
import { AuthCard } from '../components/AuthCard';

/** Asks for a reset link; the server answers 202 whether or not the account exists. */
export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t('reset.forgotTitle'));
  const request = useMutation({ mutationFn: (username: string) => authApi.requestReset(username.trim()) });
  return (
    <AuthCard
      title={t('reset.forgotTitle')}
      subtitle={request.isSuccess ? undefined : t('reset.forgotIntro')}
    >
      {request.isSuccess ? (
        <Result
          status="success"
          subTitle={t('reset.sent')}
          extra={<Link to="/login">{t('reset.backToLogin')}</Link>}
          style={{ padding: 0 }}
        />
      ) : (
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={(v: { username: string }) => request.mutate(v.username)}
        >
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input size="large" autoComplete="username" autoFocus />
          </Form.Item>
          <ErrorAlert error={request.error} style={{ marginBottom: 16 }} />
          <Button type="primary" htmlType="submit" size="large" block loading={request.isPending}>
            {t('reset.send')}
          </Button>
          <div style={{ marginTop: 16, textAlign: 'center' }}>
            <Link to="/login">{t('reset.backToLogin')}</Link>
          </div>
        </Form>
      )}
    </AuthCard>
  );
}
