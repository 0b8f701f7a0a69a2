import { PlusOutlined, SaveOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Slider,
  Switch,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../shared/api/errors';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { FormModal } from '../../../shared/components/FormModal';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useErrorText } from '../../../shared/i18n/useErrorText';
import { useOrgs } from '../../orgs';
import { type CaseTypeDef, casesApi, useCaseMutation, useUnionCaseTypes } from '../api';
import { FieldsEditor } from '../components/typeEditor/FieldsEditor';
import { FormPreview } from '../components/typeEditor/FormPreview';
import { cleanDef, KEY_PATTERN, newTypeDef, problemText, toDef } from '../components/typeEditor/model';
import { WorkflowEditor } from '../components/typeEditor/WorkflowEditor';

const days = (h: number | null | undefined) => (h ? Math.round((h / 24) * 10) / 10 : 0);

/**
 * Case types of a union for its officers: the shipped ones and the union's own versions. Names,
 * anonymity, fields (with a live preview of the member's form), time limits and the workflow; the server
 * checks the whole definition on save and its problems are listed in plain words.
 */
export default function CaseTypesPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('cases.editor.title'));
  const { message, modal } = App.useApp();
  const orgs = useOrgs();
  const unions = useMemo(() => (orgs.data ?? []).filter((o) => o.kind === 'grassroots'), [orgs.data]);
  const [unionId, setUnionId] = useState<string>();
  useEffect(() => {
    if (!unionId && unions[0]) setUnionId(unions[0].id);
  }, [unionId, unions]);
  const types = useUnionCaseTypes(unionId);
  const [selected, setSelected] = useState<string>();
  const [draft, setDraft] = useState<CaseTypeDef | null>(null);
  const [complete, setComplete] = useState(true);
  const [dirty, setDirty] = useState(false);
  const [drafts, setDrafts] = useState<CaseTypeDef[]>([]);
  const [creating, setCreating] = useState(false);
  const save = useCaseMutation((d: CaseTypeDef) => casesApi.saveType(unionId!, cleanDef(d)));

  const open = (key: string, list = types.data?.items) => {
    const listed = list?.find((x) => x.key === key);
    const own = drafts.find((x) => x.key === key);
    if (listed) {
      const r = toDef(listed);
      setDraft(r.def);
      setComplete(r.complete);
    } else if (own) {
      setDraft(structuredClone(own));
      setComplete(true);
    } else return;
    setSelected(key);
    setDirty(false);
    save.reset();
  };
  // opens the first type once the list arrives; open() changes identity on every render and must not
  // re-run this (it would throw away the officer's edits)
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    const first = types.data?.items[0];
    if (!selected && first) open(first.key, types.data?.items);
  }, [types.data, selected]);

  const edit = (patch: Partial<CaseTypeDef>) => {
    setDraft((d) => (d ? { ...d, ...patch } : d));
    setDirty(true);
  };
  const problems =
    isApiError(save.error) && Array.isArray(save.error.details?.problems)
      ? (save.error.details.problems as unknown[]).map(String)
      : [];

  if (orgs.isLoading) return <Loading />;
  const listed = [
    ...(types.data?.items ?? []).map((x) => ({ key: x.key, name: x.name, custom: x.custom, saved: true })),
    ...drafts
      .filter((d) => !types.data?.items.some((x) => x.key === d.key))
      .map((d) => ({ key: d.key, name: d.name, custom: true, saved: false })),
  ];
  const nameOf = (n: { zh: string; en: string }, key: string) =>
    (i18n.language === 'en' ? n.en : n.zh) || key;
  const takenKeys = new Set(listed.map((x) => x.key));

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('cases.editor.title')}
        </Typography.Title>
        {unions.length > 1 && (
          <Select
            style={{ minWidth: 220 }}
            value={unionId}
            onChange={(v) => {
              setUnionId(v);
              setSelected(undefined);
              setDraft(null);
              setDrafts([]);
            }}
            options={unions.map((u) => ({ value: u.id, label: u.name }))}
            data-testid="type-union"
          />
        )}
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('cases.editor.intro')}
      </Typography.Paragraph>
      <ErrorAlert error={orgs.error ?? types.error} />
      {unions.length === 0 && !orgs.error && <Empty description={t('cases.editor.noUnion')} />}
      {unionId && (
        <Row gutter={[12, 12]}>
          <Col span={24}>
            <Card
              size="small"
              title={t('cases.editor.types')}
              loading={types.isLoading}
              extra={
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => setCreating(true)}
                  data-testid="type-new"
                >
                  {t('cases.editor.newType')}
                </Button>
              }
            >
              <Flex gap={8} wrap data-testid="type-list">
                {listed.map((x) => (
                  <Button
                    key={x.key}
                    type={x.key === selected ? 'primary' : 'default'}
                    ghost={x.key === selected}
                    style={{ height: 'auto', paddingBlock: 6 }}
                    aria-pressed={x.key === selected}
                    onClick={() =>
                      x.key !== selected &&
                      (dirty
                        ? modal.confirm({ title: t('cases.editor.leaveConfirm'), onOk: () => open(x.key) })
                        : open(x.key))
                    }
                    data-testid={`type-${x.key}`}
                  >
                    <Flex vertical gap={2} align="start">
                      <strong>{nameOf(x.name, x.key)}</strong>
                      {!x.saved ? (
                        <Tag color="orange">{t('cases.editor.unsaved')}</Tag>
                      ) : x.custom ? (
                        <Tag color="blue">{t('cases.editor.custom')}</Tag>
                      ) : (
                        <Tag>{t('cases.editor.shipped')}</Tag>
                      )}
                    </Flex>
                  </Button>
                ))}
              </Flex>
            </Card>
          </Col>
          <Col span={24}>
            {draft ? (
              <Card
                size="small"
                title={
                  <Flex gap={8} align="center" wrap>
                    <span>{nameOf(draft.name, draft.key)}</span>
                    <Typography.Text type="secondary" code>
                      {draft.key}
                    </Typography.Text>
                    {dirty && <Tag color="orange">{t('cases.editor.changed')}</Tag>}
                  </Flex>
                }
                extra={
                  <Flex gap={8}>
                    <Button disabled={!dirty} onClick={() => open(draft.key)} data-testid="type-discard">
                      {t('cases.editor.discard')}
                    </Button>
                    <Button
                      type="primary"
                      icon={<SaveOutlined />}
                      loading={save.isPending}
                      onClick={() =>
                        save.mutate(draft, {
                          onSuccess: (r) => {
                            message.success(t('cases.editor.saved'));
                            setDirty(false);
                            setDrafts((ds) => ds.filter((d) => d.key !== draft.key));
                            const now = r.items.find((x) => x.key === draft.key);
                            if (now?.workflow && now.sla) setComplete(true);
                          },
                        })
                      }
                      data-testid="type-save"
                    >
                      {t('cases.editor.save')}
                    </Button>
                  </Flex>
                }
              >
                {!complete && (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginBottom: 12 }}
                    title={t('cases.editor.incomplete')}
                  />
                )}
                {save.error ? (
                  <Alert
                    type="error"
                    showIcon
                    role="alert"
                    style={{ marginBottom: 12 }}
                    data-testid="type-problems"
                    title={<ErrorText error={save.error} />}
                    description={
                      problems.length > 0 && (
                        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                          {problems.map((p) => (
                            <li key={p} title={p}>
                              {problemText(t, p)}
                            </li>
                          ))}
                        </ul>
                      )
                    }
                  />
                ) : null}
                <Tabs
                  items={[
                    {
                      key: 'basic',
                      label: t('cases.editor.basic'),
                      children: <BasicTab draft={draft} edit={edit} />,
                    },
                    {
                      key: 'fields',
                      label: t('cases.editor.fields'),
                      children: (
                        <Row gutter={[16, 16]}>
                          <Col xs={24} xl={14}>
                            <FieldsEditor
                              t={t}
                              fields={draft.fields}
                              onChange={(fields) => edit({ fields })}
                            />
                          </Col>
                          <Col xs={24} xl={10}>
                            <Typography.Text type="secondary">{t('cases.editor.preview')}</Typography.Text>
                            <FormPreview t={t} def={draft} lang={i18n.language} />
                          </Col>
                        </Row>
                      ),
                    },
                    {
                      key: 'workflow',
                      label: t('cases.editor.workflow'),
                      children: (
                        <WorkflowEditor
                          t={t}
                          wf={draft.workflow}
                          onChange={(workflow) => edit({ workflow })}
                        />
                      ),
                    },
                  ]}
                />
              </Card>
            ) : (
              !types.isLoading && <Empty />
            )}
          </Col>
        </Row>
      )}
      <FormModal<{ key: string; zh: string; en: string }>
        open={creating}
        title={t('cases.editor.newType')}
        pending={false}
        error={null}
        onCancel={() => setCreating(false)}
        onSubmit={(v) => {
          const d = newTypeDef(v.key, { zh: v.zh.trim(), en: (v.en ?? '').trim() || v.key });
          setDrafts((ds) => [...ds, d]);
          setDraft(structuredClone(d));
          setSelected(d.key);
          setComplete(true);
          setDirty(true);
          save.reset();
          setCreating(false);
        }}
      >
        <Form.Item
          name="zh"
          label={t('cases.editor.nameZh')}
          rules={[{ required: true, whitespace: true, max: 60 }]}
        >
          <Input maxLength={60} data-testid="new-type-zh" />
        </Form.Item>
        <Form.Item name="en" label={t('cases.editor.nameEn')} rules={[{ max: 60 }]}>
          <Input maxLength={60} data-testid="new-type-en" />
        </Form.Item>
        <Form.Item
          name="key"
          label={t('cases.editor.typeKey')}
          extra={t('cases.editor.keyHelp')}
          rules={[
            { required: true, pattern: KEY_PATTERN, message: t('cases.editor.keyInvalid') },
            {
              validator: (_r, v) =>
                takenKeys.has(v) ? Promise.reject(new Error(t('cases.editor.keyTaken'))) : Promise.resolve(),
            },
          ]}
        >
          <Input maxLength={40} data-testid="new-type-key" />
        </Form.Item>
      </FormModal>
    </Flex>
  );
}

function ErrorText({ error }: { error: unknown }) {
  const text = useErrorText();
  return <span>{text(error)}</span>;
}

/** Names, anonymity and time limits, with the limits also shown in days. */
function BasicTab({ draft, edit }: { draft: CaseTypeDef; edit: (p: Partial<CaseTypeDef>) => void }) {
  const { t } = useTranslation();
  const sla = draft.sla;
  const setSla = (p: Partial<CaseTypeDef['sla']>) => edit({ sla: { ...sla, ...p } });
  return (
    <Form layout="vertical" style={{ maxWidth: 560 }}>
      <Form.Item label={t('cases.editor.nameZh')} required>
        <Input
          maxLength={60}
          value={draft.name.zh}
          status={draft.name.zh.trim() ? undefined : 'error'}
          onChange={(e) => edit({ name: { ...draft.name, zh: e.target.value } })}
          data-testid="type-name-zh"
        />
      </Form.Item>
      <Form.Item label={t('cases.editor.nameEn')}>
        <Input
          maxLength={60}
          value={draft.name.en}
          onChange={(e) => edit({ name: { ...draft.name, en: e.target.value } })}
          data-testid="type-name-en"
        />
      </Form.Item>
      <Form.Item label={t('cases.editor.allowAnonymous')} extra={t('cases.editor.allowAnonymousHelp')}>
        <Switch
          checked={draft.allowAnonymous}
          onChange={(allowAnonymous) => edit({ allowAnonymous })}
          data-testid="type-anonymous"
        />
      </Form.Item>
      <Form.Item
        label={t('cases.editor.firstResponse')}
        extra={t('cases.editor.hoursHelp', { days: days(sla.firstResponseHours), max: 24 * 90 })}
      >
        <InputNumber
          min={1}
          max={24 * 90}
          value={sla.firstResponseHours}
          onChange={(v) => v !== null && setSla({ firstResponseHours: v })}
          suffix={t('cases.editor.hours')}
          style={{ width: 200 }}
          data-testid="type-sla-first"
        />
      </Form.Item>
      <Form.Item
        label={t('cases.editor.resolution')}
        extra={t('cases.editor.hoursHelp', { days: days(sla.resolutionHours), max: 24 * 365 })}
      >
        <InputNumber
          min={1}
          max={24 * 365}
          value={sla.resolutionHours}
          onChange={(v) => v !== null && setSla({ resolutionHours: v })}
          suffix={t('cases.editor.hours')}
          style={{ width: 200 }}
          data-testid="type-sla-resolution"
        />
      </Form.Item>
      <Form.Item
        label={t('cases.editor.remindAt')}
        extra={t('cases.editor.remindAtHelp', { pct: Math.round(sla.remindAt * 100) })}
      >
        <Slider
          min={10}
          max={99}
          value={Math.round(sla.remindAt * 100)}
          onChange={(v) => setSla({ remindAt: v / 100 })}
          tooltip={{ formatter: (v) => `${v}%` }}
        />
      </Form.Item>
    </Form>
  );
}
