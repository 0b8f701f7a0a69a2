/** 我的数据: download everything held about me (PIPL 45) and ask for deletion (PIPL 47). */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isReauthCancelled } from '../../../shared/auth/reauth';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useReauth } from '../../account';
import { downloadMyData, type RequestStatus, useMyDeletionRequest, useMyRequestMutations } from '../api';
import { privacyZhCN } from '../i18n';
import { MyUnionContact } from './PrivacyContactPage';

const STATUS_COLOR: Record<RequestStatus, string> = {
  open: 'processing',
  executed: 'success',
  declined: 'warning',
  withdrawn: 'default',
};
const fmt = (s: string | null) => (s ? dayjs(s).format('YYYY-MM-DD HH:mm') : '—');

export default function MyDataPage() {
  const { t } = useTranslation();
  usePageTitle(t('privacy.title'));
  const { modal, message } = App.useApp();
  const { withReauth, reauthModal } = useReauth();
  const mine = useMyDeletionRequest();
  const m = useMyRequestMutations();
  const [busy, setBusy] = useState<'export' | 'request' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const run = async (what: 'export' | 'request', fn: () => Promise<unknown>) => {
    setBusy(what);
    setError(null);
    try {
      await withReauth(fn);
      if (what === 'export') void message.success(t('privacy.exportDone'));
      else form.resetFields();
    } catch (e) {
      if (!isReauthCancelled(e)) setError(e);
    } finally {
      setBusy(null);
    }
  };
  const days = mine.data?.workingDays ?? 15;
  const r = mine.data?.request;
  const list = (key: 'deleted' | 'kept') =>
    privacyZhCN[key].map((zh, i) => <li key={zh}>{t(`privacy.${key}.${i}`)}</li>);

  return (
    <Flex vertical gap={16} style={{ width: '100%', maxWidth: 760, margin: '0 auto' }}>
      {reauthModal}
      <Typography.Title level={3} style={{ margin: '8px 0 0' }}>
        {t('privacy.title')}
      </Typography.Title>
      <ErrorAlert error={error} />
      <Card title={t('privacy.exportTitle')}>
        <Typography.Paragraph>{t('privacy.exportText')}</Typography.Paragraph>
        <Button
          type="primary"
          icon={<DownloadOutlined />}
          loading={busy === 'export'}
          data-testid="privacy-export"
          onClick={() => void run('export', downloadMyData)}
        >
          {t('privacy.exportButton')}
        </Button>
      </Card>
      <Card title={t('privacy.deleteTitle')}>
        <Typography.Paragraph>{t('privacy.deleteIntro', { days })}</Typography.Paragraph>
        <Typography.Text strong>{t('privacy.deletedHeading')}</Typography.Text>
        <ul style={{ paddingInlineStart: 20, marginTop: 4 }}>{list('deleted')}</ul>
        <Typography.Text strong>{t('privacy.keptHeading')}</Typography.Text>
        <ul style={{ paddingInlineStart: 20, marginTop: 4 }}>{list('kept')}</ul>
        {mine.isPending && <Loading />}
        <ErrorAlert error={mine.error ?? m.withdraw.error} />
        {r && (
          <Descriptions
            size="small"
            column={1}
            bordered
            style={{ marginBottom: 16 }}
            data-testid="privacy-my-request"
            items={[
              {
                key: 's',
                label: t('privacy.statusLabel'),
                children: <Tag color={STATUS_COLOR[r.status]}>{t(`privacy.status.${r.status}`)}</Tag>,
              },
              { key: 'r', label: t('privacy.reason'), children: r.reason },
              { key: 'a', label: t('privacy.requestedAt'), children: fmt(r.requestedAt) },
              ...(r.status === 'open'
                ? [{ key: 'd', label: t('privacy.dueAt'), children: fmt(r.dueAt) }]
                : [{ key: 'c', label: t('privacy.decidedAt'), children: fmt(r.decidedAt) }]),
              ...(r.decisionReason
                ? [{ key: 'x', label: t('privacy.decisionReason'), children: r.decisionReason }]
                : []),
            ]}
          />
        )}
        {r?.status === 'open' ? (
          <Button loading={m.withdraw.isPending} onClick={() => m.withdraw.mutate()}>
            {t('privacy.withdraw')}
          </Button>
        ) : (
          mine.data && (
            <Form
              form={form}
              layout="vertical"
              onFinish={(v) =>
                modal.confirm({
                  title: t('privacy.requestConfirmTitle'),
                  content: t('privacy.requestConfirmText'),
                  okButtonProps: { danger: true },
                  onOk: () => run('request', () => m.request(v.reason)),
                })
              }
            >
              <Form.Item
                name="reason"
                label={t('privacy.reasonLabel')}
                rules={[
                  { required: true, message: t('common.required') },
                  { min: 2, message: t('common.reasonTooShort') },
                ]}
              >
                <Input.TextArea rows={2} maxLength={500} placeholder={t('privacy.reasonPlaceholder')} />
              </Form.Item>
              <Alert
                type="warning"
                showIcon
                title={t('privacy.requestConfirmText')}
                style={{ marginBottom: 12 }}
              />
              <Button danger htmlType="submit" loading={busy === 'request'} data-testid="privacy-request">
                {t('privacy.requestButton')}
              </Button>
            </Form>
          )
        )}
      </Card>
      <MyUnionContact />
    </Flex>
  );
}
