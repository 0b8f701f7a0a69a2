import { Form, Input } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../../shared/components/FormModal';

/** Asks for a reason (2–500 characters) before a report or a moderator action. */
export function ReasonModal(props: {
  open: boolean;
  title: ReactNode;
  label: string;
  hint?: string;
  pending: boolean;
  error: unknown;
  danger?: boolean;
  onCancel: () => void;
  onSubmit: (reason: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <FormModal<{ reason: string }>
      open={props.open}
      title={props.title}
      pending={props.pending}
      error={props.error}
      danger={props.danger}
      onCancel={props.onCancel}
      onSubmit={(v) => props.onSubmit(v.reason.trim())}
    >
      <Form.Item
        name="reason"
        label={props.label}
        extra={props.hint}
        rules={[
          { required: true, whitespace: true, message: t('common.required') },
          { min: 2, message: t('common.reasonTooShort') },
          { max: 500 },
        ]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} data-testid="reason-input" />
      </Form.Item>
    </FormModal>
  );
}
