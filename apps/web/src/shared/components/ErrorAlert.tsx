import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/errors';
import { isReauthCancelled } from '../auth/reauth';
import { useErrorText } from '../i18n/useErrorText';

/** An inline error that tells the user what to do next, with the request ID for support. */
export function ErrorAlert({ error, style }: { error: unknown; style?: React.CSSProperties }) {
  const { t } = useTranslation();
  const text = useErrorText();
  if (!error || isReauthCancelled(error)) return null;
  const requestId = isApiError(error) ? error.requestId : undefined;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={style}
      title={
        <>
          <div>{text(error)}</div>
          {requestId && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('common.requestId')}:{' '}
              <Typography.Text copyable={{ text: requestId }} style={{ fontSize: 12 }}>
                {requestId}
              </Typography.Text>
            </Typography.Text>
          )}
        </>
      }
    />
  );
}
