import { Alert, Card, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../shared/api/errors';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useMyHistory } from '../myApi';
import { History } from '../components/History';
import { MyNav } from '../components/MyNav';

/** 我的会籍: the member's own history, across transfers between unions. */
export default function MyMembershipPage() {
  const { t } = useTranslation();
  usePageTitle(t('myMembership.history'));
  const history = useMyHistory();
  const noRecord = isApiError(history.error) && history.error.status === 404;
  return (
    <Flex vertical gap={16}>
      <MyNav />
      {history.isPending && <Loading />}
      {noRecord ? (
        <Alert type="info" showIcon title={t('myMembership.noRecord')} />
      ) : (
        <ErrorAlert error={history.error} />
      )}
      {history.data && (
        <Card title={t('members.history')}>
          <History events={history.data.items} />
        </Card>
      )}
    </Flex>
  );
}
