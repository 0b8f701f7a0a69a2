import { useMutation } from '@tanstack/react-query';
import { Alert, Checkbox, Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../../shared/components/FormModal';
import { currentLang } from '../../../shared/i18n';
import { reasonRules } from '../../../shared/lib/patterns';
import { download, type MemberFilter, type PiiField } from '../api';

interface Values {
  scope: 'filter' | 'selected';
  format: 'csv' | 'xlsx';
  reveal?: PiiField[];
  reason?: string;
}

/** Export of what the caller may see: masked unless sensitive fields are revealed with a reason. */
export function ExportModal(props: {
  open: boolean;
  filter: MemberFilter;
  selected: string[];
  canReveal: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const run = useMutation({
    mutationFn: (v: Values) =>
      download('POST', '/members/export', {
        format: v.format,
        lang: currentLang(),
        ...(v.scope === 'selected' ? { ids: props.selected } : { filter: props.filter }),
        ...(v.reveal?.length ? { reveal: { fields: v.reveal, reason: v.reason?.trim() } } : {}),
      }),
  });
  return (
    <FormModal<Values>
      open={props.open}
      title={t('members.exportTitle')}
      okText={t('members.export')}
      pending={run.isPending}
      error={run.error}
      initialValues={{ scope: props.selected.length ? 'selected' : 'filter', format: 'xlsx' }}
      onCancel={() => {
        run.reset();
        props.onClose();
      }}
      onSubmit={(v) => run.mutate(v, { onSuccess: props.onClose })}
    >
      {(form) => (
        <>
          <Alert type="info" showIcon title={t('members.exportHelp')} style={{ marginBottom: 16 }} />
          <Form.Item name="scope" label={t('members.exportScope')}>
            <Radio.Group
              options={[
                { value: 'filter', label: t('members.exportAll') },
                {
                  value: 'selected',
                  label: t('members.exportSelected', { count: props.selected.length }),
                  disabled: !props.selected.length,
                },
              ]}
            />
          </Form.Item>
          <Form.Item name="format" label={t('members.exportFormat')}>
            <Radio.Group
              options={[
                { value: 'xlsx', label: 'Excel (.xlsx)' },
                { value: 'csv', label: 'CSV' },
              ]}
            />
          </Form.Item>
          {props.canReveal && (
            <Form.Item name="reveal" label={t('members.exportReveal')}>
              <Checkbox.Group
                options={(['idNumber', 'phone', 'address', 'email'] as const).map((f) => ({
                  value: f,
                  label: t(`members.col.${f}`),
                }))}
              />
            </Form.Item>
          )}
          <Form.Item noStyle shouldUpdate>
            {() =>
              (form.getFieldValue('reveal')?.length ?? 0) > 0 && (
                <Form.Item
                  name="reason"
                  label={t('members.reason')}
                  rules={reasonRules(t('common.required'), t('common.reasonTooShort'))}
                >
                  <Input.TextArea rows={2} maxLength={500} />
                </Form.Item>
              )
            }
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
