import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Progress, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../../shared/i18n';
import { download, type ImportJob } from '../api';

/** Progress, counts, preview and row errors of an import job. */
export function ImportResult({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const running = job.status === 'queued' || job.status === 'running';
  const col = (key: string) => (['*'].includes(key) ? '—' : t(`members.col.${key}`, { defaultValue: key }));
  const codeText = (code: string, ref?: number | null, details?: Record<string, unknown> | null) =>
    t(`membersImport.codes.${code}`, {
      defaultValue: code,
      ref,
      missing: Array.isArray(details?.missing) ? (details.missing as string[]).map(col).join('、') : '',
    });
  return (
    <Flex vertical gap={12}>
      <Progress
        percent={Math.round(job.progress * 100)}
        status={job.status === 'failed' ? 'exception' : running ? 'active' : 'success'}
        data-testid="import-progress"
      />
      <Typography.Text data-testid="import-counts">
        {t('membersImport.rows', {
          total: job.totalRows,
          valid: job.validRows,
          existing: job.existingRows,
          errors: job.errorRows,
        })}
        {job.encoding && (
          <Typography.Text type="secondary">
            {' '}
            · {t('membersImport.encoding', { encoding: job.encoding.toUpperCase() })}
          </Typography.Text>
        )}
      </Typography.Text>
      {job.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          title={t('membersImport.failed', { reason: codeText(job.errorCode ?? '', null, job.errorDetails) })}
        />
      )}
      {job.preview.length > 0 && (
        <>
          <Typography.Text strong>{t('membersImport.preview')}</Typography.Text>
          <Table
            size="small"
            rowKey="rowNo"
            pagination={false}
            scroll={{ x: 'max-content', y: 240 }}
            dataSource={job.preview}
            columns={[
              { title: t('membersImport.row'), dataIndex: 'rowNo', width: 64 },
              { title: t('members.col.name'), dataIndex: 'name' },
              { title: t('members.col.idNumber'), dataIndex: 'idNumberMasked' },
              { title: t('members.col.phone'), dataIndex: 'phoneMasked', render: (v) => v ?? '—' },
              { title: t('members.col.employer'), dataIndex: 'employer', render: (v) => v ?? '—' },
              { title: t('members.col.joinDate'), dataIndex: 'joinDate', render: (v) => v ?? '—' },
              {
                title: '',
                dataIndex: 'outcome',
                render: (v: 'new' | 'exists') => (
                  <Tag color={v === 'new' ? 'green' : 'default'}>{t(`membersImport.outcome.${v}`)}</Tag>
                ),
              },
            ]}
          />
        </>
      )}
      {job.errors.length > 0 && (
        <>
          <Flex justify="space-between" align="center">
            <Typography.Text strong>{t('membersImport.errors')}</Typography.Text>
            <Button
              size="small"
              icon={<DownloadOutlined />}
              onClick={() => void download('GET', `/members/imports/${job.id}/report?lang=${currentLang()}`)}
            >
              {t('membersImport.report')}
            </Button>
          </Flex>
          <Table
            size="small"
            rowKey={(e) => `${e.rowNo}-${e.column}-${e.code}`}
            pagination={{ pageSize: 10, size: 'small' }}
            dataSource={job.errors}
            data-testid="import-errors"
            columns={[
              { title: t('membersImport.row'), dataIndex: 'rowNo', width: 64 },
              { title: t('membersImport.column'), dataIndex: 'column', render: col, width: 120 },
              { title: t('membersImport.problem'), key: 'p', render: (_, e) => codeText(e.code, e.refRow) },
            ]}
          />
        </>
      )}
    </Flex>
  );
}
