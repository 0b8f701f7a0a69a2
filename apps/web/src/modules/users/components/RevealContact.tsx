import { useMutation } from '@tanstack/react-query';
import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../../shared/components/FormModal';
import { reasonRules } from '../../../shared/lib/patterns';
import { revealContact } from '../api';

/**
 * Shows a user's full e-mail and phone after the officer states why; the server checks the
 * permission and writes an audit row. The answer lives only in this component's state.
 */
export function RevealContact({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const reveal = useMutation({
    mutationFn: (v: { reason: string }) => revealContact(userId, v.reason.trim()),
    onSuccess: () => setOpen(false),
  });
  const data = reveal.data;
  return (
    <>
      {data ? (
        <Alert
          style={{ marginTop: 8 }}
          type="info"
          showIcon
          title={t('users.revealedNote')}
          description={
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'email', label: t('users.email'), children: data.email ?? t('account.notSet') },
                { key: 'phone', label: t('account.phone'), children: data.phone ?? t('account.notSet') },
              ]}
            />
          }
        />
      ) : (
        <Button size="small" icon={<EyeOutlined />} onClick={() => setOpen(true)} data-testid="user-reveal">
          {t('users.reveal')}
        </Button>
      )}
      <FormModal<{ reason: string }>
        open={open}
        title={t('users.reveal')}
        pending={reveal.isPending}
        error={reveal.error}
        onCancel={() => {
          reveal.reset();
          setOpen(false);
        }}
        onSubmit={(v) => reveal.mutate(v)}
      >
        <Alert type="warning" showIcon title={t('users.revealIntro')} style={{ marginBottom: 16 }} />
        <Form.Item
          name="reason"
          label={t('users.reason')}
          rules={reasonRules(t('common.required'), t('common.reasonTooShort'))}
        >
          <Input.TextArea rows={2} maxLength={500} showCount data-testid="user-reveal-reason" />
        </Form.Item>
      </FormModal>
    </>
  );
}
