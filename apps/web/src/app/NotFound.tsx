import { Button, Card, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../shared/components/usePageTitle';

export function NotFound() {
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));
  return (
    <Card style={{ width: '100%', maxWidth: 640, alignSelf: 'flex-start', margin: '0 auto' }}>
      <Result
        status="404"
        title={t('notFound.title')}
        subTitle={t('notFound.sub')}
        extra={
          <Link to="/">
            <Button type="primary">{t('common.backHome')}</Button>
          </Link>
        }
      />
    </Card>
  );
}
