/** The incident tab of the breach incident page: its fields, with the required ones still empty. */
import { App, Button, Checkbox, Col, DatePicker, Flex, Form, Input, Row, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { type BreachDetail, type BreachPatch, DATA_CATEGORIES, useBreachMutations } from '../breach.api';
import { MissingAlert } from './BreachParts';

interface DetailValues {
  title: string;
  discoveredAt: Dayjs;
  occurred?: [Dayjs | null, Dayjs | null] | null;
  description: string;
  cause: string;
  categories: string[];
  consequences: string;
  measuresTaken: string;
  memberMeasures: string;
  contact: string;
  delayReason: string;
}

const TEXT_FIELDS = [
  'description',
  'cause',
  'consequences',
  'measuresTaken',
  'memberMeasures',
  'contact',
  'delayReason',
] as const;

/** The incident's fields: what goes into the notices (PIPL 57, GDPR 33(3)). */
export function BreachDetailsTab({ b }: { b: BreachDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const m = useBreachMutations(b.id);
  const [form] = Form.useForm<DetailValues>();
  const initial: DetailValues = useMemo(
    () => ({
      title: b.title,
      discoveredAt: dayjs(b.discoveredAt),
      occurred:
        b.occurredFrom || b.occurredTo
          ? [b.occurredFrom ? dayjs(b.occurredFrom) : null, b.occurredTo ? dayjs(b.occurredTo) : null]
          : null,
      description: b.description,
      cause: b.cause,
      categories: b.categories,
      consequences: b.consequences,
      measuresTaken: b.measuresTaken,
      memberMeasures: b.memberMeasures,
      contact: b.contact,
      delayReason: b.delayReason,
    }),
    [b],
  );
  const computedCats = b.snapshot
    ? DATA_CATEGORIES.filter((c) => (b.snapshot?.totals.byCategory[c] ?? 0) > 0)
    : [];
  const save = (v: DetailValues) => {
    const patch: BreachPatch = {};
    if (v.title.trim() !== b.title) patch.title = v.title.trim();
    if (!v.discoveredAt.isSame(dayjs(b.discoveredAt), 'minute'))
      patch.discoveredAt = v.discoveredAt.toISOString();
    const from = v.occurred?.[0]?.toISOString() ?? null;
    const to = v.occurred?.[1]?.toISOString() ?? null;
    if (from !== (b.occurredFrom && dayjs(b.occurredFrom).toISOString())) patch.occurredFrom = from;
    if (to !== (b.occurredTo && dayjs(b.occurredTo).toISOString())) patch.occurredTo = to;
    for (const k of TEXT_FIELDS) if ((v[k] ?? '') !== b[k]) patch[k] = v[k] ?? '';
    if ([...(v.categories ?? [])].sort().join() !== [...b.categories].sort().join())
      patch.categories = v.categories;
    if (Object.keys(patch).length === 0) {
      message.info(t('privacy.breach.actions.saved'));
      return;
    }
    m.update.mutate(patch, { onSuccess: () => message.success(t('privacy.breach.actions.saved')) });
  };
  const disabled = !b.abilities.edit;
  const lateNotice = b.deadline.overdue || b.deadline.notifiedLate || b.delayReason !== '';
  const area = (name: (typeof TEXT_FIELDS)[number], rows = 3, max = 5000) => (
    <Form.Item name={name} label={t(`privacy.breach.fields.${name}`)}>
      <Input.TextArea
        rows={rows}
        maxLength={max}
        placeholder={t(`privacy.breach.placeholders.${name}`)}
        data-testid={`breach-field-${name}`}
      />
    </Form.Item>
  );
  return (
    <Flex vertical gap={12}>
      <MissingAlert missing={b.missing.regulator} />
      <Typography.Text type="secondary">{t('privacy.breach.lawHint')}</Typography.Text>
      <Form<DetailValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        disabled={disabled}
        onFinish={save}
        key={b.history.length}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="title"
              label={t('privacy.breach.fields.title')}
              rules={[{ required: true, whitespace: true, message: t('common.required') }]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="discoveredAt"
              label={t('privacy.breach.fields.discoveredAt')}
              extra={t('privacy.breach.discoveredHint')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                allowClear={false}
                disabled={disabled || Boolean(b.regulatorNotifiedAt)}
                disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="occurred" label={t('privacy.breach.fields.occurred')}>
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            allowEmpty={[true, true]}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            style={{ width: '100%' }}
          />
        </Form.Item>
        {area('description', 4)}
        {area('cause')}
        <Form.Item
          name="categories"
          label={
            <Space size={8} wrap>
              <span>{t('privacy.breach.fields.categories')}</span>
              {computedCats.length > 0 && !disabled && (
                <Button
                  size="small"
                  type="link"
                  onClick={() => form.setFieldValue('categories', computedCats)}
                  data-testid="breach-use-computed"
                >
                  {t('privacy.breach.useComputed')}
                </Button>
              )}
            </Space>
          }
        >
          <Checkbox.Group
            style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: 6 }}
            options={DATA_CATEGORIES.map((c) => ({ value: c, label: t(`privacy.breachCategories.${c}`) }))}
          />
        </Form.Item>
        {area('consequences')}
        {area('measuresTaken')}
        {area('memberMeasures')}
        {area('contact', 2, 1000)}
        {lateNotice && area('delayReason')}
        {!disabled && (
          <Button type="primary" htmlType="submit" loading={m.update.isPending} data-testid="breach-save">
            {t('privacy.breach.actions.save')}
          </Button>
        )}
      </Form>
      <ErrorAlert error={m.update.error} />
    </Flex>
  );
}
