/**
 * The sandbox payment platform's page (沙箱, development only): what a payer sees after scanning the
 * QR code. "Pay" makes the sandbox send its signed notification to this server.
 */
import { ExperimentOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Result, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useSandboxOrder, useSandboxPay, yuan } from '../api';
import { QrImage } from '../QrImage';

export default function SandboxPayPage() {
  const { t } = useTranslation();
  usePageTitle(t('payments.sandbox.title'));
  const navigate = useNavigate();
  const { prepayId = '' } = useParams();
  const q = useSandboxOrder(prepayId);
  const pay = useSandboxPay(prepayId);
  if (q.isLoading) return <Loading />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  const o = q.data;
  const paid = o.tradeState !== 'NOTPAY';
  return (
    <Flex vertical gap={12} style={{ width: '100%', maxWidth: 420, margin: '0 auto' }}>
      <Alert
        type="warning"
        showIcon
        icon={<ExperimentOutlined />}
        title={t('payments.sandbox.banner')}
        data-testid="sandbox-banner"
      />
      <Card>
        <Flex vertical align="center" gap={8}>
          <Tag color="orange">{t('payments.sandbox.badge')}</Tag>
          <Typography.Text type="secondary">{o.description}</Typography.Text>
          <div style={{ fontSize: 36, fontWeight: 600 }}>
            {t('payments.yuan', { amount: yuan(o.amountFen) })}
          </div>
          <QrImage text={o.codeUrl} size={160} alt={t('payments.qrAlt')} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {o.outTradeNo}
          </Typography.Text>
          {paid ? (
            <Result
              status="success"
              title={t('payments.sandbox.paid')}
              extra={<Button onClick={() => navigate(-1)}>{t('payments.sandbox.back')}</Button>}
            />
          ) : (
            <Button
              type="primary"
              size="large"
              block
              loading={pay.isPending}
              data-testid="sandbox-pay"
              onClick={() => pay.mutate(undefined)}
            >
              {t('payments.sandbox.pay')}
            </Button>
          )}
          <ErrorAlert error={pay.error} />
        </Flex>
      </Card>
    </Flex>
  );
}
