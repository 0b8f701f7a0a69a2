import { Alert, Button, Card, Flex, Form, Input, Radio, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { casesApi, uploadAttachment, useCaseMutation, useMyCaseTypes } from '../api';
import { FieldInput } from '../components/FieldInput';
import { typeName } from '../components/labels';

/** 我要反映: a member files a case from a phone, optionally anonymously, with a photo or PDF. */
export default function ReportPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('cases.report'));
  const navigate = useNavigate();
  const types = useMyCaseTypes();
  const [typeKey, setTypeKey] = useState('injury');
  const [file, setFile] = useState<File | null>(null);
  const [form] = Form.useForm();
  const submit = useCaseMutation(
    async (v: { title: string; anonymous?: boolean; fields: Record<string, string | number> }) => {
      const fields = Object.fromEntries(
        Object.entries(v.fields ?? {}).filter(([, x]) => x !== undefined && x !== null && x !== ''),
      );
      const created = await casesApi.submit({ typeKey, title: v.title, fields, anonymous: !!v.anonymous });
      if (file) await uploadAttachment(`/my/cases/${created.id}/attachments`, file);
      return created;
    },
  );
  if (types.isLoading) return <Loading />;
  if (types.error) return <ErrorAlert error={types.error} />;
  const type = types.data?.items.find((x) => x.key === typeKey);
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: '8px 4px 0' }}>
        {t('cases.report')}
      </Typography.Title>
      <Card styles={{ body: { padding: 16 } }}>
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(v) =>
            submit.mutate(v, { onSuccess: (c) => navigate(`/my/cases/${c.id}`, { replace: true }) })
          }
        >
          <Form.Item label={t('cases.type')}>
            <Radio.Group
              value={typeKey}
              onChange={(e) => setTypeKey(e.target.value)}
              optionType="button"
              buttonStyle="solid"
              style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}
              options={(types.data?.items ?? []).map((x) => ({
                value: x.key,
                label: typeName(t, x.key, types.data?.items, i18n.language),
              }))}
              data-testid="case-type"
            />
          </Form.Item>
          <Form.Item name="title" label={t('cases.title')} rules={[{ required: true, whitespace: true }]}>
            <Input
              size="large"
              maxLength={200}
              placeholder={t('cases.titlePlaceholder')}
              data-testid="case-title"
            />
          </Form.Item>
          {type?.fields.map((f) => (
            <FieldInput key={`${typeKey}-${f.key}`} f={f} t={t} />
          ))}
          {type?.allowAnonymous && (
            <Form.Item
              name="anonymous"
              label={t('cases.anonymous')}
              valuePropName="checked"
              extra={t('cases.anonymousHelp')}
            >
              <Switch data-testid="case-anonymous" />
            </Form.Item>
          )}
          <Form.Item label={t('cases.photo')} extra={t('cases.photoHelp')}>
            <input
              type="file"
              accept="image/jpeg,image/png,application/pdf"
              capture="environment"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              data-testid="case-file"
            />
          </Form.Item>
          <ErrorAlert error={submit.error} style={{ marginBottom: 12 }} />
          {submit.isSuccess && (
            <Alert type="success" title={t('cases.submitted', { ref: submit.data.ref })} />
          )}
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            block
            loading={submit.isPending}
            data-testid="case-submit"
          >
            {t('cases.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
