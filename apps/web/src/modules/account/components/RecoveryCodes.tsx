import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Flex, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  codes: string[];
  onDone: () => void;
  finishTestId: string;
}

/** Shows the one-time recovery codes with copy and download, and waits for "I saved them". */
export function RecoveryCodes({ codes, onDone, finishTestId }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [saved, setSaved] = useState(false);
  const text = `${t('mfa.fileHeader')}\n\n${codes.join('\n')}\n`;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      message.success(t('common.copied'));
    } catch {
      message.info(t('mfa.downloadTxt'));
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'unionhall-recovery-codes.txt';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('mfa.recoveryTitle')}
      </Typography.Title>
      <Alert type="warning" showIcon title={t('mfa.recoveryIntro')} />
      <div
        data-testid="recovery-codes"
        className="uh-mono"
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(130px, 1fr))',
          gap: '8px 16px',
          padding: 16,
          background: '#fafafa',
          border: '1px dashed #d9d9d9',
          borderRadius: 6,
          fontSize: 15,
        }}
      >
        {codes.map((c) => (
          <span key={c}>{c}</span>
        ))}
      </div>
      <Space wrap>
        <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="recovery-copy">
          {t('common.copy')}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={download} data-testid="recovery-download">
          {t('mfa.downloadTxt')}
        </Button>
      </Space>
      <Checkbox checked={saved} onChange={(e) => setSaved(e.target.checked)} data-testid="recovery-saved">
        {t('mfa.saved')}
      </Checkbox>
      <Button type="primary" size="large" disabled={!saved} onClick={onDone} data-testid={finishTestId}>
        {t('mfa.finish')}
      </Button>
    </Flex>
  );
}
