/** The pay button in the dues page's slot: creates an order for everything owed and opens it. */
import { WechatOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { PayDuesButtonSlotProps } from '../dues';
import { ErrorAlert } from '../../shared/components/ErrorAlert';
import { useCreateOrder, yuan } from './api';

export function PayDuesButton({ owedFen }: PayDuesButtonSlotProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateOrder();
  return (
    <>
      <Button
        type="primary"
        size="large"
        block
        icon={<WechatOutlined />}
        loading={create.isPending}
        data-testid="pay-dues"
        onClick={() => create.mutate(undefined, { onSuccess: (o) => void navigate(`/my/dues/pay/${o.id}`) })}
      >
        {t('payments.payNow', { amount: yuan(owedFen) })}
      </Button>
      <ErrorAlert error={create.error} style={{ marginTop: 8 }} />
    </>
  );
}
