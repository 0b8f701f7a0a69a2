import { Alert, Card, Flex, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useBoard } from '../api';

/** The bulletin board: tracking codes in code order (never cast order), searchable. */
export default function BoardPage() {
  const { t } = useTranslation();
  usePageTitle(t('elections.board'));
  const { id = '' } = useParams();
  const q = useBoard(id);
  const [code, setCode] = useState('');
  const wanted = code.trim().toLowerCase();
  const codes = q.data?.trackingCodes ?? [];
  const replaced = new Set((q.data?.board?.supersedes ?? []).map((x) => x.tracking_code));
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: '8px 4px 0' }}>
        {t('elections.board')}
      </Typography.Title>
      {q.isLoading && <Loading />}
      <ErrorAlert error={q.error} />
      <Input.Search
        placeholder={t('elections.boardSearch')}
        allowClear
        value={code}
        onChange={(e) => setCode(e.target.value)}
        data-testid="board-search"
      />
      {wanted.length === 64 && replaced.has(wanted) && (
        <Alert type="info" showIcon data-testid="board-replaced" title={t('elections.foundReplaced')} />
      )}
      {wanted.length === 64 && !replaced.has(wanted) && (
        <Alert
          type={codes.includes(wanted) ? 'success' : 'warning'}
          showIcon
          title={t(codes.includes(wanted) ? 'elections.found' : 'elections.notFound')}
        />
      )}
      <Card size="small">
        <Typography.Text type="secondary">{t('elections.ballots', { n: codes.length })}</Typography.Text>
        {replaced.size > 0 && (
          <div>
            <Typography.Text type="secondary">
              {t('elections.replacedCount', { n: replaced.size })}
            </Typography.Text>
          </div>
        )}
        {q.data?.board && (
          <div>
            <Typography.Text type="secondary">{t('elections.boardHead')} </Typography.Text>
            <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
              {q.data.board.head}
            </Typography.Text>
          </div>
        )}
        <ul style={{ fontFamily: 'monospace', fontSize: 12, paddingLeft: 16, wordBreak: 'break-all' }}>
          {codes
            .filter((c) => wanted === '' || c.startsWith(wanted))
            .slice(0, 200)
            .map((c) => (
              <li
                key={c}
                style={{
                  fontWeight: c === wanted ? 600 : undefined,
                  textDecoration: replaced.has(c) ? 'line-through' : undefined,
                }}
              >
                {c}
              </li>
            ))}
        </ul>
      </Card>
      <Link to={`/my/elections/${id}`}>{t('elections.backToBallot')}</Link>
    </Flex>
  );
}
