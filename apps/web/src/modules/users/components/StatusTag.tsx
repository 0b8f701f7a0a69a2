import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

export function StatusTag({ status }: { status?: string }) {
  const { t } = useTranslation();
  return status === 'disabled' ? (
    <Tag>{t('users.disabled')}</Tag>
  ) : (
    <Tag color="success">{t('users.active')}</Tag>
  );
}
