import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';

interface Props {
  initial: string;
  fromLink: boolean;
  error: unknown;
  onNext: (token: string) => void;
}

/** Step 1: the one-time token the server printed on first start. */
export function TokenStep({ initial, fromLink, error, onNext }: Props) {
  const { t } = useTranslation();
  return (
    <Form
      layout="vertical"
      requiredMark={false}
      initialValues={{ token: initial }}
      onFinish={(v: { token: string }) => onNext(v.token.trim())}
    >
      {fromLink && (
        <Alert type="success" showIcon title={t('setup.tokenFromLink')} style={{ marginBottom: 16 }} />
      )}
      <Form.Item
        name="token"
        label={t('setup.tokenLabel')}
        extra={t('setup.tokenHelp')}
        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
      >
        <Input.Password size="large" autoComplete="off" className="uh-mono" data-testid="setup-token" />
      </Form.Item>
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Button type="primary" size="large" htmlType="submit" block data-testid="setup-next">
        {t('common.next')}
      </Button>
    </Form>
  );
}
