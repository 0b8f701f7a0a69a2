import { App, Button, Card, Result, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { refreshMe, useMe } from '../../../shared/auth/session';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { MfaEnroll } from '../components/MfaEnroll';

/** /account/mfa: where officers without a second factor are sent, and members may opt in. */
export default function MfaEnrolPage() {
  const { t } = useTranslation();
  usePageTitle(t('mfa.title'));
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useMe().data;
  // Decided once: after activation `me` changes, and the recovery codes must stay on screen.
  const [alreadyOn] = useState(() => !!me?.user.mfaEnabled);
  const done = async () => {
    const fresh = await refreshMe();
    message.success(t('mfa.doneMsg'));
    navigate(fresh?.user.isOfficer ? '/console' : '/account', { replace: true });
  };
  // Enrolling again switches the current factor off until a new code confirms it: never start
  // that just because someone opened this address.
  if (alreadyOn && me) {
    return (
      <Card>
        <Result
          status="success"
          title={t('mfa.alreadyOn')}
          subTitle={t('account.mfaDisableNote')}
          extra={
            <Link to={me.user.isOfficer ? '/console' : '/account'}>
              <Button type="primary">{t('common.backHome')}</Button>
            </Link>
          }
        />
      </Card>
    );
  }
  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('mfa.title')}
      </Typography.Title>
      {me?.user.mfaRequired && (
        <Typography.Paragraph type="secondary">{t('mfa.pageIntro')}</Typography.Paragraph>
      )}
      <MfaEnroll onDone={() => void done()} />
    </Card>
  );
}
