import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { duesApi, type Rule, thisPeriod, useDuesMutation, useRules, yuan, yuanToFen } from '../api';
import { OrgPicker } from '../components/OrgPicker';

type FormValues = {
  effectiveFrom: string;
  ratePercent: string;
  roundingUnit: 1 | 10 | 100;
  roundingMode: Rule['roundingMode'];
  minimumYuan: string;
  retainedPercent: number;
};

/** Union rules with their history, and the "generate dues for a month" action. */
export default function DuesRulesPage() {
  const { t } = useTranslation();
  usePageTitle(t('dues.rulesNav'));
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [unionId, setUnionId] = useState<string | undefined>(params.get('orgId') ?? undefined);
  const [period, setPeriod] = useState(thisPeriod());
  const rules = useRules(unionId);
  const create = useDuesMutation(duesApi.createRule);
  const schedule = useDuesMutation(duesApi.schedule);
  const [form] = Form.useForm<FormValues>();
  const unitLabel = (u: number) => t(`dues.rules.unit${u}`);
  const submit = (v: FormValues) => {
    if (!unionId) return;
    create.mutate(
      {
        unionId,
        effectiveFrom: v.effectiveFrom,
        ratePercent: v.ratePercent.trim(),
        roundingUnit: v.roundingUnit,
        roundingMode: v.roundingMode,
        minimumFen: yuanToFen(v.minimumYuan || '0') ?? -1,
        retainedPercent: v.retainedPercent,
      },
      { onSuccess: () => void message.success(t('dues.rules.created')) },
    );
  };
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('dues.rules.title')}
      </Typography.Title>
      <OrgPicker value={unionId} onChange={setUnionId} unionsOnly />
      {unionId && (
        <>
          <Card size="small" title={t('dues.rules.history')}>
            <ErrorAlert error={rules.error} />
            <Table<Rule>
              size="small"
              rowKey="id"
              loading={rules.isLoading}
              dataSource={rules.data?.items ?? []}
              pagination={false}
              scroll={{ x: true }}
              columns={[
                { title: t('dues.rules.effectiveFrom'), dataIndex: 'effectiveFrom' },
                { title: t('dues.rules.rate'), dataIndex: 'ratePercent' },
                {
                  title: t('dues.rules.roundingUnit'),
                  render: (_, r) =>
                    `${unitLabel(r.roundingUnit)} · ${t(`dues.rules.mode_${r.roundingMode}`)}`,
                },
                { title: t('dues.rules.minimum'), render: (_, r) => yuan(r.minimumFen) },
                { title: t('dues.rules.retainedPercent'), dataIndex: 'retainedPercent' },
              ]}
            />
          </Card>
          <Card size="small" title={t('dues.rules.add')}>
            <Alert type="info" showIcon title={t('dues.rules.order')} style={{ marginBottom: 12 }} />
            <ErrorAlert error={create.error} style={{ marginBottom: 12 }} />
            <Form<FormValues>
              form={form}
              layout="vertical"
              onFinish={submit}
              initialValues={{
                effectiveFrom: `${thisPeriod()}-01`,
                ratePercent: '0.5',
                roundingUnit: 1,
                roundingMode: 'half_up',
                minimumYuan: '0',
                retainedPercent: 0,
              }}
            >
              <Flex gap={12} wrap>
                <Form.Item
                  name="effectiveFrom"
                  label={t('dues.rules.effectiveFrom')}
                  rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}
                >
                  <Input type="date" style={{ width: 170 }} />
                </Form.Item>
                <Form.Item
                  name="ratePercent"
                  label={t('dues.rules.rate')}
                  tooltip={t('dues.rules.rateHint')}
                  rules={[{ required: true, pattern: /^\d{1,3}(\.\d{1,4})?$/ }]}
                >
                  <Input style={{ width: 120 }} inputMode="decimal" />
                </Form.Item>
                <Form.Item name="roundingUnit" label={t('dues.rules.roundingUnit')}>
                  <Select
                    style={{ width: 100 }}
                    options={[1, 10, 100].map((u) => ({ value: u, label: unitLabel(u) }))}
                  />
                </Form.Item>
                <Form.Item name="roundingMode" label={t('dues.rules.roundingMode')}>
                  <Select
                    style={{ width: 130 }}
                    options={(['half_up', 'up', 'down'] as const).map((m) => ({
                      value: m,
                      label: t(`dues.rules.mode_${m}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item
                  name="minimumYuan"
                  label={t('dues.rules.minimum')}
                  rules={[{ pattern: /^\d{1,9}(\.\d{1,2})?$/ }]}
                >
                  <Input style={{ width: 120 }} inputMode="decimal" />
                </Form.Item>
                <Form.Item
                  name="retainedPercent"
                  label={t('dues.rules.retainedPercent')}
                  tooltip={t('dues.rules.retainedHint')}
                >
                  <InputNumber min={0} max={100} precision={0} style={{ width: 120 }} />
                </Form.Item>
              </Flex>
              <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="rule-save">
                {t('common.save')}
              </Button>
            </Form>
          </Card>
          <Card size="small" title={t('dues.rules.schedule')}>
            <Typography.Paragraph type="secondary">{t('dues.rules.scheduleHint')}</Typography.Paragraph>
            <ErrorAlert error={schedule.error} style={{ marginBottom: 12 }} />
            <Flex gap={8} wrap align="center">
              <Input
                type="month"
                value={period}
                onChange={(e) => setPeriod(e.target.value)}
                aria-label={t('dues.period')}
                style={{ width: 170 }}
              />
              <Button
                loading={schedule.isPending}
                data-testid="schedule-run"
                onClick={() =>
                  schedule.mutate(
                    { unionId, period },
                    {
                      onSuccess: (r) =>
                        r.ruleFound
                          ? void message.success(t('dues.rules.scheduled', r))
                          : void message.warning(t('dues.rules.noRule')),
                    },
                  )
                }
              >
                {t('dues.rules.schedule')}
              </Button>
            </Flex>
          </Card>
        </>
      )}
    </Flex>
  );
}
