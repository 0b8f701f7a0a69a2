import { PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasPermission, useMe } from '../../../shared/auth/session';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useElections } from '../api';
import { CreateElectionModal } from '../components/CreateElectionModal';
import { ElectionCard } from '../components/ElectionCard';

/**
 * Officers and observers: elections in scope with their counts and ceremony progress; administrators
 * create elections, nominate, announce and close; everyone in scope sees results and the record.
 */
export default function ElectionsConsolePage() {
  const { t } = useTranslation();
  usePageTitle(t('elections.console.title'));
  const q = useElections();
  const me = useMe().data;
  const canAdminister = hasPermission(me, 'elections.administer');
  const [creating, setCreating] = useState(false);
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: '8px 4px 0' }}>
          {t('elections.console.title')}
        </Typography.Title>
        {canAdminister && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="create-election"
          >
            {t('elections.console.create')}
          </Button>
        )}
      </Flex>
      {q.isLoading && <Loading />}
      <ErrorAlert error={q.error} />
      {q.data?.items.length === 0 && <Empty />}
      {q.data?.items.map((e) => (
        <ElectionCard key={e.id} e={e} canAdminister={canAdminister} />
      ))}
      <CreateElectionModal open={creating} onClose={() => setCreating(false)} />
    </Flex>
  );
}
