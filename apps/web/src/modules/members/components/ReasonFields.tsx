import { DatePicker, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { reasonRules } from '../../../shared/lib/patterns';

/** The reason (and optionally an effective date) every lifecycle step records. */
export function ReasonFields({ withDate = false }: { withDate?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="reason"
        label={t('members.reason')}
        extra={t('members.reasonHelp')}
        rules={reasonRules(t('common.required'), t('common.reasonTooShort'))}
      >
        <Input.TextArea rows={3} maxLength={500} showCount data-testid="member-reason" />
      </Form.Item>
      {withDate && (
        <Form.Item name="effectiveDate" label={t('members.effectiveDate')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      )}
    </>
  );
}
