import { useTranslation } from 'react-i18next';
import { errorText } from './errorText';

/** Hook form of errorText bound to the current language. */
export function useErrorText(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return (error) => errorText(t, (k) => i18n.exists(k), error);
}
