import { Button, Form, Input, Switch, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { CaseTypeDef } from '../../api';
import { FieldInput } from '../FieldInput';

/** What a member will see on their phone when filing this type (a working, unsaved form). */
export function FormPreview({ t, def, lang }: { t: TFunction; def: CaseTypeDef; lang: string }) {
  return (
    <div
      data-testid="type-preview"
      style={{
        maxWidth: 360,
        margin: '0 auto',
        border: '8px solid #262626',
        borderRadius: 24,
        padding: 16,
        background: '#fff',
      }}
    >
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('cases.report')} · {(lang === 'en' ? def.name.en : def.name.zh) || def.key}
      </Typography.Title>
      <Form layout="vertical" requiredMark={false} key={JSON.stringify(def.fields)}>
        <Form.Item label={t('cases.title')}>
          <Input size="large" placeholder={t('cases.titlePlaceholder')} />
        </Form.Item>
        {def.fields.map((f) => (
          <FieldInput key={f.key} f={f} t={t} />
        ))}
        {def.allowAnonymous && (
          <Form.Item label={t('cases.anonymous')} extra={t('cases.anonymousHelp')}>
            <Switch />
          </Form.Item>
        )}
        <Button type="primary" block size="large" disabled>
          {t('cases.submit')}
        </Button>
      </Form>
    </div>
  );
}
