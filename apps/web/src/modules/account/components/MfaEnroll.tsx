import { useMutation } from '@tanstack/react-query';
import { Button, Flex, Form, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { authApi } from '../../auth/api';
import { CodeInput, codeRules, normalizeCode } from '../../auth/components/CodeInput';
import { RecoveryCodes } from './RecoveryCodes';
import { groupSecret, svgDataUrl } from './svgDataUrl';
import { useReauth } from './useReauth';

interface Props {
  /** Called after the user confirmed they saved the recovery codes. */
  onDone: () => void;
  /** data-testid of the final button (the setup wizard uses `setup-next`). */
  finishTestId?: string;
}

/** TOTP enrolment: QR code and secret, a first code to activate, then the recovery codes. */
export function MfaEnroll({ onDone, finishTestId = 'mfa-finish' }: Props) {
  const { t } = useTranslation();
  const { withReauth, reauthModal } = useReauth();
  const enroll = useMutation({ mutationFn: () => withReauth(authApi.enrollMfa) });
  const activate = useMutation({ mutationFn: (code: string) => authApi.activateMfa(code) });
  const started = useRef(false);

  useEffect(() => {
    // Start once, even under StrictMode's double effects: each call makes a new secret.
    if (started.current) return;
    started.current = true;
    enroll.mutate();
  }, [enroll.mutate]);

  if (activate.data) {
    return <RecoveryCodes codes={activate.data.recoveryCodes} onDone={onDone} finishTestId={finishTestId} />;
  }
  return (
    <Flex vertical gap={16}>
      {reauthModal}
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('mfa.intro')}
      </Typography.Paragraph>
      {enroll.isPending && <Loading />}
      {enroll.isError && (
        <>
          <ErrorAlert error={enroll.error} />
          <Button onClick={() => enroll.mutate()} style={{ alignSelf: 'flex-start' }}>
            {t('common.retry')}
          </Button>
        </>
      )}
      {enroll.data && (
        <>
          <Typography.Text strong>{t('mfa.scan')}</Typography.Text>
          <img
            src={svgDataUrl(enroll.data.qrSvg)}
            alt={t('mfa.qrAlt')}
            width={200}
            height={200}
            data-testid="mfa-qr"
            style={{
              alignSelf: 'center',
              border: '1px solid #f0f0f0',
              borderRadius: 8,
              padding: 8,
              background: '#fff',
            }}
          />
          <div>
            <Typography.Text type="secondary">{t('mfa.manual')}</Typography.Text>
            <br />
            <Typography.Text
              copyable={{ text: enroll.data.secret }}
              className="uh-mono"
              data-testid="mfa-secret"
              style={{ fontSize: 15, wordBreak: 'break-all' }}
            >
              {groupSecret(enroll.data.secret)}
            </Typography.Text>
          </div>
          <Form
            layout="vertical"
            requiredMark={false}
            onFinish={(v: { code: string }) => activate.mutate(v.code)}
          >
            <Form.Item
              name="code"
              label={<Typography.Text strong>{t('mfa.enterCode')}</Typography.Text>}
              normalize={normalizeCode}
              rules={codeRules(t('mfa.codeInvalid'))}
            >
              <CodeInput data-testid="mfa-code" />
            </Form.Item>
            <ErrorAlert error={activate.error} style={{ marginBottom: 16 }} />
            <Button
              type="primary"
              size="large"
              htmlType="submit"
              loading={activate.isPending}
              data-testid="mfa-activate"
            >
              {t('mfa.activate')}
            </Button>
          </Form>
        </>
      )}
    </Flex>
  );
}
