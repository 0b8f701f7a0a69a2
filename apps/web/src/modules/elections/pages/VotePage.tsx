import type { BallotSecrets, EncryptedBallot, Manifest, Selections } from '@unionhall/election-crypto';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Flex, Radio, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useReauth } from '../../account';
import { castBallot, useVoterElection } from '../api';
import { optionLabel } from '../labels';
import type { WorkerRequest, WorkerResponse } from '../ballot.worker';

type Encrypted = { ballot: EncryptedBallot; secrets: BallotSecrets; ms: number };

/**
 * The voter's ballot: choices are encrypted and proved in a Web Worker on this device; the voter
 * then casts the ballot or audits it (Benaloh challenge: the nonces are revealed, the check runs
 * here, and the ballot is void). Casting asks for the password again if the login is not fresh.
 */
export default function VotePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useVoterElection(id);
  usePageTitle(q.data?.title ?? t('elections.myElections'));
  const qc = useQueryClient();
  const { withReauth, reauthModal } = useReauth();
  const worker = useRef<Worker | null>(null);
  const [choices, setChoices] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);
  const [encrypted, setEncrypted] = useState<Encrypted | null>(null);
  const [audit, setAudit] = useState<{ ok: boolean; check: string | null } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const w = new Worker(new URL('../ballot.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    return () => w.terminate();
  }, []);

  // A worker that fails to load (or crashes) answers with an error instead of leaving the page waiting.
  const ask = (req: WorkerRequest) =>
    new Promise<WorkerResponse>((resolve) => {
      const w = worker.current;
      if (!w) return resolve({ kind: 'error', message: 'worker' });
      w.onmessage = (e: MessageEvent<WorkerResponse>) => resolve(e.data);
      w.onerror = (e: ErrorEvent) => resolve({ kind: 'error', message: e.message || 'worker' });
      w.postMessage(req);
    });

  if (q.isLoading) return <Loading />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  const e = q.data;
  const manifest = e.manifest as Manifest | null;

  const encrypt = async () => {
    if (!manifest || !e.parameters) return;
    setBusy(true);
    setAudit(null);
    setError(null);
    const r = await ask({
      kind: 'encrypt',
      manifest,
      context: e.parameters,
      selections: choices as Selections,
    });
    setBusy(false);
    if (r.kind === 'encrypted') setEncrypted({ ballot: r.ballot, secrets: r.secrets, ms: Math.round(r.ms) });
    else if (r.kind === 'error') setError(new Error(r.message));
  };
  const challenge = async () => {
    if (!encrypted || !manifest || !e.parameters) return;
    const r = await ask({ kind: 'audit', manifest, context: e.parameters, ...encrypted });
    if (r.kind === 'audited') setAudit({ ok: r.ok, check: r.check });
    else if (r.kind === 'error') setError(new Error(r.message));
    setEncrypted(null); // an audited ballot is void: its nonces are now known
  };
  const cast = async () => {
    if (!encrypted) return;
    setBusy(true);
    setError(null);
    try {
      const r = await withReauth(() => castBallot(id, encrypted.ballot));
      setDone(r.trackingCode);
      setEncrypted(null);
      await qc.invalidateQueries({ queryKey: ['elections'] });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={12}>
      {reauthModal}
      <Typography.Title level={3} style={{ margin: '8px 4px 0' }}>
        {e.title}
      </Typography.Title>
      <Alert
        type="info"
        showIcon
        title={t('elections.coercion')}
        description={t(`elections.coercionPolicy.${e.profile}`, { defaultValue: e.coercionPolicy })}
      />
      <ErrorAlert error={error} />
      {done && (
        <Alert
          type="success"
          showIcon
          title={t('elections.castDone')}
          description={
            <>
              <Typography.Text code copyable data-testid="tracking-code" style={{ wordBreak: 'break-all' }}>
                {done}
              </Typography.Text>
              <div>{t('elections.castDoneHelp')}</div>
            </>
          }
        />
      )}
      {!done && e.voted && <Alert type="success" showIcon title={t('elections.alreadyVoted')} />}
      {!e.voted && e.phase !== 'open' && (
        <Alert
          type="warning"
          showIcon
          title={t('elections.notOpen')}
          description={t('elections.window', {
            from: new Date(e.opensAt).toLocaleString(),
            to: new Date(e.closesAt).toLocaleString(),
          })}
        />
      )}
      {audit && (
        <Alert
          type={audit.ok ? 'success' : 'error'}
          showIcon
          data-testid="audit-result"
          title={audit.ok ? t('elections.auditOk') : t('elections.auditFailed', { check: audit.check })}
        />
      )}
      {!e.voted &&
        !done &&
        e.phase === 'open' &&
        manifest?.contests.map((c) => (
          <Card key={c.id} size="small" title={c.title}>
            <Typography.Text type="secondary">
              {t('elections.choose', { min: c.min_selections, max: c.max_selections })}
            </Typography.Text>
            <div style={{ marginTop: 8 }}>
              {c.max_selections === 1 ? (
                <Radio.Group
                  disabled={!!encrypted}
                  value={choices[c.id]?.[0]}
                  onChange={(ev) => setChoices({ ...choices, [c.id]: [ev.target.value as string] })}
                  options={c.options.map((o) => ({ value: o.id, label: optionLabel(t, o.title, o.id) }))}
                />
              ) : (
                <Checkbox.Group
                  disabled={!!encrypted}
                  value={choices[c.id] ?? []}
                  onChange={(v) =>
                    setChoices({ ...choices, [c.id]: (v as string[]).slice(0, c.max_selections) })
                  }
                  options={c.options.map((o) => ({ value: o.id, label: optionLabel(t, o.title, o.id) }))}
                />
              )}
            </div>
          </Card>
        ))}
      {!e.voted && !done && e.phase === 'open' && !encrypted && (
        <Button type="primary" loading={busy} onClick={encrypt} data-testid="encrypt">
          {busy ? t('elections.encrypting') : t('elections.encrypt')}
        </Button>
      )}
      {encrypted && (
        <Card size="small">
          <Typography.Text>{t('elections.encrypted', { ms: encrypted.ms })}</Typography.Text>
          <div>
            <Typography.Text code style={{ wordBreak: 'break-all' }}>
              {encrypted.ballot.tracking_code}
            </Typography.Text>
          </div>
          <Flex gap={8} style={{ marginTop: 12 }} wrap>
            <Button type="primary" loading={busy} onClick={cast} data-testid="cast">
              {t('elections.cast')}
            </Button>
            <Button onClick={challenge} data-testid="audit">
              {t('elections.audit')}
            </Button>
          </Flex>
        </Card>
      )}
      <Link to={`/my/elections/${id}/board`} data-testid="board-link">
        {t('elections.boardLink')}
      </Link>
    </Flex>
  );
}
