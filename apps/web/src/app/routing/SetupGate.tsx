import { Button, Result } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useSetupStatus } from '../../shared/auth/session';
import { Loading } from '../../shared/components/Loading';
import { useErrorText } from '../../shared/i18n/useErrorText';

/** Root route: while the install needs setup, every path leads to /setup (keeping #token=…). */
export function SetupGate() {
  const { t } = useTranslation();
  const text = useErrorText();
  const status = useSetupStatus();
  const location = useLocation();
  if (status.isPending) return <Loading full />;
  if (status.isError) {
    return (
      <Result
        status="warning"
        title={text(status.error)}
        extra={
          <Button type="primary" onClick={() => void status.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (status.data.needsSetup && location.pathname !== '/setup') {
    return <Navigate to={{ pathname: '/setup', hash: location.hash }} replace />;
  }
  return (
    <Suspense fallback={<Loading full />}>
      <Outlet />
    </Suspense>
  );
}
