/** Finance officers: online payment orders in scope, amount mismatches first to hand, refunds. */
import { Button, Form, Input, InputNumber, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { type Order, useOrders, useQueryOrder, useRefund, yuan } from '../api';

const STATE_COLORS: Record<string, string> = {
  pending: 'processing',
  paid: 'green',
  amount_mismatch: 'red',
  refunded: 'default',
  closed: 'default',
};

function RefundModal({ order, onClose }: { order: Order; onClose: () => void }) {
  const { t } = useTranslation();
  const refund = useRefund();
  const [form] = Form.useForm<{ amount: number; reason: string }>();
  const left = (order.paidAmountFen ?? 0) - order.refundedFen;
  return (
    <Modal
      open
      title={t('payments.console.refundTitle', { no: order.outTradeNo })}
      okText={t('payments.console.refund')}
      confirmLoading={refund.isPending}
      onCancel={onClose}
      onOk={() =>
        void form
          .validateFields()
          .then((v) =>
            refund.mutate(
              { id: order.id, amountFen: Math.round(v.amount * 100), reason: v.reason },
              { onSuccess: onClose },
            ),
          )
      }
    >
      <Form form={form} layout="vertical" initialValues={{ amount: left / 100 }}>
        <Form.Item
          name="amount"
          label={t('payments.console.refundAmount', { max: yuan(left) })}
          rules={[{ required: true }]}
        >
          <InputNumber min={0.01} max={left / 100} precision={2} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('payments.console.reason')}
          rules={[{ required: true, min: 2, max: 200 }]}
        >
          <Input />
        </Form.Item>
      </Form>
      <ErrorAlert error={refund.error} />
    </Modal>
  );
}

export default function PaymentsConsolePage() {
  const { t } = useTranslation();
  usePageTitle(t('payments.console.title'));
  const [state, setState] = useState<string>('');
  const [page, setPage] = useState(1);
  const q = useOrders({ state: state || undefined, page });
  const query = useQueryOrder();
  const [refunding, setRefunding] = useState<Order>();
  const states = ['', 'amount_mismatch', 'pending', 'paid', 'refunded', 'closed'];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('payments.console.title')}
      </Typography.Title>
      <Segmented
        value={state}
        onChange={(v) => {
          setState(String(v));
          setPage(1);
        }}
        options={states.map((s) => ({
          value: s,
          label: s ? t(`payments.state.${s}`) : t('payments.console.all'),
        }))}
      />
      <ErrorAlert error={q.error ?? query.error} />
      <Table<Order>
        rowKey="id"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage }}
        scroll={{ x: 900 }}
        columns={[
          {
            title: t('payments.console.created'),
            dataIndex: 'createdAt',
            render: (v: string) => new Date(v).toLocaleString(),
          },
          { title: t('payments.console.member'), render: (_, o) => `${o.memberName} (${o.memberNo})` },
          { title: t('payments.periods'), dataIndex: 'periods', render: (p: string[]) => p.join(', ') },
          {
            title: t('payments.amount'),
            dataIndex: 'amountFen',
            align: 'right',
            render: (f: number) => yuan(f),
          },
          {
            title: t('payments.console.paid'),
            dataIndex: 'paidAmountFen',
            align: 'right',
            render: (f: number | null, o) => (
              <span style={{ color: o.state === 'amount_mismatch' ? '#c8102e' : undefined }}>
                {f === null ? '—' : yuan(f)}
              </span>
            ),
          },
          {
            title: t('payments.console.refunded'),
            dataIndex: 'refundedFen',
            align: 'right',
            render: (f: number) => (f ? yuan(f) : '—'),
          },
          {
            title: t('payments.console.state'),
            dataIndex: 'state',
            render: (s: string) => (
              <Tag color={STATE_COLORS[s]} data-testid={`state-${s}`}>
                {t(`payments.state.${s}`)}
              </Tag>
            ),
          },
          {
            title: '',
            render: (_, o) => (
              <Space size="small">
                {(o.state === 'paid' || o.state === 'amount_mismatch') &&
                  (o.paidAmountFen ?? 0) > o.refundedFen && (
                    <Button size="small" danger onClick={() => setRefunding(o)}>
                      {t('payments.console.refund')}
                    </Button>
                  )}
                {o.state === 'pending' && (
                  <Button size="small" loading={query.isPending} onClick={() => query.mutate(o.id)}>
                    {t('payments.console.query')}
                  </Button>
                )}
                {(o.state === 'paid' || o.state === 'refunded') && (
                  <Button size="small" type="link" href={`/api/payments/orders/${o.id}/receipt`} download>
                    {t('payments.receipt')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {refunding && <RefundModal order={refunding} onClose={() => setRefunding(undefined)} />}
    </Space>
  );
}
