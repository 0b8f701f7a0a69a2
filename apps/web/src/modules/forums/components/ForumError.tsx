import { Alert } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../shared/api/errors';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';

/**
 * Errors of the forum pages, told in forum terms (posting too fast, locked thread); every other code
 * goes through the shared ErrorAlert (its translation under `errors.<code>`, e.g. banned or
 * sensitive-word codes).
 */
export function ForumError({ error, style }: { error: unknown; style?: React.CSSProperties }) {
  const { t } = useTranslation();
  if (!isApiError(error)) return <ErrorAlert error={error} style={style} />;
  let text: string | null = null;
  if (error.status === 429) {
    const s = error.retryAfterSeconds;
    text =
      s === undefined
        ? t('forums.errors.rateLimitedNoWait')
        : t('forums.errors.rateLimited', { seconds: Math.max(1, Math.ceil(s)) });
  } else if (error.code === 'forum.banned') {
    const until = typeof error.details?.until === 'string' ? dayjs(error.details.until) : null;
    text = until?.isValid()
      ? t('forums.errors.banned', { until: until.format('YYYY-MM-DD HH:mm') })
      : t('errors.forum.banned');
  } else if (error.code === 'forum.locked') text = t('forums.errors.locked');
  else if (error.code === 'not_found') text = t('forums.errors.notFound');
  if (!text) return <ErrorAlert error={error} style={style} />;
  return <Alert type="warning" showIcon role="alert" style={style} title={text} data-testid="forum-error" />;
}
