import { Alert, Checkbox, Form } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../../shared/components/FormModal';
import { memberApi, type PiiField } from '../api';
import { ReasonFields } from './ReasonFields';

interface Props {
  memberId: string;
  open: boolean;
  onClose: () => void;
  onRevealed: (values: Partial<Record<PiiField, string | null>>) => void;
}

const FIELDS: PiiField[] = ['idNumber', 'phone', 'address', 'email'];

/** Asks which fields and why, then shows them; the server audits the reveal with the reason. */
export function RevealModal({ memberId, open, onClose, onRevealed }: Props) {
  const { t } = useTranslation();
  const reveal = useMutation({
    mutationFn: (v: { fields: PiiField[]; reason: string }) =>
      memberApi.reveal(memberId, v.fields, v.reason.trim()),
  });
  return (
    <FormModal<{ fields: PiiField[]; reason: string }>
      open={open}
      title={t('members.revealTitle')}
      okText={t('members.reveal')}
      pending={reveal.isPending}
      error={reveal.error}
      initialValues={{ fields: ['idNumber', 'phone'] }}
      onCancel={() => {
        reveal.reset();
        onClose();
      }}
      onSubmit={(v) =>
        reveal.mutate(v, {
          onSuccess: (r) => {
            onRevealed(r);
            onClose();
          },
        })
      }
    >
      <Alert type="warning" showIcon title={t('members.revealHelp')} style={{ marginBottom: 16 }} />
      <Form.Item
        name="fields"
        label={t('members.revealFields')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Checkbox.Group options={FIELDS.map((f) => ({ value: f, label: t(`members.col.${f}`) }))} />
      </Form.Item>
      <ReasonFields />
    </FormModal>
  );
}
