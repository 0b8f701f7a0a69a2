import { LockOutlined, PlusOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Radio, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { isApiError } from '../../../shared/api/errors';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { OrgTreeSelect, useOrgs } from '../../orgs';
import { createPoll, pollStep, QUESTION_KINDS, type QuestionKind, updatePoll, usePoll } from '../api';
import { QuestionEditor } from '../components/QuestionEditor';
import { blankQuestion, fromPollView, type PollFormValues, toPollInput } from '../form';

const pickerProps = { showTime: { format: 'HH:mm' }, format: 'YYYY-MM-DD HH:mm' } as const;

/** Officers: create a survey or edit a draft (questions of all five kinds), save it, publish it. */
export default function PollEditorPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { modal, message } = App.useApp();
  const existing = usePoll(id);
  const orgs = useOrgs();
  usePageTitle(t(id ? 'polls.editor.editTitle' : 'polls.editor.newTitle'));
  const [form] = Form.useForm<PollFormValues>();
  const [loaded, setLoaded] = useState(!id);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [badQuestion, setBadQuestion] = useState<number | null>(null);
  const anonymous = Form.useWatch('anonymous', form) ?? true;

  useEffect(() => {
    if (existing.data && !loaded && existing.data.status === 'draft') {
      form.setFieldsValue(fromPollView(existing.data));
      setLoaded(true);
    }
  }, [existing.data, loaded, form]);

  if (id && existing.isLoading) return <Loading />;
  if (id && !existing.data) return <ErrorAlert error={existing.error} />;
  if (existing.data && existing.data.status !== 'draft')
    return <Alert type="warning" showIcon title={t('polls.editor.notDraft')} />;

  /** Saves (creates or updates); returns the poll id, or null when the server refused. */
  const save = async (): Promise<string | null> => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return null;
    const body = toPollInput(values);
    setBusy(true);
    setError(null);
    setBadQuestion(null);
    try {
      const saved = id ? await updatePoll(id, body) : await createPoll(body);
      await qc.invalidateQueries({ queryKey: ['polls'] });
      if (!id) navigate(`/console/polls/${saved.id}/edit`, { replace: true });
      return saved.id;
    } catch (err) {
      setError(err);
      const qid = isApiError(err) ? err.details?.question : undefined;
      const idx = body.questions.findIndex((q) => q.id === qid);
      if (idx >= 0) setBadQuestion(idx);
      return null;
    } finally {
      setBusy(false);
    }
  };

  const publish = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const org = orgs.data?.find((o) => o.id === values.orgId)?.name ?? '';
    const ok = await modal.confirm({
      title: t('polls.editor.publishTitle'),
      content: (
        <Flex vertical gap={8}>
          <span>{t('polls.editor.publishBody', { org })}</span>
          <Typography.Text strong>
            {values.anonymous ? t('polls.editor.publishAnonymous') : t('polls.editor.publishNamed')}
          </Typography.Text>
        </Flex>
      ),
      okText: t('polls.console.publish'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'publish-ok' },
    });
    if (!ok) return;
    const pollId = await save();
    if (!pollId) return;
    setBusy(true);
    try {
      await pollStep(pollId, 'publish');
      await qc.invalidateQueries({ queryKey: ['polls'] });
      message.success(t('polls.editor.published'));
      navigate(`/console/polls/${pollId}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const start = dayjs().add(7, 'day').startOf('hour');
  return (
    <Flex vertical gap={12} style={{ maxWidth: 920 }}>
      <Typography.Title level={3} style={{ margin: '8px 4px 0' }}>
        {t(id ? 'polls.editor.editTitle' : 'polls.editor.newTitle')}
      </Typography.Title>
      <Form<PollFormValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{
          anonymous: true,
          resultsVisibility: 'after_response',
          opensAt: null,
          closesAt: start,
          questions: [blankQuestion('single')],
        }}
      >
        <Flex vertical gap={12}>
          <Card size="small" title={t('polls.editor.basics')}>
            <Form.Item
              name="orgId"
              label={t('polls.editor.org')}
              extra={t('polls.editor.orgHelp')}
              rules={[{ required: true }]}
            >
              <OrgTreeSelect data-testid="poll-org" />
            </Form.Item>
            <Form.Item
              name="title"
              label={t('polls.editor.title')}
              rules={[{ required: true, whitespace: true, max: 200 }]}
            >
              <Input maxLength={200} data-testid="poll-title" />
            </Form.Item>
            <Form.Item name="description" label={t('polls.editor.description')}>
              <Input.TextArea
                maxLength={20000}
                autoSize={{ minRows: 2, maxRows: 8 }}
                data-testid="poll-description"
              />
            </Form.Item>
            <Flex gap={12} wrap>
              <Form.Item name="opensAt" label={t('polls.editor.opensAt')}>
                <DatePicker {...pickerProps} data-testid="poll-opens" />
              </Form.Item>
              <Form.Item name="closesAt" label={t('polls.editor.closesAt')} rules={[{ required: true }]}>
                <DatePicker {...pickerProps} allowClear={false} data-testid="poll-closes" />
              </Form.Item>
            </Flex>
          </Card>
          <Card size="small" title={t('polls.editor.privacy')}>
            <Form.Item name="anonymous" style={{ marginBottom: 8 }}>
              <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
                {[true, false].map((a) => (
                  <Radio
                    key={String(a)}
                    value={a}
                    data-testid={a ? 'poll-anonymous' : 'poll-named'}
                    style={{
                      alignItems: 'flex-start',
                      padding: 10,
                      border: `1px solid ${anonymous === a ? '#cf1322' : '#f0f0f0'}`,
                      borderRadius: 8,
                      marginInlineEnd: 0,
                    }}
                  >
                    <Typography.Text strong>
                      {a ? <LockOutlined /> : <UserOutlined />}{' '}
                      {a ? t('polls.editor.anonymous') : t('polls.editor.named')}
                    </Typography.Text>
                    <div style={{ color: '#595959', fontSize: 13 }}>
                      {a ? t('polls.editor.anonymousHelp') : t('polls.editor.namedHelp')}
                    </div>
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('polls.editor.privacyNote')}
            </Typography.Paragraph>
            <Form.Item
              name="resultsVisibility"
              label={t('polls.editor.visibility')}
              style={{ marginBottom: 0 }}
            >
              <Radio.Group
                data-testid="poll-visibility"
                options={(['after_response', 'after_close', 'managers'] as const).map((v) => ({
                  value: v,
                  label: t(`polls.editor.vis.${v}`),
                }))}
              />
            </Form.Item>
          </Card>
          <Typography.Title level={5} style={{ margin: '4px 4px 0' }}>
            {t('polls.editor.questions')}
          </Typography.Title>
          <Form.List name="questions">
            {(fields, { add, remove, move }) => (
              <Flex vertical gap={8}>
                {fields.map((f) => (
                  <QuestionEditor
                    key={f.key}
                    name={f.name}
                    count={fields.length}
                    onMove={(to) => move(f.name, to)}
                    onRemove={() => remove(f.name)}
                    highlighted={badQuestion === f.name}
                  />
                ))}
                <Flex gap={8} wrap align="center">
                  <Typography.Text type="secondary">{t('polls.editor.addQuestion')}:</Typography.Text>
                  {QUESTION_KINDS.map((k: QuestionKind) => (
                    <Button
                      key={k}
                      icon={<PlusOutlined />}
                      onClick={() => add(blankQuestion(k))}
                      disabled={fields.length >= 100}
                      data-testid={`add-${k}`}
                    >
                      {t(`polls.kind.${k}`)}
                    </Button>
                  ))}
                </Flex>
              </Flex>
            )}
          </Form.List>
        </Flex>
      </Form>
      <ErrorAlert error={error} />
      <Flex gap={8} wrap justify="flex-end">
        <Button
          loading={busy}
          onClick={async () => {
            if (await save()) message.success(t('polls.editor.saved'));
          }}
          data-testid="poll-save"
        >
          {t('polls.editor.save')}
        </Button>
        <Button type="primary" loading={busy} onClick={() => void publish()} data-testid="poll-publish">
          {t('polls.editor.saveAndPublish')}
        </Button>
      </Flex>
    </Flex>
  );
}
