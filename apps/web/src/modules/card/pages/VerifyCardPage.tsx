/**
 * Public verification of an e-member card (/verify-card#<token>). The token travels in the URL
 * fragment, which browsers never send to a server; the page posts it to /api/cards/verify and shows
 * only a masked name, the union and the status.
 */
import { Card, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useVerifyCard } from '../api';

export default function VerifyCardPage() {
  const { t } = useTranslation();
  usePageTitle(t('card.verify.title'));
  const token = decodeURIComponent(window.location.hash.replace(/^#/, ''));
  const q = useVerifyCard(token);
  if (!token) return <Result status="warning" title={t('card.verify.noToken')} />;
  if (q.isLoading) return <Loading />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  const r = q.data;
  return (
    <Card
      style={{ width: '100%', maxWidth: 420, margin: '0 auto' }}
      data-testid="verify-result"
      data-status={r.status}
    >
      <Result
        status={r.status === 'valid' ? 'success' : r.status === 'expired' ? 'warning' : 'error'}
        title={t(`card.verify.${r.status}`)}
        subTitle={
          r.status === 'valid' ? (
            <>
              <Typography.Paragraph style={{ fontSize: 18, margin: 0 }}>{r.maskedName}</Typography.Paragraph>
              <Typography.Paragraph style={{ margin: 0 }}>{r.unionName}</Typography.Paragraph>
              <Typography.Text type="secondary">
                {t('card.validUntil')} {r.validUntil}
              </Typography.Text>
            </>
          ) : (
            t(`card.verify.${r.status}Hint`)
          )
        }
      />
    </Card>
  );
}
