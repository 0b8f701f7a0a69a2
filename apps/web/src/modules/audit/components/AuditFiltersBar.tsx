import { App, DatePicker, Flex, Input } from 'antd';
import type { GetProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { UUID_PATTERN } from '../../../shared/lib/patterns';

type RangeValue = GetProps<typeof DatePicker.RangePicker>['value'];

export interface FilterState {
  action: string;
  actorId: string;
  range: RangeValue;
}

interface Props {
  value: FilterState;
  onChange: (next: FilterState) => void;
}

/** Action text, actor id and a time range; the page turns these into query parameters. */
export function AuditFiltersBar({ value, onChange }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <Flex gap={8} wrap>
      <Input.Search
        allowClear
        placeholder={t('audit.action')}
        maxLength={100}
        defaultValue={value.action}
        onSearch={(action) => onChange({ ...value, action: action.trim() })}
        style={{ flex: '1 1 200px' }}
        data-testid="audit-action-filter"
      />
      <Input.Search
        allowClear
        placeholder={t('audit.actorId')}
        key={`actor-${value.actorId}`}
        defaultValue={value.actorId}
        onSearch={(raw) => {
          const actorId = raw.trim();
          if (actorId && !UUID_PATTERN.test(actorId)) message.warning(t('audit.actorIdInvalid'));
          else onChange({ ...value, actorId });
        }}
        style={{ flex: '1 1 200px' }}
        data-testid="audit-actor-filter"
      />
      <DatePicker.RangePicker
        showTime={{ format: 'HH:mm' }}
        format="YYYY-MM-DD HH:mm"
        value={value.range}
        onChange={(range) => onChange({ ...value, range })}
        style={{ flex: '1 1 320px' }}
      />
    </Flex>
  );
}
