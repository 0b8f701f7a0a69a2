import { CheckCircleFilled, CloseCircleOutlined, InfoCircleOutlined } from '@ant-design/icons';
import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

// A small local list only for instant feedback; the server has the full list and the final say.
const COMMON = new Set([
  '12345678',
  '123456789',
  '1234567890',
  '11111111',
  '88888888',
  '00000000',
  'password',
  'password1',
  'passw0rd',
  'qwertyui',
  'qwerty123',
  'abc12345',
  'iloveyou',
  'admin123',
  'a1234567',
  '1qaz2wsx',
  'woaini1314',
  'aa123456',
  'zxcvbnm1',
  '123123123',
]);

export interface PasswordContext {
  /** Names the password must not contain (the union and the user's own organisation). */
  unionNames?: string[];
  username?: string;
}

interface Props extends PasswordContext {
  password: string;
}

const clean = (names: (string | undefined)[] | undefined) =>
  (names ?? []).map((n) => n?.trim().toLowerCase() ?? '').filter((n) => n.length > 0);

/** The policy problems the client can see; the server may find more (its common list is larger). */
function problems(password: string, ctx: PasswordContext) {
  const lower = password.toLowerCase();
  const user = ctx.username?.trim().toLowerCase() ?? '';
  return {
    tooShort: [...password].length < 8,
    tooLong: [...password].length > 128,
    common: COMMON.has(lower),
    unionName: clean(ctx.unionNames).some((n) => lower.includes(n)),
    username: user.length >= 3 && lower.includes(user),
  };
}

type State = 'ok' | 'bad' | 'idle';

function Rule({ state, text }: { state: State; text: string }) {
  const icon =
    state === 'ok' ? (
      <CheckCircleFilled style={{ color: '#389e0d' }} />
    ) : state === 'bad' ? (
      <CloseCircleOutlined style={{ color: '#c8102e' }} />
    ) : (
      <InfoCircleOutlined style={{ color: '#8c8c8c' }} />
    );
  return (
    <Flex gap={6} align="center">
      {icon}
      <Typography.Text type={state === 'bad' ? 'danger' : 'secondary'} style={{ fontSize: 13 }}>
        {text}
      </Typography.Text>
    </Flex>
  );
}

/** Live hints for the password policy the server enforces (8–128 chars, not common, no names). */
export function PasswordHints({ password, unionNames, username }: Props) {
  const { t } = useTranslation();
  const empty = password.length === 0;
  const p = problems(password, { unionNames, username });
  const rule = (bad: boolean): State => (empty ? 'idle' : bad ? 'bad' : 'ok');
  return (
    <Flex vertical gap={2} style={{ marginBottom: 16 }} aria-live="polite" data-testid="password-hints">
      <Rule state={rule(p.tooShort)} text={t('password.minLength')} />
      <Rule state={rule(p.tooLong)} text={t('password.maxLength')} />
      <Rule state={rule(p.common)} text={t('password.notCommon')} />
      {clean(unionNames).length > 0 && <Rule state={rule(p.unionName)} text={t('password.noUnionName')} />}
      {!!username?.trim() && <Rule state={rule(p.username)} text={t('password.noUsername')} />}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('password.tip')}
      </Typography.Text>
    </Flex>
  );
}

/** Form rules matching the hints, so the form refuses what the server would refuse anyway. */
export function passwordRules(t: (k: string) => string, ctx: PasswordContext = {}) {
  return [
    { required: true, message: t('common.required') },
    {
      validator: (_: unknown, value: string | undefined) => {
        if (!value) return Promise.resolve();
        const p = problems(value, ctx);
        const first = p.tooShort
          ? 'password.minLength'
          : p.tooLong
            ? 'password.maxLength'
            : p.common
              ? 'password.notCommon'
              : p.unionName
                ? 'password.noUnionName'
                : p.username
                  ? 'password.noUsername'
                  : null;
        return first ? Promise.reject(new Error(t(first))) : Promise.resolve();
      },
    },
  ];
}
