import { Button, Card, Descriptions, Flex, Input, Rate, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { casesApi, type FieldDef, useCaseMutation, useMyCase, useMyCaseTypes } from '../api';
import { fieldLabel, fmtTime, optionLabel, StateTag, typeName } from '../components/labels';
import { CaseTimeline } from '../components/Timeline';

/** One of the member's cases: progress in near real time, answers, rating and reopening. */
export default function MyCasePage() {
  const { t, i18n } = useTranslation();
  const types = useMyCaseTypes();
  const { id = '' } = useParams();
  const q = useMyCase(id);
  usePageTitle(q.data?.title ?? t('cases.myCases'));
  const [text, setText] = useState('');
  const [rating, setRating] = useState(5);
  const [reason, setReason] = useState('');
  const act = useCaseMutation((b: { action: string; message?: string; rating?: number; reason?: string }) =>
    casesApi.memberAction(id, b),
  );
  const msg = useCaseMutation((body: string) => casesApi.memberMessage(id, body));
  if (q.isLoading) return <Loading />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  const c = q.data;
  const fieldDefs = types.data?.items.find((x) => x.key === c.typeKey)?.fields ?? [];
  const defOf = (k: string): Pick<FieldDef, 'key' | 'label' | 'optionLabels'> =>
    fieldDefs.find((f) => f.key === k) ?? { key: k };
  const can = (a: string) => c.abilities.actions.includes(a);
  const done = () => setText('');
  return (
    <Flex vertical gap={12}>
      <div style={{ padding: '8px 4px 0' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {c.title}
        </Typography.Title>
        <Space size={6} wrap>
          <Typography.Text type="secondary">
            {c.ref} · {typeName(t, c.typeKey, types.data?.items, i18n.language)}
          </Typography.Text>
          <span data-testid="my-case-state">
            <StateTag t={t} c={c} />
          </span>
        </Space>
      </div>
      <Card size="small" title={t('cases.progress')}>
        <CaseTimeline t={t} events={c.events} />
      </Card>
      <Card size="small" title={t('cases.fields')}>
        <Descriptions column={1} size="small">
          {Object.entries(c.fields).map(([k, v]) => (
            <Descriptions.Item key={k} label={fieldLabel(t, defOf(k), i18n.language)}>
              {typeof v === 'string' ? optionLabel(t, defOf(k), v, i18n.language) : v}
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={t('cases.createdAt')}>{fmtTime(c.createdAt)}</Descriptions.Item>
        </Descriptions>
        {c.attachments.map((a) => (
          <div key={a.id}>
            <a href={`/api/my/cases/${c.id}/attachments/${a.id}`}>{a.fileName}</a>
          </div>
        ))}
      </Card>
      <ErrorAlert error={act.error ?? msg.error} />
      {c.abilities.message && (
        <Card size="small" title={can('member_answers') ? t('cases.reply') : t('cases.messages')}>
          <Input.TextArea
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('cases.messagePlaceholder')}
            data-testid="member-message"
          />
          <Button
            type="primary"
            block
            style={{ marginTop: 8 }}
            disabled={!text.trim()}
            loading={act.isPending || msg.isPending}
            data-testid="member-send"
            onClick={() =>
              can('member_answers')
                ? act.mutate({ action: 'member_answers', message: text }, { onSuccess: done })
                : msg.mutate(text, { onSuccess: done })
            }
          >
            {t('cases.send')}
          </Button>
        </Card>
      )}
      {can('confirm') && (
        <Card size="small" title={t('cases.rate')}>
          <Typography.Paragraph>{t('cases.rateHelp')}</Typography.Paragraph>
          <Rate value={rating} onChange={setRating} data-testid="member-rating" />
          <Button
            type="primary"
            block
            style={{ marginTop: 8 }}
            data-testid="member-confirm"
            loading={act.isPending}
            onClick={() => act.mutate({ action: 'confirm', rating })}
          >
            {t('cases.act.confirm')}
          </Button>
        </Card>
      )}
      {c.satisfaction !== null && (
        <Card size="small">
          {t('cases.satisfaction')}: <Rate disabled value={c.satisfaction} />
        </Card>
      )}
      {can('reopen') && (
        <Card size="small" title={t('cases.reopen')}>
          <Input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('cases.reason')}
            maxLength={500}
          />
          <Button
            block
            style={{ marginTop: 8 }}
            disabled={reason.trim().length < 2}
            onClick={() => act.mutate({ action: 'reopen', reason }, { onSuccess: () => setReason('') })}
          >
            {t('cases.reopen')}
          </Button>
        </Card>
      )}
    </Flex>
  );
}
