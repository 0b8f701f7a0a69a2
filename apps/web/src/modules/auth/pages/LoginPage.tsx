import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import type { Me } from '../../../shared/api/types';
import { homePathFor, logout, refreshMe, useMe } from '../../../shared/auth/session';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { authApi } from '../api';
import { AuthCard } from '../components/AuthCard';
import { MfaStep } from '../components/MfaStep';
import { type PasswordValues, PasswordStep } from '../components/PasswordStep';

/** Where to go after login: the page the user wanted, unless MFA set-up must come first. */
function nextPath(me: Me, from: string | undefined): string {
  const home = homePathFor(me);
  if (home === '/account/mfa' || !from || from === '/login') return home;
  return from;
}

export default function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('login.title'));
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  const me = useMe();
  const [mfaStep, setMfaStep] = useState(false);

  const finish = async () => {
    const fresh = await refreshMe();
    if (fresh) navigate(nextPath(fresh, from), { replace: true });
  };

  const login = useMutation({
    mutationFn: (v: PasswordValues) => authApi.login(v.username.trim(), v.password),
    onSuccess: async (res) => {
      if (res.status === 'mfa_required') setMfaStep(true);
      else await finish();
    },
  });
  const verify = useMutation({ mutationFn: authApi.verifyMfa, onSuccess: finish });

  if (me.isPending) return <Loading />;
  const user = me.data?.user;
  // A session that passed every factor has nothing to do here.
  if (user && !(user.mfaEnabled && !user.mfaPassed) && !login.isPending && !verify.isPending) {
    return <Navigate to={nextPath(me.data as Me, from)} replace />;
  }
  const showMfa = mfaStep || (!!user && user.mfaEnabled && !user.mfaPassed);

  return showMfa ? (
    <AuthCard title={t('login.mfaTitle')} subtitle={t('login.mfaIntro')}>
      <MfaStep
        pending={verify.isPending}
        error={verify.error}
        onSubmit={(body) => verify.mutate(body)}
        onRestart={() => {
          setMfaStep(false);
          login.reset();
          verify.reset();
          void logout();
        }}
      />
    </AuthCard>
  ) : (
    <AuthCard title={t('login.title')} subtitle={t('login.subtitle')}>
      <PasswordStep pending={login.isPending} error={login.error} onSubmit={(v) => login.mutate(v)} />
    </AuthCard>
  );
}
