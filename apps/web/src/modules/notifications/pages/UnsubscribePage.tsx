import { Button, Card, Result } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../shared/api/client';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';

/**
 * One-click unsubscribe landing page (/unsubscribe#<token>): the token stays in the fragment, so it is
 * never sent in a URL to the server or logged; the button POSTs it. No sign-in needed.
 */
export default function UnsubscribePage() {
  const { t } = useTranslation();
  const token = decodeURIComponent(location.hash.replace(/^#/, ''));
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (done) return <Result status="success" title={t('notifications.unsubscribe.done')} />;
  return (
    <Card title={t('notifications.unsubscribe.title')}>
      <ErrorAlert error={error} />
      <p>{t('notifications.unsubscribe.explain')}</p>
      <Button
        type="primary"
        disabled={!token}
        onClick={() =>
          api
            .post(`/notifications/unsubscribe/${encodeURIComponent(token)}`, {}, { redirectOn401: false })
            .then(() => setDone(true), setError)
        }
      >
        {t('notifications.unsubscribe.confirm')}
      </Button>
    </Card>
  );
}
