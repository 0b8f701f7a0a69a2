/** Console: members' deletion requests in the officer's scope, with deadlines; execute or decline. */
import { Alert, Button, Flex, Form, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { type OfficerRequest, type RequestStatus, useDecide, useDeletionRequests } from '../api';

const fmt = (s: string | null) => (s ? dayjs(s).format('YYYY-MM-DD') : '—');
const codeOf = (r: OfficerRequest) => r.memberNo ?? r.username;

export default function DeletionRequestsPage() {
  const { t } = useTranslation();
  usePageTitle(t('privacy.console.title'));
  const [status, setStatus] = useState<RequestStatus | 'all'>('open');
  const q = useDeletionRequests(status === 'all' ? undefined : status);
  const d = useDecide();
  const [executing, setExecuting] = useState<OfficerRequest | null>(null);
  const [declining, setDeclining] = useState<OfficerRequest | null>(null);
  const [confirm, setConfirm] = useState('');
  const [declineForm] = Form.useForm<{ reason: string }>();
  const closeExec = () => {
    setExecuting(null);
    setConfirm('');
    d.execute.reset();
  };

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('privacy.console.title')}
      </Typography.Title>
      <Alert type="info" showIcon title={t('privacy.console.intro', { days: q.data?.workingDays ?? 15 })} />
      <Segmented
        value={status}
        onChange={(v) => setStatus(v as RequestStatus | 'all')}
        options={[
          { value: 'open', label: t('privacy.status.open') },
          { value: 'executed', label: t('privacy.status.executed') },
          { value: 'declined', label: t('privacy.status.declined') },
          { value: 'all', label: t('privacy.console.all') },
        ]}
      />
      <ErrorAlert error={q.error} />
      <Table<OfficerRequest>
        rowKey="id"
        loading={q.isPending}
        dataSource={q.data?.items}
        scroll={{ x: 760 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('privacy.console.empty') }}
        columns={[
          {
            title: t('privacy.console.member'),
            key: 'm',
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <span>{r.memberName ?? r.username}</span>
                <Typography.Text type="secondary">{codeOf(r)}</Typography.Text>
              </Space>
            ),
          },
          { title: t('privacy.console.org'), dataIndex: 'orgName' },
          { title: t('privacy.reason'), dataIndex: 'reason', ellipsis: true },
          { title: t('privacy.requestedAt'), key: 'at', render: (_, r) => fmt(r.requestedAt) },
          {
            title: t('privacy.dueAt'),
            key: 'due',
            render: (_, r) =>
              r.status === 'open' ? (
                <Space size={4}>
                  <span>{fmt(r.dueAt)}</span>
                  {r.overdue && <Tag color="error">{t('privacy.console.overdue')}</Tag>}
                </Space>
              ) : (
                <Tag>{t(`privacy.status.${r.status}`)}</Tag>
              ),
          },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, r) =>
              r.status === 'open' && (
                <Space wrap>
                  <Button size="small" danger data-testid={`execute-${r.id}`} onClick={() => setExecuting(r)}>
                    {t('privacy.console.execute')}
                  </Button>
                  <Button size="small" onClick={() => setDeclining(r)}>
                    {t('privacy.console.decline')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={!!executing}
        title={
          executing && t('privacy.console.executeTitle', { name: executing.memberName ?? executing.username })
        }
        okText={t('privacy.console.execute')}
        okButtonProps={{ danger: true, disabled: !executing || confirm.trim() !== codeOf(executing) }}
        confirmLoading={d.execute.isPending}
        destroyOnHidden
        onCancel={closeExec}
        onOk={() =>
          executing &&
          d.execute.mutate({ id: executing.id, confirm: confirm.trim() }, { onSuccess: closeExec })
        }
      >
        {executing && (
          <Flex vertical gap={12}>
            <Typography.Paragraph>
              {t('privacy.console.executeText', { code: codeOf(executing) })}
            </Typography.Paragraph>
            <Input
              aria-label={t('privacy.console.confirmLabel', { code: codeOf(executing) })}
              placeholder={t('privacy.console.confirmLabel', { code: codeOf(executing) })}
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              data-testid="privacy-confirm"
            />
            <ErrorAlert error={d.execute.error} />
          </Flex>
        )}
      </Modal>
      <Modal
        open={!!declining}
        title={t('privacy.console.declineTitle')}
        okText={t('privacy.console.decline')}
        confirmLoading={d.decline.isPending}
        onCancel={() => {
          setDeclining(null);
          d.decline.reset();
        }}
        onOk={() => declineForm.submit()}
      >
        <Form
          form={declineForm}
          layout="vertical"
          onFinish={(v) =>
            declining &&
            d.decline.mutate(
              { id: declining.id, reason: v.reason },
              {
                onSuccess: () => {
                  setDeclining(null);
                  declineForm.resetFields();
                },
              },
            )
          }
        >
          <Form.Item
            name="reason"
            label={t('privacy.console.declineReason')}
            rules={[
              { required: true, message: t('common.required') },
              { min: 2, message: t('common.reasonTooShort') },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
          <ErrorAlert error={d.decline.error} />
        </Form>
      </Modal>
    </Flex>
  );
}
