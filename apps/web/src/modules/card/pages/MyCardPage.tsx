/** 电子会员卡: the member's card with a QR code that refreshes before its token expires. */
import { Button, Card, Flex, Popconfirm, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { QrImage } from '../../payments/QrImage';
import { useMyCard, useRevokeMyCard } from '../api';

function useSecondsLeft(until: string | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return until ? Math.max(0, Math.round((new Date(until).getTime() - now) / 1000)) : 0;
}

export default function MyCardPage() {
  const { t } = useTranslation();
  usePageTitle(t('card.title'));
  const q = useMyCard();
  const revoke = useRevokeMyCard();
  const left = useSecondsLeft(q.data?.tokenExpiresAt);
  if (q.isLoading) return <Loading />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  const c = q.data;
  return (
    <Flex vertical gap={12} style={{ width: '100%', maxWidth: 420, margin: '0 auto' }}>
      <Typography.Title level={3} style={{ margin: '8px 4px 0' }}>
        {t('card.title')}
      </Typography.Title>
      <div
        data-testid="member-card"
        style={{
          borderRadius: 16,
          padding: 20,
          color: '#fff',
          background: 'linear-gradient(135deg, #c8102e 0%, #8e0c20 100%)',
          boxShadow: '0 8px 24px rgba(142, 12, 32, 0.3)',
        }}
      >
        <div style={{ fontSize: 13, opacity: 0.85 }}>{t('card.heading')}</div>
        <div style={{ fontSize: 18, fontWeight: 600, marginTop: 4 }}>{c.unionName}</div>
        <Flex justify="space-between" align="end" style={{ marginTop: 20 }} gap={12}>
          <div>
            <div style={{ fontSize: 26, fontWeight: 600 }}>{c.name}</div>
            <div style={{ fontSize: 13, opacity: 0.9, marginTop: 6 }}>
              {t('card.memberNo')} {c.memberNo}
            </div>
            <div style={{ fontSize: 13, opacity: 0.9 }}>
              {t('card.validUntil')} {c.validUntil}
            </div>
          </div>
          <div style={{ background: '#fff', padding: 6, borderRadius: 8, lineHeight: 0 }}>
            <QrImage text={c.verifyUrl} size={112} alt={t('card.qrAlt')} />
          </div>
        </Flex>
      </div>
      <Typography.Text type="secondary" style={{ textAlign: 'center' }} data-testid="card-countdown">
        {t('card.refreshes', { seconds: left })}
      </Typography.Text>
      <Card size="small">
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('card.explain')}
        </Typography.Paragraph>
        <Popconfirm title={t('card.revokeConfirm')} onConfirm={() => revoke.mutate()}>
          <Button danger style={{ marginTop: 12 }} loading={revoke.isPending}>
            {t('card.revoke')}
          </Button>
        </Popconfirm>
        <ErrorAlert error={revoke.error} />
      </Card>
    </Flex>
  );
}
