import { useMutation } from '@tanstack/react-query';
import { Button, Form, Input, Result } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { PasswordHints, passwordRules } from '../../../shared/components/PasswordHints';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useHashToken } from '../../../shared/lib/hashToken';
import { authApi } from '../api';
import { AuthCard } from '../components/AuthCard';

/** Sets a new password from an emailed link of the form /reset-password#token=… */
export default function ResetPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t('reset.resetTitle'));
  const token = useHashToken('/reset-password');
  const [password, setPassword] = useState('');
  const reset = useMutation({ mutationFn: (pw: string) => authApi.resetPassword(token, pw) });

  if (!token) {
    return (
      <AuthCard title={t('reset.resetTitle')}>
        <Result status="warning" subTitle={t('reset.missingToken')} style={{ padding: 0 }} />
        <Link to="/forgot-password">{t('reset.forgotTitle')}</Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t('reset.resetTitle')}>
      {reset.isSuccess ? (
        <Result
          status="success"
          subTitle={t('reset.done')}
          extra={<Link to="/login">{t('reset.backToLogin')}</Link>}
          style={{ padding: 0 }}
        />
      ) : (
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={(v: { password: string }) => reset.mutate(v.password)}
        >
          <Form.Item name="password" label={t('reset.newPassword')} rules={passwordRules(t)}>
            <Input.Password
              size="large"
              autoComplete="new-password"
              onChange={(e) => setPassword(e.target.value)}
            />
          </Form.Item>
          <PasswordHints password={password} />
          <ErrorAlert error={reset.error} style={{ marginBottom: 16 }} />
          <Button type="primary" htmlType="submit" size="large" block loading={reset.isPending}>
            {t('reset.submit')}
          </Button>
        </Form>
      )}
    </AuthCard>
  );
}
