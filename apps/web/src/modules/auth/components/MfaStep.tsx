import { Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { CodeInput, codeRules, normalizeCode } from './CodeInput';
import { useRetryCountdown } from './useRetryCountdown';

interface Props {
  pending: boolean;
  error: unknown;
  onSubmit: (body: { code: string } | { recoveryCode: string }) => void;
  onRestart: () => void;
}

/** Second login step: a TOTP code, or a one-time recovery code. */
export function MfaStep({ pending, error, onSubmit, onRestart }: Props) {
  const { t } = useTranslation();
  const [recovery, setRecovery] = useState(false);
  const wait = useRetryCountdown(error);
  return (
    <Form
      layout="vertical"
      requiredMark={false}
      key={recovery ? 'recovery' : 'code'}
      onFinish={(v: { code?: string; recoveryCode?: string }) =>
        onSubmit(recovery ? { recoveryCode: (v.recoveryCode ?? '').trim() } : { code: v.code ?? '' })
      }
    >
      {recovery ? (
        <Form.Item
          name="recoveryCode"
          label={t('login.recoveryLabel')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input
            size="large"
            autoComplete="off"
            autoFocus
            className="uh-mono"
            data-testid="login-recovery-code"
          />
        </Form.Item>
      ) : (
        <Form.Item
          name="code"
          label={t('mfa.codeLabel')}
          normalize={normalizeCode}
          rules={codeRules(t('mfa.codeInvalid'))}
        >
          <CodeInput autoFocus data-testid="login-mfa-code" />
        </Form.Item>
      )}
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Button
        type="primary"
        htmlType="submit"
        size="large"
        block
        loading={pending}
        disabled={wait > 0}
        data-testid="login-mfa-submit"
      >
        {wait > 0 ? t('login.waitSeconds', { seconds: wait }) : t('login.mfaSubmit')}
      </Button>
      <Button type="link" block onClick={() => setRecovery((r) => !r)} data-testid="login-use-recovery">
        {recovery ? t('login.useCode') : t('login.useRecovery')}
      </Button>
      <Button type="text" block onClick={onRestart}>
        {t('login.restart')}
      </Button>
    </Form>
  );
}
