import type { TFunction } from 'i18next';
import { isApiError } from '../api/errors';

/**
 * A message for the user that says what went wrong and what to do next: the translation of
 * `errors.<code>` when there is one, otherwise the server's message with a generic next step.
 */
export function errorText(t: TFunction, i18nExists: (key: string) => boolean, error: unknown): string {
  if (!isApiError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return t('errors.fallback', { message });
  }
  if (error.code === 'auth.rate_limited' || error.status === 429) {
    const seconds = error.retryAfterSeconds;
    return seconds === undefined
      ? t('errors.auth.rate_limited_nowait')
      : t('errors.auth.rate_limited', { seconds: Math.ceil(seconds) });
  }
  if (error.code === 'auth.password_policy') {
    const problems = Array.isArray(error.details?.problems) ? (error.details.problems as unknown[]) : [];
    if (problems.length === 0) return t('errors.auth.password_policy_generic');
    const sep = t('common.listSeparator');
    const text = problems
      .map((p) => t(`passwordProblems.${String(p)}`, { defaultValue: String(p) }))
      .join(sep);
    return t('errors.auth.password_policy', { problems: text });
  }
  const key = `errors.${error.code}`;
  if (i18nExists(key)) return t(key, { ...error.details });
  if (error.status >= 500) return t('errors.internal');
  if (error.status === 403) return t('errors.forbidden');
  if (error.status === 404) return t('errors.not_found');
  return t('errors.fallback', { message: error.message.replace(/[.。]\s*$/, '') });
}
