import { SafetyOutlined } from '@ant-design/icons';
import { Button, Modal, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { useVerifyChain } from '../api';

/** Runs POST /api/audit/verify and shows a green or red result. */
export function VerifyChain() {
  const { t } = useTranslation();
  const verify = useVerifyChain();
  const r = verify.data;
  return (
    <>
      <Button
        icon={<SafetyOutlined />}
        onClick={() => verify.mutate()}
        loading={verify.isPending}
        data-testid="audit-verify"
      >
        {t('audit.verify')}
      </Button>
      <Modal
        open={!!r || verify.isError}
        onCancel={() => verify.reset()}
        footer={
          <Button type="primary" onClick={() => verify.reset()}>
            {t('common.close')}
          </Button>
        }
      >
        {verify.isError && <ErrorAlert error={verify.error} style={{ marginTop: 24 }} />}
        {r && (
          <Result
            data-testid={r.ok ? 'audit-verify-ok' : 'audit-verify-bad'}
            status={r.ok ? 'success' : 'error'}
            title={r.ok ? t('audit.verifyOk') : t('audit.verifyBad')}
            subTitle={
              r.ok
                ? t('audit.verifyOkSub', { checked: r.checked })
                : `${t('audit.verifyBadSub', { checked: r.checked, seq: r.firstBadSeq ?? '?' })}${r.reason ? ` (${r.reason})` : ''}`
            }
          />
        )}
      </Modal>
    </>
  );
}
