import { Button, Card, Col, Descriptions, Flex, Input, Row, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { casesApi, useCase, useCaseMutation } from '../api';
import { fmtTime, label, SlaTags, StateTag } from '../components/labels';
import { CaseTimeline } from '../components/Timeline';

const NEEDS_REASON = new Set([
  'reject',
  'pause',
  'reopen',
  'to_mediation',
  'to_arbitration',
  'to_litigation',
]);

/** The handler's case page: details, history with internal notes, workflow actions and messages. */
export default function CaseConsolePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useCase(id);
  usePageTitle(q.data?.ref ?? t('cases.queue'));
  const [text, setText] = useState('');
  const [toMember, setToMember] = useState(true);
  const act = useCaseMutation((b: { action: string; reason?: string; message?: string }) =>
    casesApi.handlerAction(id, b),
  );
  const msg = useCaseMutation(() => casesApi.handlerMessage(id, text, toMember));
  if (q.isLoading) return <Loading />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  const c = q.data;
  const run = (action: string) => {
    const trimmed = text.trim();
    const b = NEEDS_REASON.has(action)
      ? { action, reason: trimmed }
      : { action, ...(trimmed ? { message: trimmed } : {}) };
    act.mutate(b, { onSuccess: () => setText('') });
  };
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {c.title}
          </Typography.Title>
          <Space size={6} wrap>
            <Typography.Text type="secondary">
              {c.ref} · {label(t, 'types', c.typeKey)}
            </Typography.Text>
            <span data-testid="case-state">
              <StateTag t={t} c={c} />
            </span>
            <SlaTags t={t} c={c} />
          </Space>
        </div>
      </Flex>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('cases.fields')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('cases.submitter')}>
                {c.anonymous
                  ? t('cases.anonymousSubmitter')
                  : c.submitterId
                    ? t('cases.namedSubmitter', { id: c.submitterId.slice(0, 8) })
                    : '—'}
              </Descriptions.Item>
              {c.fieldsMasked && (
                <Descriptions.Item label={t('cases.fields')}>{t('cases.masked')}</Descriptions.Item>
              )}
              {Object.entries(c.fields).map(([k, v]) => (
                <Descriptions.Item key={k} label={label(t, 'field', k)}>
                  {typeof v === 'string' ? label(t, 'option', v) : v}
                </Descriptions.Item>
              ))}
              <Descriptions.Item label={t('cases.createdAt')}>{fmtTime(c.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('cases.due')}>
                {fmtTime(c.firstResponseDueAt ?? c.resolutionDueAt)}
              </Descriptions.Item>
              {c.pauseReason && (
                <Descriptions.Item label={t('cases.pauseReason')}>
                  {label(t, 'states', c.pauseReason)}
                </Descriptions.Item>
              )}
              {c.satisfaction !== null && (
                <Descriptions.Item label={t('cases.satisfaction')}>{c.satisfaction} / 5</Descriptions.Item>
              )}
            </Descriptions>
            {c.attachments.map((a) => (
              <div key={a.id}>
                <a href={`/api/cases/${c.id}/attachments/${a.id}`} data-testid="attachment-link">
                  {a.fileName}
                </a>
              </div>
            ))}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('cases.actions')}>
            <Input.TextArea
              rows={3}
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder={`${t('cases.messagePlaceholder')} / ${t('cases.reason')}`}
              data-testid="handler-text"
            />
            <Flex gap={8} align="center" style={{ marginTop: 8 }}>
              <Switch checked={toMember} onChange={setToMember} />
              <span>{toMember ? t('cases.toMember') : t('cases.internalNote')}</span>
              <Button
                disabled={!text.trim() || !c.abilities.message}
                loading={msg.isPending}
                onClick={() => msg.mutate(undefined, { onSuccess: () => setText('') })}
                data-testid="handler-send"
              >
                {t('cases.send')}
              </Button>
            </Flex>
            <Flex gap={8} wrap style={{ marginTop: 12 }}>
              {c.abilities.actions.map((a) => (
                <Button
                  key={a}
                  type={a === 'take' || a === 'resolve' ? 'primary' : 'default'}
                  loading={act.isPending}
                  disabled={NEEDS_REASON.has(a) && text.trim().length < 2}
                  onClick={() => run(a)}
                  data-testid={`action-${a}`}
                >
                  {label(t, 'act', a)}
                </Button>
              ))}
            </Flex>
            <ErrorAlert error={act.error ?? msg.error} style={{ marginTop: 8 }} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('cases.progress')}>
        <CaseTimeline t={t} events={c.events} />
      </Card>
    </Flex>
  );
}
