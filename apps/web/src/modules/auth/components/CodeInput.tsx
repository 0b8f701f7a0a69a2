import { Input, type InputProps } from 'antd';

/** A one-time-code field: numeric keypad on phones, autofill from the authenticator. */
export function CodeInput(props: InputProps & { 'data-testid'?: string }) {
  return (
    <Input
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={6}
      size="large"
      placeholder="000000"
      style={{ letterSpacing: 8, fontSize: 20, textAlign: 'center', maxWidth: 220 }}
      {...props}
    />
  );
}

/** Form.Item normalize: keep digits only, at most six. */
export const normalizeCode = (value: string | undefined) => (value ?? '').replace(/\D/g, '').slice(0, 6);

export const codeRules = (message: string) => [{ required: true, pattern: /^\d{6}$/, message }];
