import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Dropdown, Flex, Input, Select, Space, Switch, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import type { FieldDef } from '../../api';
import { fieldLabel, label, optionLabel } from '../labels';
import { ANALYTICS, COMMON_FIELDS, FIELD_KINDS, KEY_PATTERN, move } from './model';

/** The fields a member fills in: add (common ones or an own key), remove, reorder, kind and options. */
export function FieldsEditor({
  t,
  fields,
  onChange,
}: {
  t: TFunction;
  fields: FieldDef[];
  onChange: (f: FieldDef[]) => void;
}) {
  const { i18n } = useTranslation();
  const [ownKey, setOwnKey] = useState('');
  const setLabel = (i: number, lang: 'zh' | 'en', v: string) => {
    const cur = fields[i]?.label ?? { zh: '', en: '' };
    set(i, { label: { ...cur, [lang]: v } });
  };
  const setOptionLabel = (i: number, o: string, lang: 'zh' | 'en', v: string) => {
    const all = fields[i]?.optionLabels ?? {};
    const cur = all[o] ?? { zh: '', en: '' };
    set(i, { optionLabels: { ...all, [o]: { ...cur, [lang]: v } } });
  };
  const set = (i: number, patch: Partial<FieldDef>) =>
    onChange(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const taken = new Set(fields.map((f) => f.key));
  const common = COMMON_FIELDS.filter((f) => !taken.has(f.key));
  const ownOk = KEY_PATTERN.test(ownKey) && !taken.has(ownKey);
  return (
    <Flex vertical gap={8} data-testid="type-fields">
      {fields.length === 0 && (
        <Typography.Text type="secondary">{t('cases.editor.noFields')}</Typography.Text>
      )}
      {fields.map((f, i) => (
        <Card
          key={f.key}
          size="small"
          data-testid="type-field"
          title={
            <Space size={6} wrap>
              <span>{i + 1}.</span>
              <Typography.Text strong>{fieldLabel(t, f, i18n.language)}</Typography.Text>
              <Typography.Text type="secondary" code>
                {f.key}
              </Typography.Text>
            </Space>
          }
          extra={
            <Space size={2}>
              <Tooltip title={t('cases.editor.up')}>
                <Button
                  size="small"
                  type="text"
                  icon={<ArrowUpOutlined />}
                  disabled={i === 0}
                  aria-label={t('cases.editor.up')}
                  onClick={() => onChange(move(fields, i, -1))}
                />
              </Tooltip>
              <Tooltip title={t('cases.editor.down')}>
                <Button
                  size="small"
                  type="text"
                  icon={<ArrowDownOutlined />}
                  disabled={i === fields.length - 1}
                  aria-label={t('cases.editor.down')}
                  onClick={() => onChange(move(fields, i, 1))}
                />
              </Tooltip>
              <Tooltip title={t('cases.editor.remove')}>
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('cases.editor.remove')}
                  data-testid={`field-remove-${f.key}`}
                  onClick={() => onChange(fields.filter((_, j) => j !== i))}
                />
              </Tooltip>
            </Space>
          }
        >
          <Flex gap={8} wrap align="center" style={{ marginBottom: 8 }}>
            <span>{t('cases.editor.shownName')}</span>
            <Input
              size="small"
              style={{ width: 170 }}
              maxLength={60}
              placeholder={label(t, 'field', f.key)}
              aria-label={t('cases.editor.nameZh')}
              value={f.label?.zh ?? ''}
              onChange={(e) => setLabel(i, 'zh', e.target.value)}
              data-testid={`field-label-zh-${f.key}`}
            />
            <Input
              size="small"
              style={{ width: 170 }}
              maxLength={60}
              placeholder="English"
              aria-label={t('cases.editor.nameEn')}
              value={f.label?.en ?? ''}
              onChange={(e) => setLabel(i, 'en', e.target.value)}
            />
          </Flex>
          <Flex gap={12} wrap align="center">
            <span>
              {t('cases.editor.kind')}{' '}
              <Select
                size="small"
                style={{ width: 120 }}
                aria-label={t('cases.editor.kind')}
                value={f.kind}
                onChange={(kind) =>
                  set(i, { kind, ...(kind === 'choice' ? { options: f.options ?? [] } : {}) })
                }
                options={FIELD_KINDS.map((k) => ({ value: k, label: t(`cases.editor.kinds.${k}`) }))}
                data-testid={`field-kind-${f.key}`}
              />
            </span>
            <span>
              <Switch
                size="small"
                aria-label={t('cases.editor.required')}
                checked={!!f.required}
                onChange={(required) => set(i, { required })}
                data-testid={`field-required-${f.key}`}
              />{' '}
              {t('cases.editor.required')}
            </span>
            <span>
              {t('cases.editor.analytic')}{' '}
              <Select
                size="small"
                allowClear
                style={{ width: 150 }}
                aria-label={t('cases.editor.analytic')}
                placeholder={t('cases.editor.noAnalytic')}
                value={f.analytic}
                onChange={(analytic) => set(i, { analytic })}
                options={ANALYTICS.map((a) => ({ value: a, label: label(t, 'field', a) }))}
              />
            </span>
          </Flex>
          {f.kind === 'choice' && (
            <div style={{ marginTop: 8 }}>
              <Typography.Text type="secondary">{t('cases.editor.options')}</Typography.Text>
              <Select
                mode="tags"
                style={{ width: '100%' }}
                value={f.options ?? []}
                onChange={(options) => set(i, { options })}
                status={(f.options ?? []).length === 0 ? 'error' : undefined}
                placeholder={t('cases.editor.optionsHelp')}
                options={(f.options ?? []).map((o) => ({
                  value: o,
                  label: optionLabel(t, f, o, i18n.language),
                }))}
                data-testid={`field-options-${f.key}`}
              />
              {(f.options ?? []).length > 0 && (
                <Flex vertical gap={4} style={{ marginTop: 8 }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('cases.editor.optionNames')}
                  </Typography.Text>
                  {(f.options ?? []).map((o) => (
                    <Flex key={o} gap={8} align="center" wrap>
                      <Typography.Text code style={{ minWidth: 90 }}>
                        {o}
                      </Typography.Text>
                      <Input
                        size="small"
                        style={{ width: 150 }}
                        maxLength={60}
                        placeholder={label(t, 'option', o)}
                        aria-label={`${o} ${t('cases.editor.nameZh')}`}
                        value={f.optionLabels?.[o]?.zh ?? ''}
                        onChange={(e) => setOptionLabel(i, o, 'zh', e.target.value)}
                        data-testid={`option-label-zh-${f.key}-${o}`}
                      />
                      <Input
                        size="small"
                        style={{ width: 150 }}
                        maxLength={60}
                        placeholder="English"
                        aria-label={`${o} ${t('cases.editor.nameEn')}`}
                        value={f.optionLabels?.[o]?.en ?? ''}
                        onChange={(e) => setOptionLabel(i, o, 'en', e.target.value)}
                      />
                    </Flex>
                  ))}
                </Flex>
              )}
            </div>
          )}
        </Card>
      ))}
      <Flex gap={8} wrap align="center">
        <Dropdown
          disabled={common.length === 0}
          menu={{
            items: common.map((f) => ({ key: f.key, label: label(t, 'field', f.key) })),
            onClick: ({ key }) => {
              const f = COMMON_FIELDS.find((x) => x.key === key);
              if (f) onChange([...fields, { ...f }]);
            },
          }}
        >
          <Button icon={<PlusOutlined />} data-testid="field-add-common">
            {t('cases.editor.addCommon')}
          </Button>
        </Dropdown>
        <Space.Compact>
          <Input
            style={{ width: 200 }}
            value={ownKey}
            onChange={(e) => setOwnKey(e.target.value.toLowerCase().replace(/[\s-]+/g, '_'))}
            placeholder={t('cases.editor.ownKey')}
            status={ownKey && !ownOk ? 'error' : undefined}
            data-testid="field-own-key"
          />
          <Button
            disabled={!ownOk}
            onClick={() => {
              onChange([...fields, { key: ownKey, kind: 'text' }]);
              setOwnKey('');
            }}
            data-testid="field-add-own"
          >
            {t('cases.editor.add')}
          </Button>
        </Space.Compact>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('cases.editor.keyHelp')}
      </Typography.Text>
    </Flex>
  );
}
