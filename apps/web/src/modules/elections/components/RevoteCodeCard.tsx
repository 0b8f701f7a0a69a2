import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatRevoteCode } from '../revoteCode';

/**
 * The voter's secret re-vote code, to write down: with it (and their own login) the voter can
 * replace the ballot until voting closes; without it they cannot. Shown after casting and later.
 */
export function RevoteCodeCard({ code, fresh }: { code: string; fresh: boolean }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="revote-code-card"
      title={t(fresh ? 'elections.revote.codeNew' : 'elections.revote.codeKept')}
      description={
        <>
          <Typography.Text
            code
            copyable={{ text: formatRevoteCode(code) }}
            data-testid="revote-code"
            style={{ fontSize: 15, wordBreak: 'break-word' }}
          >
            {formatRevoteCode(code)}
          </Typography.Text>
          <div style={{ marginTop: 8 }}>{t('elections.revote.codeHelp')}</div>
          <div style={{ marginTop: 4 }}>
            <Typography.Text strong>{t('elections.revote.codeWarning')}</Typography.Text>
          </div>
        </>
      }
    />
  );
}
