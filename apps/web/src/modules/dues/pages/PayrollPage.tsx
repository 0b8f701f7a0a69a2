import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { type PayrollImport, uploadPayroll, useDuesMutation, usePayrollImports, yuan } from '../api';
import { OrgPicker } from '../components/OrgPicker';

/** Employer payroll deduction files: check, read the mismatch report, then book. */
export default function PayrollPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('dues.payrollNav'));
  const [params] = useSearchParams();
  const [orgId, setOrgId] = useState<string | undefined>(params.get('orgId') ?? undefined);
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<PayrollImport | null>(null);
  const history = usePayrollImports();
  const run = useDuesMutation((mode: 'dry_run' | 'apply') => uploadPayroll(file!, orgId!, mode));
  const go = (mode: 'dry_run' | 'apply') => run.mutate(mode, { onSuccess: setResult });
  const s = result?.summary;
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('dues.payroll.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('dues.payroll.hint')}
      </Typography.Paragraph>
      <Flex gap={8} wrap align="center">
        <OrgPicker value={orgId} onChange={setOrgId} />
        <Upload
          accept=".csv,.xlsx"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setResult(null);
            return false;
          }}
          onRemove={() => setFile(null)}
        >
          <Button icon={<UploadOutlined />}>{t('dues.payroll.file')}</Button>
        </Upload>
        <Button
          disabled={!file || !orgId}
          loading={run.isPending && run.variables === 'dry_run'}
          onClick={() => go('dry_run')}
          data-testid="payroll-check"
        >
          {t('dues.payroll.check')}
        </Button>
        <Button
          type="primary"
          disabled={!file || !orgId}
          loading={run.isPending && run.variables === 'apply'}
          onClick={() => go('apply')}
          data-testid="payroll-apply"
        >
          {t('dues.payroll.apply')}
        </Button>
      </Flex>
      <ErrorAlert error={run.error} />
      {result && s && (
        <Card
          size="small"
          title={t('dues.payroll.report')}
          extra={
            <a href={`/api/dues/payroll/${result.id}/report?lang=${i18n.language === 'en' ? 'en' : 'zh-CN'}`}>
              {t('dues.payroll.download')}
            </a>
          }
        >
          <Alert
            type={s.problems ? 'warning' : 'success'}
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="payroll-summary"
            title={t('dues.payroll.summary', { ...s, amount: yuan(s.matchedFen ?? 0) })}
            description={result.applied ? t('dues.payroll.booked', { booked: s.booked ?? 0 }) : undefined}
          />
          <Table
            size="small"
            rowKey={(r) => `${r.rowNo}-${r.problem}`}
            dataSource={result.report}
            pagination={{ pageSize: 50 }}
            scroll={{ x: true }}
            columns={[
              { title: t('dues.payroll.row'), dataIndex: 'rowNo' },
              { title: t('dues.payroll.key'), dataIndex: 'key' },
              { title: t('dues.period'), dataIndex: 'period' },
              {
                title: t('dues.payroll.amount'),
                render: (_, r) => (r.amountFen === null ? '' : yuan(r.amountFen)),
              },
              { title: t('dues.due'), render: (_, r) => (r.dueFen === null ? '' : yuan(r.dueFen)) },
              {
                title: t('dues.payroll.problem'),
                render: (_, r) => (
                  <Tag color={r.problem === 'already_applied' ? 'default' : 'red'}>
                    {t(`dues.payroll.problems.${r.problem}`)}
                  </Tag>
                ),
              },
            ]}
          />
        </Card>
      )}
      <Card size="small" title={t('dues.payroll.history')}>
        <ErrorAlert error={history.error} />
        <Table
          size="small"
          rowKey="id"
          loading={history.isLoading}
          dataSource={history.data?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            { title: t('dues.payroll.time'), render: (_, r) => new Date(r.createdAt).toLocaleString() },
            { title: t('dues.payroll.fileName'), dataIndex: 'fileName' },
            {
              title: '',
              render: (_, r) =>
                r.applied ? (
                  <Tag color="green">{t('dues.payroll.applied')}</Tag>
                ) : (
                  <Tag>{t('dues.payroll.checked')}</Tag>
                ),
            },
            {
              title: t('dues.payroll.result'),
              render: (_, r) =>
                t('dues.payroll.summary', { ...r.summary, amount: yuan(r.summary.matchedFen ?? 0) }),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
