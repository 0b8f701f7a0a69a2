/** The notices and history tabs of the breach incident page. */
import { Alert, App, Button, Card, Flex, Popconfirm, Segmented, Space, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { type BreachDetail, fetchRegulatorNotice, saveText, useBreachMutations } from '../breach.api';
import { fmtTime } from './BreachParts';
import { MissingAlert } from './BreachParts';

/** The regulator report (preview, download in zh-CN or en) and the member notices. */
export function BreachNoticesTab({ b }: { b: BreachDetail }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const m = useBreachMutations(b.id);
  const [lang, setLang] = useState<'zh-CN' | 'en'>(i18n.language === 'en' ? 'en' : 'zh-CN');
  const [preview, setPreview] = useState<{ fileName: string; text: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const load = async (then: 'preview' | 'download') => {
    setBusy(true);
    setError(null);
    try {
      const n = await fetchRegulatorNotice(b.id, lang);
      setPreview(n);
      if (then === 'download') saveText(n.fileName, n.text);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const s = b.snapshot;
  const pending = s ? s.notices.account - s.notices.notified : 0;
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('privacy.breach.notices.regulatorTitle')}>
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">{t('privacy.breach.notices.regulatorText')}</Typography.Text>
          <MissingAlert missing={b.missing.regulator} />
          <Space wrap>
            <Segmented
              value={lang}
              onChange={(v) => {
                setLang(v as 'zh-CN' | 'en');
                setPreview(null);
              }}
              options={[
                { value: 'zh-CN', label: '中文' },
                { value: 'en', label: 'English' },
              ]}
            />
            <Button onClick={() => void load('preview')} loading={busy} data-testid="breach-notice-preview">
              {t('privacy.breach.notices.preview')}
            </Button>
            <Button
              type="primary"
              onClick={() => void load('download')}
              loading={busy}
              data-testid="breach-notice-download"
            >
              {t('privacy.breach.notices.download')}
            </Button>
          </Space>
          <ErrorAlert error={error} />
          {preview && (
            <Typography.Paragraph
              data-testid="breach-notice-text"
              style={{
                whiteSpace: 'pre-wrap',
                maxHeight: 420,
                overflow: 'auto',
                background: 'rgba(0,0,0,0.03)',
                padding: 12,
                borderRadius: 6,
                fontSize: 13,
                margin: 0,
              }}
            >
              {preview.text}
            </Typography.Paragraph>
          )}
        </Flex>
      </Card>
      <Card size="small" title={t('privacy.breach.notices.membersTitle')}>
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">{t('privacy.breach.notices.membersText')}</Typography.Text>
          {!s && <Alert type="info" showIcon title={t('privacy.breach.notices.needCompute')} />}
          {s && (
            <Typography.Text data-testid="breach-notice-status">
              {t('privacy.breach.notices.status', s.notices)}
            </Typography.Text>
          )}
          {b.membersNotifiedAt && (
            <Typography.Text>
              {t('privacy.breach.notices.notifiedAt', { at: fmtTime(b.membersNotifiedAt) })}
            </Typography.Text>
          )}
          {b.noMemberNoticeReason && (
            <Typography.Text>
              {t('privacy.breach.notices.noNotice', { reason: b.noMemberNoticeReason })}
            </Typography.Text>
          )}
          <MissingAlert missing={b.missing.members} />
          {b.abilities.notifyMembers && (
            <Popconfirm
              title={t('privacy.breach.notices.sendConfirm', { n: pending })}
              okButtonProps={{ 'data-testid': 'breach-send-ok' } as Record<string, string>}
              onConfirm={() =>
                m.notifyMembers.mutate(undefined, {
                  onSuccess: (r) =>
                    message.success(
                      t('privacy.breach.notices.sent', {
                        sent: r.sent,
                        already: r.alreadyNotified,
                        offline: r.offline,
                      }),
                    ),
                })
              }
            >
              <Button
                type="primary"
                disabled={b.missing.members.length > 0 || (Boolean(b.membersNotifiedAt) && pending === 0)}
                loading={m.notifyMembers.isPending}
                data-testid="breach-notify-members"
                style={{ alignSelf: 'flex-start' }}
              >
                {t('privacy.breach.notices.send')}
              </Button>
            </Popconfirm>
          )}
          <ErrorAlert error={m.notifyMembers.error} />
        </Flex>
      </Card>
    </Flex>
  );
}

/** The incident's audit entries, oldest first. */
export function BreachHistoryTab({ b }: { b: BreachDetail }) {
  const { t } = useTranslation();
  const summary = (h: BreachDetail['history'][number]) => {
    const d = h.details;
    if (h.action === 'privacy.breach_computed')
      return t('privacy.breach.history.computed', {
        members: d.members,
        chain: d.chainOk ? t('privacy.breach.history.chainOk') : t('privacy.breach.history.chainBroken'),
      });
    if (h.action === 'privacy.breach_members_notified')
      return t('privacy.breach.history.sent', { sent: d.sent });
    if (h.action === 'privacy.breach_updated' && Array.isArray(d.fields))
      return t('privacy.breach.history.fields', {
        fields: (d.fields as string[])
          .map((f) =>
            t(`privacy.breach.fields.${f === 'occurredFrom' || f === 'occurredTo' ? 'occurred' : f}`),
          )
          .join(t('common.listSeparator')),
      });
    if (h.action === 'privacy.breach_regulator_notified') return String(d.authority ?? '');
    if (h.action === 'privacy.breach_closed' && d.noMemberNoticeReason) return String(d.noMemberNoticeReason);
    return '';
  };
  return (
    <Timeline
      items={b.history.map((h) => ({
        key: h.seq,
        content: (
          <Flex vertical gap={0}>
            <span>
              <Typography.Text strong>
                {t(`privacy.breach.history.${h.action}`, { defaultValue: h.action })}
              </Typography.Text>
              {' · '}
              {h.actorName ?? t('privacy.breach.history.system')}
            </span>
            <Typography.Text type="secondary">
              {fmtTime(h.at)}
              {summary(h) ? ` · ${summary(h)}` : ''}
            </Typography.Text>
          </Flex>
        ),
      }))}
    />
  );
}
