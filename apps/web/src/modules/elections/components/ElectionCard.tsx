import { DownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Collapse, Flex, Form, Input, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { FormModal } from '../../../shared/components/FormModal';
import {
  acceptNomination,
  type ContestDef,
  type ElectionSummary,
  electionStep,
  nominate,
  useCountingLog,
} from '../api';
import { optionLabel } from '../labels';

const PHASE_COLOR: Record<string, string> = {
  draft: 'default',
  announced: 'processing',
  scheduled: 'blue',
  open: 'green',
  voting_ended: 'orange',
  closed: 'purple',
  tallied: 'success',
};

function CountingLog({ id }: { id: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const q = useCountingLog(id, open);
  return (
    <Collapse
      size="small"
      ghost
      onChange={(keys) => setOpen(keys.length > 0)}
      items={[
        {
          key: 'log',
          label: t('elections.console.log'),
          children: (
            <ul style={{ margin: 0, paddingLeft: 16, fontSize: 12 }}>
              {q.data?.items.map((e) => (
                <li key={e.seq}>
                  {new Date(e.at).toLocaleString()} · {e.action}
                </li>
              ))}
            </ul>
          ),
        },
      ]}
    />
  );
}

/** One election in the console: its state, the administrator's next step and, at the end, the results. */
export function ElectionCard({ e, canAdminister }: { e: ElectionSummary; canAdminister: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [nominating, setNominating] = useState(false);
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      await qc.invalidateQueries({ queryKey: ['elections'] });
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const contests = e.contests;
  const nameOf = (c: ContestDef | undefined, optionId: string) =>
    optionLabel(t, c?.candidates.find((o) => o.id === optionId)?.name ?? optionId, optionId, c?.kind);
  const candidateContests = contests.filter((c) => c.kind !== 'yes_no');
  // Everyone on the roll has voted and no re-vote can change a ballot: the server allows an early close.
  const allVoted =
    e.phase === 'open' &&
    (e.eligibleVoters ?? 0) > 0 &&
    e.ballotsCast >= (e.eligibleVoters ?? 0) &&
    (e.rules as unknown as { allowRevote?: boolean } | null)?.allowRevote !== true;

  return (
    <Card
      size="small"
      data-testid="election"
      title={
        <Flex gap={8} align="center" wrap>
          <span style={{ whiteSpace: 'normal' }}>{e.title}</span>
          <Tag color={PHASE_COLOR[e.phase]} data-testid="election-phase" data-phase={e.phase}>
            {t(`elections.phase.${e.phase}`)}
          </Tag>
        </Flex>
      }
    >
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">
          {t(`elections.profile.${e.profile}`)} ·{' '}
          {t('elections.console.windowLine', {
            from: new Date(e.opensAt).toLocaleString(),
            to: new Date(e.closesAt).toLocaleString(),
          })}
        </Typography.Text>
        <Typography.Text data-testid="election-counts">
          {e.status === 'draft'
            ? t('elections.console.trusteesLine', { k: e.threshold, n: e.trustees })
            : t('elections.console.counts', {
                eligible: e.eligibleVoters ?? '-',
                ballots: e.ballotsCast,
                k: e.threshold,
                n: e.trustees,
              })}
        </Typography.Text>
        {e.status === 'draft' && (
          <Typography.Text type="secondary">{t('elections.console.draftHelp')}</Typography.Text>
        )}
        {e.retainUntil && (
          <Typography.Text type="secondary" data-testid="election-retention">
            {e.recordsDisposedAt
              ? t('elections.console.recordsDisposed', {
                  date: new Date(e.recordsDisposedAt).toLocaleDateString(),
                })
              : t('elections.console.recordsKept', { date: e.retainUntil })}
          </Typography.Text>
        )}
        {e.status === 'announced' && (
          <Typography.Text data-testid="ceremony">
            {t('elections.console.ceremonyKeys', {
              keys: e.ceremony.keys,
              shares: e.ceremony.shares,
              n: e.trustees,
            })}
          </Typography.Text>
        )}
        {e.status === 'closed' && (
          <Typography.Text data-testid="ceremony">
            {t('elections.console.ceremonyTally', { d: e.ceremony.decryptions, k: e.threshold })}
          </Typography.Text>
        )}
        {!e.outcome &&
          contests.map((c) => (
            <div key={c.id}>
              <Typography.Text strong>{c.title}</Typography.Text>
              <Typography.Text type="secondary"> · {t(`elections.console.kind.${c.kind}`)}</Typography.Text>
              {c.kind !== 'yes_no' && (
                <Flex gap={4} wrap style={{ marginTop: 4 }}>
                  {c.candidates.map((o) => (
                    <Tag key={o.id} color={o.accepted === false ? 'warning' : undefined}>
                      {o.name}
                      {o.accepted === false && ` (${t('elections.console.pending')})`}
                      {o.accepted === false && !o.memberId && canAdminister && e.status === 'draft' && (
                        <Button
                          type="link"
                          size="small"
                          disabled={busy}
                          onClick={() =>
                            run(() => acceptNomination(e.id, { contestId: c.id, candidateId: o.id }))
                          }
                        >
                          {t('elections.console.recordAcceptance')}
                        </Button>
                      )}
                    </Tag>
                  ))}
                </Flex>
              )}
            </div>
          ))}
        {e.outcome?.map((o) => {
          const c = contests.find((x) => x.id === o.contestId);
          const verdict =
            c?.kind === 'yes_no' && o.status === 'decided'
              ? t(o.carried ? 'elections.console.carried' : 'elections.console.notCarried')
              : t(`elections.console.contest.${o.status}`);
          return (
            <Table
              key={o.contestId}
              size="small"
              pagination={false}
              rowKey="optionId"
              data-testid="results"
              title={() => (
                <Typography.Text strong>
                  {c?.title ?? o.contestId} · {verdict}
                </Typography.Text>
              )}
              dataSource={o.options}
              columns={[
                {
                  title: t('elections.console.option'),
                  dataIndex: 'optionId',
                  render: (id: string) => nameOf(c, id),
                },
                { title: t('elections.console.votes'), dataIndex: 'votes', align: 'right' },
                ...(c?.kind === 'yes_no'
                  ? []
                  : [
                      {
                        title: t('elections.console.result'),
                        dataIndex: 'status',
                        render: (s: string) => (
                          <Tag color={s === 'elected' ? 'success' : s === 'tie' ? 'warning' : undefined}>
                            {t(`elections.console.status.${s}`)}
                          </Tag>
                        ),
                      },
                    ]),
              ]}
            />
          );
        })}
        <ErrorAlert error={error} />
        <Flex gap={8} wrap>
          {canAdminister && e.status === 'draft' && candidateContests.length > 0 && (
            <Button onClick={() => setNominating(true)} data-testid="nominate">
              {t('elections.console.nominate')}
            </Button>
          )}
          {canAdminister && e.status === 'draft' && (
            <Popconfirm
              title={t('elections.console.announceConfirm')}
              onConfirm={() => run(() => electionStep(e.id, 'announce'))}
              okButtonProps={{ 'data-testid': 'announce-confirm' }}
            >
              <Button type="primary" loading={busy} data-testid="announce">
                {t('elections.console.announce')}
              </Button>
            </Popconfirm>
          )}
          {canAdminister && e.status === 'ready' && (e.phase === 'voting_ended' || allVoted) && (
            <Button
              type="primary"
              loading={busy}
              onClick={() => run(() => electionStep(e.id, 'close'))}
              data-testid="close"
            >
              {t(e.phase === 'voting_ended' ? 'elections.console.close' : 'elections.console.closeEarly')}
            </Button>
          )}
          {e.status === 'tallied' && (
            <a href={`/api/elections/${e.id}/record`} download data-testid="record">
              <Button icon={<DownloadOutlined />}>{t('elections.console.record')}</Button>
            </a>
          )}
        </Flex>
        {e.status !== 'draft' && <CountingLog id={e.id} />}
      </Flex>
      <FormModal<{ contestId: string; name: string }>
        open={nominating}
        title={t('elections.console.nominate')}
        pending={busy}
        error={error}
        initialValues={{ contestId: candidateContests[0]?.id }}
        onCancel={() => setNominating(false)}
        onSubmit={async (v) => {
          const c = contests.find((x) => x.id === v.contestId);
          const used = new Set(c?.candidates.map((o) => o.id));
          let n = (c?.candidates.length ?? 0) + 1;
          while (used.has(`k${n}`)) n++;
          const ok = await run(() =>
            nominate(e.id, { contestId: v.contestId, candidateId: `k${n}`, name: v.name.trim() }),
          );
          if (ok) setNominating(false);
        }}
      >
        <Form.Item name="contestId" label={t('elections.console.contestPick')} rules={[{ required: true }]}>
          <Select options={candidateContests.map((c) => ({ value: c.id, label: c.title }))} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('elections.console.nominee')}
          rules={[{ required: true, whitespace: true, max: 100 }]}
        >
          <Input maxLength={100} data-testid="nominee-name" />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
