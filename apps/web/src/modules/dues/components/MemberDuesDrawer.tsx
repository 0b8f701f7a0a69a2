import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import {
  duesApi,
  type LedgerEntry,
  thisPeriod,
  useDuesMutation,
  useMemberDues,
  yuan,
  yuanToFen,
} from '../api';
import { PeriodTag } from '../pages/MyDuesPage';

/** One member's dues for finance officers: position, wages (masked), reductions, ledger, corrections. */
export function MemberDuesDrawer({ memberId, onClose }: { memberId?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const q = useMemberDues(memberId);
  const [revealed, setRevealed] = useState<{ effectiveFrom: string; wageFen: number }[] | null>(null);
  const [reason, setReason] = useState('');
  const [reverseReason, setReverseReason] = useState('');
  const ok = () => void message.success(t('dues.members.saved'));
  const setWage = useDuesMutation((v: { effectiveFrom: string; wageFen: number }) =>
    duesApi.setWage(memberId!, v),
  );
  const reveal = useDuesMutation((r: string) => duesApi.revealWages(memberId!, r));
  const exempt = useDuesMutation((v: Parameters<typeof duesApi.addExemption>[1]) =>
    duesApi.addExemption(memberId!, v),
  );
  const cash = useDuesMutation((v: { amountFen: number; reference?: string }) => duesApi.cash(memberId!, v));
  const reverse = useDuesMutation((id: string) => duesApi.reverse(id, reverseReason));
  const d = q.data;
  const error = setWage.error ?? reveal.error ?? exempt.error ?? cash.error ?? reverse.error ?? q.error;
  return (
    <Drawer
      open={!!memberId}
      onClose={() => {
        setRevealed(null);
        onClose();
      }}
      size="large"
      title={d ? `${d.member.name} · ${d.member.memberNo}` : ''}
    >
      {q.isLoading && <Loading />}
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      {d && (
        <Flex vertical gap={12}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('dues.owed')}>{yuan(d.owedFen)}</Descriptions.Item>
            <Descriptions.Item label={t('dues.balance')}>{yuan(d.balanceFen)}</Descriptions.Item>
          </Descriptions>
          <Card size="small" title={t('dues.members.wages')}>
            <Table
              size="small"
              rowKey="effectiveFrom"
              pagination={false}
              dataSource={d.wages.map((w) => ({
                ...w,
                clear: revealed?.find((r) => r.effectiveFrom === w.effectiveFrom),
              }))}
              columns={[
                { title: t('dues.rules.effectiveFrom'), dataIndex: 'effectiveFrom' },
                {
                  title: t('dues.members.wage'),
                  render: (_, w) => (w.clear ? yuan(w.clear.wageFen) : w.wage),
                },
              ]}
            />
            <Flex gap={8} wrap style={{ marginTop: 8 }}>
              <Input
                placeholder={t('dues.members.revealReason')}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                style={{ width: 200 }}
              />
              <Button
                disabled={reason.trim().length < 2}
                loading={reveal.isPending}
                onClick={() => reveal.mutate(reason.trim(), { onSuccess: (r) => setRevealed(r.items) })}
              >
                {t('dues.members.reveal')}
              </Button>
            </Flex>
            <Form
              layout="inline"
              style={{ marginTop: 12, rowGap: 8 }}
              initialValues={{ effectiveFrom: `${thisPeriod()}-01` }}
              onFinish={(v: { effectiveFrom: string; wage: string }) =>
                setWage.mutate(
                  { effectiveFrom: v.effectiveFrom, wageFen: yuanToFen(v.wage) ?? -1 },
                  { onSuccess: ok },
                )
              }
            >
              <Form.Item name="effectiveFrom" rules={[{ required: true }]}>
                <Input type="date" aria-label={t('dues.rules.effectiveFrom')} />
              </Form.Item>
              <Form.Item name="wage" rules={[{ required: true, pattern: /^\d{1,9}(\.\d{1,2})?$/ }]}>
                <Input
                  placeholder={t('dues.members.wageYuan')}
                  inputMode="decimal"
                  autoComplete="off"
                  data-testid="wage-input"
                />
              </Form.Item>
              <Button htmlType="submit" type="primary" loading={setWage.isPending}>
                {t('dues.members.setWage')}
              </Button>
            </Form>
          </Card>
          <Card size="small" title={t('dues.members.exemptions')}>
            {d.exemptions.map((e) => (
              <Tag key={e.id} style={{ marginBottom: 4 }}>
                {t(`dues.members.exemptionKind.${e.kind}`)} · {e.percentPayable}% · {e.fromPeriod}–
                {e.toPeriod ?? ''} · {e.reason}
              </Tag>
            ))}
            <Form
              layout="inline"
              style={{ marginTop: 8, rowGap: 8 }}
              initialValues={{ kind: 'hardship', percentPayable: 0, fromPeriod: thisPeriod() }}
              onFinish={(v: {
                kind: 'hardship' | 'other';
                percentPayable: number;
                fromPeriod: string;
                toPeriod?: string;
                reason: string;
              }) => exempt.mutate({ ...v, toPeriod: v.toPeriod || undefined }, { onSuccess: ok })}
            >
              <Form.Item name="kind">
                <Select
                  style={{ width: 120 }}
                  options={(['hardship', 'other'] as const).map((k) => ({
                    value: k,
                    label: t(`dues.members.exemptionKind.${k}`),
                  }))}
                />
              </Form.Item>
              <Form.Item name="percentPayable" tooltip={t('dues.members.percentHint')}>
                <InputNumber
                  min={0}
                  max={99}
                  precision={0}
                  addonAfter="%"
                  style={{ width: 110 }}
                  aria-label={t('dues.members.percentPayable')}
                />
              </Form.Item>
              <Form.Item name="fromPeriod" rules={[{ required: true }]}>
                <Input type="month" aria-label={t('dues.members.fromPeriod')} />
              </Form.Item>
              <Form.Item name="toPeriod">
                <Input type="month" aria-label={t('dues.members.toPeriod')} />
              </Form.Item>
              <Form.Item name="reason" rules={[{ required: true, min: 2 }]}>
                <Input placeholder={t('dues.members.reason')} />
              </Form.Item>
              <Button htmlType="submit" loading={exempt.isPending}>
                {t('dues.members.addExemption')}
              </Button>
            </Form>
          </Card>
          <Card size="small" title={t('dues.members.cash')}>
            <Form
              layout="inline"
              style={{ rowGap: 8 }}
              onFinish={(v: { amount: string; reference?: string }) =>
                cash.mutate(
                  { amountFen: yuanToFen(v.amount) ?? -1, reference: v.reference || undefined },
                  { onSuccess: ok },
                )
              }
            >
              <Form.Item name="amount" rules={[{ required: true, pattern: /^\d{1,9}(\.\d{1,2})?$/ }]}>
                <Input placeholder={t('dues.members.amountYuan')} inputMode="decimal" />
              </Form.Item>
              <Form.Item name="reference" rules={[{ pattern: /^[A-Za-z0-9_.:-]{1,100}$/ }]}>
                <Input placeholder={t('dues.members.receiptNo')} />
              </Form.Item>
              <Button htmlType="submit" loading={cash.isPending}>
                {t('common.save')}
              </Button>
            </Form>
          </Card>
          <Card size="small" title={t('dues.my.periods')}>
            <Table
              size="small"
              rowKey="period"
              pagination={false}
              dataSource={[...d.periods].reverse()}
              columns={[
                { title: t('dues.period'), dataIndex: 'period' },
                { title: t('dues.due'), render: (_, p) => yuan(p.dueFen) },
                { title: t('dues.paid'), render: (_, p) => yuan(p.paidFen) },
                { title: '', render: (_, p) => <PeriodTag p={p} /> },
              ]}
            />
          </Card>
          <Card size="small" title={t('dues.members.ledger')}>
            <Table<LedgerEntry>
              size="small"
              rowKey="id"
              pagination={{ pageSize: 20 }}
              dataSource={d.entries}
              scroll={{ x: true }}
              columns={[
                { title: t('dues.period'), render: (_, e) => e.period ?? '' },
                {
                  title: '',
                  render: (_, e) =>
                    `${t(`dues.kind.${e.kind}`)}${e.source ? ` · ${t(`dues.source.${e.source}`)}` : ''}`,
                },
                { title: t('dues.members.amountYuan'), align: 'right', render: (_, e) => yuan(e.amountFen) },
                { title: '', render: (_, e) => new Date(e.at).toLocaleDateString() },
                {
                  title: '',
                  render: (_, e) =>
                    e.kind === 'reversal' ? null : d.entries.some((x) => x.reversesId === e.id) ? (
                      <Tag>{t('dues.members.reversed')}</Tag>
                    ) : (
                      <Popconfirm
                        title={t('dues.members.reverseReason')}
                        description={
                          <Input value={reverseReason} onChange={(ev) => setReverseReason(ev.target.value)} />
                        }
                        okButtonProps={{ disabled: reverseReason.trim().length < 2 }}
                        onConfirm={() => reverse.mutate(e.id, { onSuccess: ok })}
                      >
                        <Button size="small" danger type="link">
                          {t('dues.members.reverse')}
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]}
            />
          </Card>
        </Flex>
      )}
    </Drawer>
  );
}
