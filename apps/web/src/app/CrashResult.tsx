import { Button, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../shared/api/errors';
import { useErrorText } from '../shared/i18n/useErrorText';

/** Full-page error with the request ID for support and a reload button. */
export function CrashResult({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const text = useErrorText();
  const requestId = isApiError(error) ? error.requestId : undefined;
  return (
    <Result
      status="error"
      title={t('crash.title')}
      subTitle={isApiError(error) ? text(error) : t('crash.sub')}
      extra={[
        <Button type="primary" key="reload" onClick={() => window.location.reload()}>
          {t('crash.reload')}
        </Button>,
        <Button key="home" href="/">
          {t('common.backHome')}
        </Button>,
      ]}
    >
      {requestId && (
        <Typography.Paragraph style={{ textAlign: 'center', marginBottom: 0 }}>
          {t('common.requestId')}:{' '}
          <Typography.Text copyable code>
            {requestId}
          </Typography.Text>
        </Typography.Paragraph>
      )}
    </Result>
  );
}
