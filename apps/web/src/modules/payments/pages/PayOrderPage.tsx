/** Paying one order on a phone: the QR code (or the sandbox link), live status, then the receipt. */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Result, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { prepayIdOf, useMyOrder, yuan } from '../api';
import { QrImage } from '../QrImage';

export default function PayOrderPage() {
  const { t } = useTranslation();
  usePageTitle(t('payments.payTitle'));
  const { id = '' } = useParams();
  const q = useMyOrder(id);
  if (q.isLoading) return <Loading />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  const o = q.data;
  const amount = t('payments.yuan', { amount: yuan(o.amountFen) });
  const receipt = (
    <Button
      type="primary"
      icon={<DownloadOutlined />}
      href={`/api/my/payments/orders/${o.id}/receipt`}
      download
      data-testid="download-receipt"
    >
      {t('payments.receipt')}
    </Button>
  );
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: '8px 4px 0' }}>
        {t('payments.payTitle')}
      </Typography.Title>
      <Card>
        <Typography.Text type="secondary">{t('payments.amount')}</Typography.Text>
        <div style={{ fontSize: 32, fontWeight: 600 }} data-testid="order-amount">
          {amount}
        </div>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('payments.periods')}: {o.periods.join('、') || '—'}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }}>
          {t('payments.orderNo')}: {o.outTradeNo}
        </Typography.Paragraph>
      </Card>
      {o.state === 'pending' && o.codeUrl && (
        <Card>
          <Flex vertical align="center" gap={12}>
            {o.provider === 'sandbox' && <Tag color="orange">{t('payments.sandbox.badge')}</Tag>}
            <QrImage text={o.codeUrl} size={200} alt={t('payments.qrAlt')} />
            <Typography.Text>{t('payments.scanHint')}</Typography.Text>
            <Tag color="processing" data-testid="order-state">
              {t('payments.state.pending')}
            </Tag>
            {o.provider === 'sandbox' && (
              <Link to={`/sandbox-pay/${prepayIdOf(o)}`} data-testid="open-sandbox">
                <Button block>{t('payments.sandbox.open')}</Button>
              </Link>
            )}
          </Flex>
        </Card>
      )}
      {(o.state === 'paid' || o.state === 'refunded') && (
        <Card>
          <Result
            status="success"
            title={<span data-testid="order-state">{t(`payments.state.${o.state}`)}</span>}
            subTitle={t('payments.paidAt', { at: new Date(o.paidAt ?? o.createdAt).toLocaleString() })}
            extra={
              <Flex vertical align="center" gap={12}>
                {receipt}
                <Link to="/my/dues">
                  <Button>{t('payments.backToDues')}</Button>
                </Link>
              </Flex>
            }
          />
        </Card>
      )}
      {o.state === 'amount_mismatch' && (
        <Alert type="warning" showIcon title={t('payments.mismatchMember')} data-testid="order-state" />
      )}
      {o.state === 'closed' && <Alert type="info" showIcon title={t('payments.state.closed')} />}
    </Flex>
  );
}
