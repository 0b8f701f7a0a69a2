import { Form, Input, InputNumber, Select } from 'antd';
import type { TFunction } from 'i18next';
import type { FieldDef } from '../api';
import { useTranslation } from 'react-i18next';
import { fieldLabel, optionLabel } from './labels';

/** One form item for a case-type field, phone-friendly (native date input, large touch targets). */
export function FieldInput({ f, t }: { f: FieldDef; t: TFunction }) {
  const { i18n } = useTranslation();
  const name = ['fields', f.key];
  const rules = f.required
    ? [{ required: true, message: t('common.required', { defaultValue: '必填' }) }]
    : [];
  const text = fieldLabel(t, f, i18n.language);
  if (f.kind === 'choice') {
    return (
      <Form.Item name={name} label={text} rules={rules}>
        <Select
          size="large"
          options={(f.options ?? []).map((o) => ({ value: o, label: optionLabel(t, f, o, i18n.language) }))}
          data-testid={`field-${f.key}`}
        />
      </Form.Item>
    );
  }
  if (f.kind === 'number') {
    return (
      <Form.Item name={name} label={text} rules={rules}>
        <InputNumber size="large" min={0} style={{ width: '100%' }} data-testid={`field-${f.key}`} />
      </Form.Item>
    );
  }
  if (f.kind === 'date') {
    return (
      <Form.Item name={name} label={text} rules={rules}>
        <Input size="large" type="date" data-testid={`field-${f.key}`} />
      </Form.Item>
    );
  }
  return (
    <Form.Item name={name} label={text} rules={rules}>
      {f.key === 'description' ? (
        <Input.TextArea rows={4} maxLength={5000} data-testid={`field-${f.key}`} />
      ) : (
        <Input size="large" maxLength={200} data-testid={`field-${f.key}`} />
      )}
    </Form.Item>
  );
}
