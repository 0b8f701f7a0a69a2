/** Console: one breach incident — the clock, the status flow, and the tabs (incident, members, notices, history). */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Form, Input, Popconfirm, Space, Steps, Tabs, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { FormModal } from '../../../shared/components/FormModal';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { BREACH_STATUSES, useBreach, useBreachMutations } from '../breach.api';
import { BreachAffectedTab } from './BreachAffectedTab';
import { BreachDetailsTab } from './BreachDetailsTab';
import { BreachHistoryTab, BreachNoticesTab } from './BreachNoticesTab';
import { BreachClock, BreachStatusTag, fmtTime, MissingAlert } from './BreachParts';

interface RegulatorValues {
  authority: string;
  reference?: string;
  notifiedAt: Dayjs;
}

export default function BreachDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useBreach(id);
  const m = useBreachMutations(id);
  const [tab, setTab] = useState('details');
  const [reporting, setReporting] = useState(false);
  const [closing, setClosing] = useState(false);
  usePageTitle(q.data?.title ?? t('privacy.breach.title'));
  if (q.isPending) return <Loading />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  const b = q.data;
  const times: Record<string, string | null> = {
    open: b.discoveredAt,
    contained: b.containedAt,
    notified: b.regulatorNotifiedAt,
    closed: b.closedAt,
  };
  const current = BREACH_STATUSES.indexOf(b.status);

  return (
    <Flex vertical gap={16}>
      <Link to="/console/privacy/breaches">
        <ArrowLeftOutlined /> {t('privacy.breach.back')}
      </Link>
      <Flex vertical gap={4}>
        <Space wrap align="center">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {b.title}
          </Typography.Title>
          <BreachStatusTag status={b.status} />
        </Space>
        <Typography.Text type="secondary">
          {b.orgName} · {t('privacy.breach.discoveredAt')} {fmtTime(b.discoveredAt)}
          {b.createdByName ? ` · ${b.createdByName}` : ''}
        </Typography.Text>
      </Flex>
      <BreachClock breach={b} />
      <Steps
        size="small"
        current={current}
        status={b.status === 'closed' ? 'finish' : 'process'}
        items={BREACH_STATUSES.map((s) => ({
          title: t(`privacy.breach.steps.${s}`),
          description: times[s] ? fmtTime(times[s]) : undefined,
        }))}
      />
      {b.abilities.manage && b.status !== 'closed' && (
        <Space wrap>
          {b.abilities.contain && (
            <Popconfirm
              title={t('privacy.breach.actions.containConfirm')}
              onConfirm={() => m.contain.mutate()}
              okButtonProps={{ 'data-testid': 'breach-contain-ok' } as Record<string, string>}
            >
              <Button loading={m.contain.isPending} data-testid="breach-contain">
                {t('privacy.breach.actions.contain')}
              </Button>
            </Popconfirm>
          )}
          {b.abilities.notifyRegulator && (
            <Button type="primary" onClick={() => setReporting(true)} data-testid="breach-notify-regulator">
              {t('privacy.breach.actions.notifyRegulator')}
            </Button>
          )}
          {b.abilities.close && (
            <Button onClick={() => setClosing(true)} data-testid="breach-close">
              {t('privacy.breach.actions.close')}
            </Button>
          )}
        </Space>
      )}
      <ErrorAlert error={m.contain.error} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'details', label: t('privacy.breach.tabs.details'), children: <BreachDetailsTab b={b} /> },
          {
            key: 'affected',
            label: t('privacy.breach.tabs.affected'),
            children: <BreachAffectedTab b={b} />,
          },
          { key: 'notices', label: t('privacy.breach.tabs.notices'), children: <BreachNoticesTab b={b} /> },
          { key: 'history', label: t('privacy.breach.tabs.history'), children: <BreachHistoryTab b={b} /> },
        ]}
      />
      <FormModal<RegulatorValues>
        open={reporting}
        title={t('privacy.breach.regulator.title')}
        okText={t('privacy.breach.actions.notifyRegulator')}
        pending={m.notifyRegulator.isPending}
        error={m.notifyRegulator.error}
        initialValues={{ notifiedAt: dayjs() }}
        onCancel={() => {
          setReporting(false);
          m.notifyRegulator.reset();
        }}
        onSubmit={(v) =>
          m.notifyRegulator.mutate(
            {
              authority: v.authority.trim(),
              reference: v.reference?.trim() || undefined,
              notifiedAt: v.notifiedAt.toISOString(),
            },
            { onSuccess: () => setReporting(false) },
          )
        }
      >
        <Typography.Paragraph type="secondary">{t('privacy.breach.regulator.text')}</Typography.Paragraph>
        <MissingAlert missing={b.missing.regulator} />
        <Form.Item
          name="authority"
          label={t('privacy.breach.regulator.authority')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('common.required') }]}
        >
          <Input maxLength={200} placeholder={t('privacy.breach.regulator.authorityPlaceholder')} />
        </Form.Item>
        <Form.Item name="reference" label={t('privacy.breach.regulator.reference')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="notifiedAt"
          label={t('privacy.breach.regulator.notifiedAt')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            style={{ width: '100%' }}
          />
        </Form.Item>
      </FormModal>
      <FormModal<{ noMemberNoticeReason?: string }>
        open={closing}
        title={t('privacy.breach.closeDialog.title')}
        okText={t('privacy.breach.actions.close')}
        pending={m.close.isPending}
        error={m.close.error}
        onCancel={() => {
          setClosing(false);
          m.close.reset();
        }}
        onSubmit={(v) =>
          m.close.mutate(
            { noMemberNoticeReason: v.noMemberNoticeReason?.trim() || undefined },
            { onSuccess: () => setClosing(false) },
          )
        }
      >
        <Typography.Paragraph type="secondary">{t('privacy.breach.closeDialog.text')}</Typography.Paragraph>
        {b.membersNotifiedAt ? (
          <Typography.Paragraph>
            {t('privacy.breach.closeDialog.notified', { at: fmtTime(b.membersNotifiedAt) })}
          </Typography.Paragraph>
        ) : (
          <Form.Item
            name="noMemberNoticeReason"
            label={t('privacy.breach.closeDialog.reason')}
            extra={t('privacy.breach.closeDialog.reasonHint')}
            rules={[
              {
                required: true,
                whitespace: true,
                min: 10,
                message: t('privacy.breach.closeDialog.reasonHint'),
              },
            ]}
          >
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
        )}
      </FormModal>
    </Flex>
  );
}
