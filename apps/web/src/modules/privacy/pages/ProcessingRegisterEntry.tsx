/**
 * One register entry in a drawer: the form (saving appends a version), "reviewed, no change", and the
 * history of every version with what changed (ProcessingRegisterView.tsx).
 */
import { CheckOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Drawer,
  Flex,
  Form,
  Grid,
  Input,
  Select,
  Switch,
  Tabs,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import {
  type Content,
  type ContentInput,
  LEGAL_BASES,
  PROCESSOR_ROLES,
  SENSITIVE_KINDS,
  TRANSFER_MECHANISMS,
  useEntry,
  useRegisterMutations,
} from '../registerApi';
import { History } from './ProcessingRegisterView';

type ProcessorValues = {
  name: string;
  role: Content['processors'][number]['role'];
  service?: string;
  country?: string;
  contractRef?: string;
  crossBorder?: boolean;
  transferMechanism?: string | null;
};
type Values = Omit<Content, 'processors' | 'reviewedOn'> & {
  processors: ProcessorValues[];
  reviewedOn?: string;
  changeNote?: string;
};

const EMPTY: Partial<Values> = {
  legalBasis: 'consent',
  individuals: [],
  dataCategories: [],
  sensitive: [],
  processors: [],
  retired: false,
};

function toInput(v: Values): ContentInput {
  const { changeNote: _note, ...rest } = v;
  return {
    ...rest,
    legalBasisNote: rest.legalBasisNote ?? '',
    source: rest.source ?? '',
    recipients: rest.recipients ?? '',
    retention: rest.retention ?? '',
    securityMeasures: rest.securityMeasures ?? '',
    responsible: rest.responsible ?? '',
    retired: rest.retired ?? false,
    reviewedOn: v.reviewedOn || null,
    processors: (v.processors ?? []).map((p) => {
      const country = (p.country ?? '').trim().toUpperCase();
      return {
        name: p.name,
        role: p.role,
        service: p.service ?? '',
        contractRef: p.contractRef ?? '',
        crossBorder: !!p.crossBorder,
        ...(country ? { country } : {}),
        ...(p.crossBorder && p.transferMechanism ? { transferMechanism: p.transferMechanism } : {}),
      };
    }),
  };
}

/** The drawer: `entryId` 'new' for a new entry, an id to edit, null when closed. */
export function ProcessingRegisterEntry({
  unionId,
  entryId,
  onClose,
  onCreated,
  reviewMonths,
}: {
  unionId: string;
  entryId: string | null;
  onClose: () => void;
  onCreated: (id: string) => void;
  reviewMonths: number;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().sm === false;
  const isNew = entryId === 'new';
  const q = useEntry(entryId && !isNew ? entryId : undefined);
  const m = useRegisterMutations(unionId);
  const [form] = Form.useForm<Values>();
  const e = q.data;
  const f = (k: keyof Content) => t(`privacy.register.field.${k}`);

  const initial = useMemo<Partial<Values>>(
    () =>
      e
        ? {
            ...e.content,
            reviewedOn: e.content.reviewedOn ?? undefined,
            processors: e.content.processors.map((p) => ({
              ...p,
              transferMechanism: p.transferMechanism ?? undefined,
            })),
          }
        : EMPTY,
    [e],
  );
  useEffect(() => {
    if (!entryId) return;
    form.resetFields();
    form.setFieldsValue(initial as Parameters<typeof form.setFieldsValue>[0]);
  }, [entryId, initial, form]);

  const saving = m.create.isPending || m.update.isPending;
  const error = m.create.error ?? m.update.error ?? m.review.error;
  const reset = () => {
    m.create.reset();
    m.update.reset();
    m.review.reset();
  };
  const submit = (v: Values) => {
    const body = { ...toInput(v), ...(v.changeNote?.trim() ? { changeNote: v.changeNote.trim() } : {}) };
    if (isNew)
      m.create.mutate(body, {
        onSuccess: (r) => {
          void message.success(t('privacy.register.saved', { version: r.version }));
          onCreated(r.id);
        },
      });
    else if (e)
      m.update.mutate(
        { ...body, id: e.id, baseVersion: e.version },
        {
          onSuccess: (r) => {
            form.setFieldValue('changeNote', '');
            void message.success(t('privacy.register.saved', { version: r.version }));
          },
        },
      );
  };

  const formView = (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={EMPTY}
      data-testid="register-form"
    >
      {e?.reviewDue && !e.content.retired && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('privacy.register.reviewDueAlert', { months: reviewMonths })}
        />
      )}
      {e && e.missing.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('privacy.register.missingAlert', {
            fields: e.missing.map((k) => f(k as keyof Content)).join(t('common.listSeparator')),
          })}
        />
      )}
      <Form.Item
        name="name"
        label={f('name')}
        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
      >
        <Input maxLength={200} data-testid="entry-name" />
      </Form.Item>
      <Form.Item
        name="purpose"
        label={f('purpose')}
        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="entry-purpose" />
      </Form.Item>
      <Form.Item name="legalBasis" label={f('legalBasis')} rules={[{ required: true }]}>
        <Select
          data-testid="entry-basis"
          options={LEGAL_BASES.map((b) => ({ value: b, label: t(`privacy.register.basis.${b}`) }))}
          popupMatchSelectWidth={false}
          optionRender={(o) => <span style={{ whiteSpace: 'normal' }}>{o.label}</span>}
        />
      </Form.Item>
      <Form.Item name="legalBasisNote" label={f('legalBasisNote')}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
      </Form.Item>
      <Form.Item name="individuals" label={f('individuals')} extra={t('privacy.register.tagsHint')}>
        <Select
          mode="tags"
          open={false}
          suffixIcon={null}
          tokenSeparators={['，', ',', '、']}
          maxCount={30}
        />
      </Form.Item>
      <Form.Item name="dataCategories" label={f('dataCategories')} extra={t('privacy.register.tagsHint')}>
        <Select
          mode="tags"
          open={false}
          suffixIcon={null}
          tokenSeparators={['，', ',', '、']}
          maxCount={60}
        />
      </Form.Item>
      <Form.Item name="sensitive" label={f('sensitive')}>
        <Checkbox.Group
          options={SENSITIVE_KINDS.map((s) => ({
            value: s,
            label: t(`privacy.register.sensitiveKind.${s}`),
          }))}
        />
      </Form.Item>
      <Form.Item name="source" label={f('source')}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
      </Form.Item>
      <Form.Item name="recipients" label={f('recipients')}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
      </Form.Item>
      <Typography.Text strong>{f('processors')}</Typography.Text>
      <Form.List name="processors">
        {(fields, { add, remove }) => (
          <Flex vertical gap={8} style={{ margin: '8px 0 16px' }}>
            {fields.map(({ key, name }) => (
              <Card
                key={key}
                size="small"
                data-testid="processor"
                extra={
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    onClick={() => remove(name)}
                  >
                    {t('privacy.register.removeProcessor')}
                  </Button>
                }
              >
                <Flex gap={12} wrap>
                  <Form.Item
                    name={[name, 'name']}
                    label={t('privacy.register.processor.name')}
                    rules={[{ required: true, whitespace: true, message: t('common.required') }]}
                    style={{ flex: '1 1 240px', marginBottom: 8 }}
                  >
                    <Input maxLength={200} data-testid="processor-name" />
                  </Form.Item>
                  <Form.Item
                    name={[name, 'role']}
                    label={t('privacy.register.processor.role')}
                    initialValue="entrusted"
                    style={{ flex: '1 1 200px', marginBottom: 8 }}
                  >
                    <Select
                      options={PROCESSOR_ROLES.map((r) => ({
                        value: r,
                        label: t(`privacy.register.role.${r}`),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[name, 'service']}
                    label={t('privacy.register.processor.service')}
                    style={{ flex: '1 1 100%', marginBottom: 8 }}
                  >
                    <Input maxLength={500} />
                  </Form.Item>
                  <Form.Item
                    name={[name, 'country']}
                    label={t('privacy.register.processor.country')}
                    tooltip={t('privacy.register.processor.countryHint')}
                    rules={[
                      { pattern: /^[A-Za-z]{2}$/, message: t('privacy.register.processor.countryHint') },
                    ]}
                    style={{ flex: '0 1 130px', marginBottom: 8 }}
                  >
                    <Input
                      maxLength={2}
                      placeholder="CN"
                      style={{ textTransform: 'uppercase' }}
                      data-testid="processor-country"
                    />
                  </Form.Item>
                  <Form.Item
                    name={[name, 'contractRef']}
                    label={t('privacy.register.processor.contractRef')}
                    style={{ flex: '1 1 200px', marginBottom: 8 }}
                  >
                    <Input maxLength={200} />
                  </Form.Item>
                  <Form.Item
                    name={[name, 'crossBorder']}
                    label={t('privacy.register.processor.crossBorder')}
                    valuePropName="checked"
                    style={{ flex: '0 1 160px', marginBottom: 8 }}
                  >
                    <Switch data-testid="processor-cross-border" />
                  </Form.Item>
                  <Form.Item noStyle dependencies={[['processors', name, 'crossBorder']]}>
                    {() =>
                      form.getFieldValue(['processors', name, 'crossBorder']) && (
                        <Form.Item
                          name={[name, 'transferMechanism']}
                          label={t('privacy.register.processor.transferMechanism')}
                          style={{ flex: '1 1 200px', marginBottom: 8 }}
                        >
                          <Select
                            allowClear
                            data-testid="processor-mechanism"
                            options={TRANSFER_MECHANISMS.map((x) => ({
                              value: x,
                              label: t(`privacy.register.mechanism.${x}`),
                            }))}
                          />
                        </Form.Item>
                      )
                    }
                  </Form.Item>
                </Flex>
              </Card>
            ))}
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ role: 'entrusted', crossBorder: false })}
              style={{ alignSelf: 'flex-start' }}
              data-testid="processor-add"
            >
              {t('privacy.register.addProcessor')}
            </Button>
          </Flex>
        )}
      </Form.List>
      <Form.Item name="retention" label={f('retention')}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
      </Form.Item>
      <Form.Item name="securityMeasures" label={f('securityMeasures')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={4000} />
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item name="responsible" label={f('responsible')} style={{ flex: '1 1 220px' }}>
          <Input maxLength={200} data-testid="entry-responsible" />
        </Form.Item>
        <Form.Item name="reviewedOn" label={f('reviewedOn')} style={{ flex: '0 1 180px' }}>
          <Input type="date" max={dayjs().format('YYYY-MM-DD')} />
        </Form.Item>
      </Flex>
      <Form.Item name="retired" valuePropName="checked">
        <Checkbox>{f('retired')}</Checkbox>
      </Form.Item>
      <Form.Item name="changeNote" label={t('privacy.register.changeNote')}>
        <Input maxLength={500} placeholder={t('privacy.register.changeNotePlaceholder')} />
      </Form.Item>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Flex gap={8} wrap>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="entry-save">
          {isNew ? t('privacy.register.saveNew') : t('privacy.register.saveVersion')}
        </Button>
        {e && (
          <Button
            icon={<CheckOutlined />}
            loading={m.review.isPending}
            data-testid="entry-reviewed"
            onClick={() =>
              m.review.mutate(
                { id: e.id, baseVersion: e.version },
                { onSuccess: () => void message.success(t('privacy.register.reviewedDone')) },
              )
            }
          >
            {t('privacy.register.markReviewed')}
          </Button>
        )}
      </Flex>
    </Form>
  );

  return (
    <Drawer
      open={!!entryId}
      onClose={() => {
        reset();
        onClose();
      }}
      size={phone ? '100%' : 760}
      title={
        isNew
          ? t('privacy.register.newTitle')
          : e
            ? t('privacy.register.editTitle', { version: e.version })
            : ''
      }
      destroyOnHidden
    >
      {!isNew && q.isPending && <Loading />}
      <ErrorAlert error={q.error} />
      {isNew
        ? formView
        : e && (
            <Tabs
              items={[
                { key: 'content', label: t('privacy.register.tabContent'), children: formView },
                {
                  key: 'history',
                  label: t('privacy.register.tabHistory', { count: e.history.length }),
                  children: <History versions={e.history} />,
                },
              ]}
            />
          )}
    </Drawer>
  );
}
