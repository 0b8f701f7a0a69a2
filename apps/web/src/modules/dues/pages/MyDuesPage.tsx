import { Card, Empty, Flex, List, Tag, Typography } from 'antd';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { type DuesPeriod, useMyDues, yuan } from '../api';
import { type PayDuesButtonSlotProps, payDuesSlot } from '../slot';

export function PeriodTag({ p }: { p: DuesPeriod }) {
  const { t } = useTranslation();
  if (p.dueFen === 0) return <Tag>{t('dues.status.exempt')}</Tag>;
  if (p.paidFen >= p.dueFen) return <Tag color="green">{t('dues.status.paid')}</Tag>;
  if (p.paidFen > 0) return <Tag color="orange">{t('dues.status.partial')}</Tag>;
  return <Tag color="red">{t('dues.status.open')}</Tag>;
}

/** The member's own dues, phone-first: what I owe, month by month, and the history. */
export default function MyDuesPage({
  PayDuesButtonSlot,
}: {
  PayDuesButtonSlot?: ComponentType<PayDuesButtonSlotProps>;
}) {
  const { t } = useTranslation();
  usePageTitle(t('dues.my.title'));
  const q = useMyDues();
  const qc = useQueryClient();
  const Pay = PayDuesButtonSlot ?? payDuesSlot.PayButton;
  if (q.isLoading) return <Loading />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  const d = q.data;
  const credit = d.balanceFen < 0 ? -d.balanceFen : 0;
  const periods = [...d.periods].reverse();
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: '8px 4px 0' }}>
        {t('dues.my.title')}
      </Typography.Title>
      <Card data-testid="my-dues-owed">
        <Typography.Text type="secondary">{t('dues.my.owedTitle')}</Typography.Text>
        <div style={{ fontSize: 32, fontWeight: 600, color: d.owedFen > 0 ? '#c8102e' : undefined }}>
          {t('dues.yuan', { amount: yuan(d.owedFen) })}
        </div>
        {d.owedFen === 0 && <Tag color="green">{t('dues.my.allPaid')}</Tag>}
        {credit > 0 && (
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('dues.my.creditNote', { amount: yuan(credit) })}
          </Typography.Paragraph>
        )}
        {/* PAY SLOT: filled by the payments module (see modules/dues/slot.ts) */}
        {Pay && d.owedFen > 0 && (
          <div style={{ marginTop: 12 }} data-testid="pay-dues-slot">
            <Pay
              owedFen={d.owedFen}
              memberId={d.memberId}
              openPeriods={d.periods.filter((p) => p.paidFen < p.dueFen)}
              onPaid={() => void qc.invalidateQueries({ queryKey: ['dues', 'my'] })}
            />
          </div>
        )}
      </Card>
      <Card size="small" title={t('dues.my.periods')}>
        <List
          dataSource={periods}
          locale={{ emptyText: <Empty description={t('dues.my.noPeriods')} /> }}
          renderItem={(p) => (
            <List.Item data-testid="my-dues-period" extra={<PeriodTag p={p} />}>
              <List.Item.Meta
                title={p.period}
                description={`${t('dues.due')} ${yuan(p.dueFen)} · ${t('dues.paid')} ${yuan(p.paidFen)}`}
              />
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('dues.my.history')}>
        <List
          dataSource={d.entries}
          locale={{ emptyText: <Empty description={t('dues.my.noHistory')} /> }}
          renderItem={(e) => (
            <List.Item
              extra={
                <Typography.Text strong style={{ color: e.amountFen < 0 ? '#389e0d' : undefined }}>
                  {e.amountFen < 0 ? '−' : '+'}
                  {yuan(Math.abs(e.amountFen))}
                </Typography.Text>
              }
            >
              <List.Item.Meta
                title={
                  <span>
                    {t(`dues.kind.${e.kind}`)}
                    {e.source ? ` · ${t(`dues.source.${e.source}`)}` : ''}
                    {e.period ? ` · ${e.period}` : ''}
                  </span>
                }
                description={new Date(e.at).toLocaleDateString()}
              />
            </List.Item>
          )}
        />
      </Card>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, padding: '0 4px' }}>
        {t('dues.my.howTo')}
      </Typography.Paragraph>
    </Flex>
  );
}
