import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Flex, Form, Radio, Result, Steps, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { currentLang } from '../../../shared/i18n';
import { OrgTreeSelect } from '../../orgs';
import { download, type ImportJob, uploadImport, useImportJob } from '../api';
import { ImportResult } from '../components/ImportResult';

/** Upload -> dry-run report -> choose "valid rows" or "nothing if any error" -> progress -> result. */
export default function ImportPage() {
  const { t } = useTranslation();
  usePageTitle(t('membersImport.title'));
  const [orgId, setOrgId] = useState<string>();
  const [file, setFile] = useState<File | null>(null);
  const [dryId, setDryId] = useState<string | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const [mode, setMode] = useState<ImportJob['mode']>('valid_only');
  const [consent, setConsent] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const dry = useImportJob(dryId).data;
  const run = useImportJob(runId).data;
  const step = run ? 2 : dry ? 1 : 0;
  const start = async (m: ImportJob['mode']) => {
    if (!file || !orgId) return;
    setBusy(true);
    setError(null);
    try {
      const job = await uploadImport(file, orgId, m, consent);
      if (m === 'dry_run') setDryId(job.id);
      else setRunId(job.id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const reset = () => {
    setFile(null);
    setDryId(null);
    setRunId(null);
    setConsent(false);
  };
  const finished = (j?: ImportJob) => j && (j.status === 'succeeded' || j.status === 'failed');

  return (
    <Flex vertical gap={16} style={{ maxWidth: 960 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('membersImport.title')}
      </Typography.Title>
      <Steps
        current={step}
        size="small"
        items={[
          { title: t('membersImport.step1') },
          { title: t('membersImport.step2') },
          { title: t('membersImport.step3') },
        ]}
      />
      <Card>
        {step === 0 && (
          <Form layout="vertical">
            <Form.Item label={t('membersImport.org')} required>
              <OrgTreeSelect
                value={orgId}
                onChange={setOrgId}
                selectable={(n) => ['grassroots', 'branch', 'group'].includes(n.kind)}
                data-testid="import-org"
              />
            </Form.Item>
            <Form.Item label={t('membersImport.file')} required extra={t('membersImport.templateHelp')}>
              <Upload.Dragger
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                maxCount={1}
                beforeUpload={(f) => {
                  setFile(f);
                  return false;
                }}
                onRemove={() => setFile(null)}
                fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
                data-testid="import-file"
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p>{t('membersImport.pick')}</p>
              </Upload.Dragger>
            </Form.Item>
            <Flex gap={8} wrap>
              <Button
                type="primary"
                disabled={!file || !orgId}
                loading={busy}
                onClick={() => void start('dry_run')}
                data-testid="import-check"
              >
                {t('membersImport.check')}
              </Button>
              {(['xlsx', 'csv'] as const).map((f) => (
                <Button
                  key={f}
                  icon={<DownloadOutlined />}
                  onClick={() =>
                    void download('GET', `/members/imports/template?format=${f}&lang=${currentLang()}`)
                  }
                >
                  {t('membersImport.template')} ({f.toUpperCase()})
                </Button>
              ))}
            </Flex>
          </Form>
        )}
        {step === 1 && dry && (
          <Flex vertical gap={16}>
            <ImportResult job={dry} />
            {finished(dry) && dry.status === 'succeeded' && (
              <Card size="small" title={t('membersImport.mode')}>
                <Radio.Group
                  value={mode}
                  onChange={(e) => setMode(e.target.value)}
                  options={[
                    { value: 'valid_only', label: t('membersImport.validOnly') },
                    { value: 'all_or_nothing', label: t('membersImport.allOrNothing') },
                  ]}
                  style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
                />
                <Checkbox
                  checked={consent}
                  onChange={(e) => setConsent(e.target.checked)}
                  style={{ marginTop: 12 }}
                  data-testid="import-consent"
                >
                  {t('membersImport.consent')}
                </Checkbox>
                <Flex gap={8} style={{ marginTop: 12 }}>
                  <Button
                    type="primary"
                    disabled={!consent || dry.validRows === 0}
                    loading={busy}
                    onClick={() => void start(mode)}
                    data-testid="import-start"
                  >
                    {t('membersImport.start')}
                  </Button>
                  <Button onClick={reset}>{t('common.back')}</Button>
                </Flex>
              </Card>
            )}
            {dry.status === 'failed' && <Button onClick={reset}>{t('membersImport.again')}</Button>}
          </Flex>
        )}
        {step === 2 && run && (
          <Flex vertical gap={16}>
            {finished(run) && run.status === 'succeeded' ? (
              <Result
                status="success"
                title={t('membersImport.done', {
                  created: run.createdRows,
                  existing: run.existingRows,
                  errors: run.errorRows,
                })}
                extra={[
                  <Link key="list" to="/console/members">
                    <Button type="primary">{t('membersImport.toList')}</Button>
                  </Link>,
                  <Button key="again" onClick={reset}>
                    {t('membersImport.again')}
                  </Button>,
                ]}
              />
            ) : (
              <Typography.Text>{finished(run) ? '' : t('membersImport.importing')}</Typography.Text>
            )}
            <ImportResult job={run} />
            {run.status === 'failed' && <Button onClick={reset}>{t('membersImport.again')}</Button>}
          </Flex>
        )}
        <ErrorAlert error={error} style={{ marginTop: 12 }} />
      </Card>
    </Flex>
  );
}
