import { useMutation } from '@tanstack/react-query';
import { Button, Grid, Result, Steps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../../../shared/api/errors';
import { queryClient } from '../../../shared/api/queryClient';
import { refreshMe, setupStatusKey, useSetupStatus } from '../../../shared/auth/session';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useHashToken } from '../../../shared/lib/hashToken';
import { MfaEnroll } from '../../account';
import { AuthCard } from '../../auth/components/AuthCard';
import { type SetupBody, setupApi } from '../api';
import { type AdminValues, AdminStep } from '../components/AdminStep';
import { type OrgValues, OrgStep } from '../components/OrgStep';
import { TokenStep } from '../components/TokenStep';

/** Errors that mean the token itself was refused, so the wizard goes back to step 1. */
function isTokenError(e: unknown): boolean {
  return isApiError(e) && ((e.code.startsWith('setup.') && e.code.includes('token')) || e.status === 401);
}

export default function SetupPage() {
  const { t } = useTranslation();
  usePageTitle(t('setup.title'));
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const status = useSetupStatus();
  const hashToken = useHashToken('/setup');
  const [step, setStep] = useState(0);
  const [token, setToken] = useState(hashToken);
  const [org, setOrg] = useState<OrgValues>({ orgName: '', orgKind: 'grassroots' });
  const [admin, setAdmin] = useState<Partial<AdminValues>>({});

  const complete = useMutation({
    mutationFn: (body: SetupBody) => setupApi.complete(body),
    onSuccess: () => {
      queryClient.setQueryData(setupStatusKey, { needsSetup: false });
      setStep(3);
    },
    onError: (e) => {
      if (isTokenError(e)) setStep(0);
    },
  });

  if (status.data && !status.data.needsSetup && step < 3) {
    return (
      <AuthCard title={t('setup.title')}>
        <Result
          status="success"
          title={t('setup.alreadyDone')}
          subTitle={t('setup.alreadyDoneSub')}
          extra={
            <Link to="/login">
              <Button type="primary">{t('setup.toLogin')}</Button>
            </Link>
          }
          style={{ padding: 0 }}
        />
      </AuthCard>
    );
  }

  const finish = async () => {
    await refreshMe();
    navigate('/console', { replace: true });
  };

  return (
    <AuthCard title={t('setup.title')} subtitle={step === 0 ? t('setup.intro') : undefined} width={600}>
      <Steps
        current={step}
        size="small"
        orientation="horizontal"
        responsive={false}
        titlePlacement={screens.sm ? 'horizontal' : 'vertical'}
        style={{ marginBottom: 24 }}
        items={[
          { title: t('setup.stepToken') },
          { title: t('setup.stepOrg') },
          { title: t('setup.stepAdmin') },
          { title: t('setup.stepMfa') },
        ]}
      />
      {step === 0 && (
        <TokenStep
          initial={token}
          fromLink={!!hashToken && token === hashToken}
          error={isTokenError(complete.error) ? complete.error : null}
          onNext={(v) => {
            setToken(v);
            setStep(1);
          }}
        />
      )}
      {step === 1 && (
        <OrgStep
          initial={org}
          onBack={() => setStep(0)}
          onNext={(v) => {
            setOrg({ orgName: v.orgName.trim(), orgKind: v.orgKind });
            setStep(2);
          }}
        />
      )}
      {step === 2 && (
        <AdminStep
          initial={admin}
          unionName={org.orgName}
          pending={complete.isPending}
          error={complete.error}
          onBack={() => setStep(1)}
          onSubmit={(v) => {
            setAdmin({ ...v, password: '' });
            complete.mutate({
              token,
              ...org,
              ...v,
              username: v.username.trim(),
              displayName: v.displayName.trim(),
            });
          }}
        />
      )}
      {step === 3 && <MfaEnroll onDone={() => void finish()} finishTestId="setup-next" />}
    </AuthCard>
  );
}
