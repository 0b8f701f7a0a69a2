import type { BallotSecrets, EncryptedBallot, Manifest, Selections } from '@unionhall/election-crypto';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Flex, Input, Radio, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useMe } from '../../../shared/auth/session';
import { useReauth } from '../../account';
import { castBallot, useVoterElection } from '../api';
import type { RevoteKeys, WorkerRequest, WorkerResponse } from '../ballot.worker';
import { RevoteCodeCard } from '../components/RevoteCodeCard';
import { optionLabel } from '../labels';
import {
  browserStore,
  formatRevoteCode,
  loadRevoteCode,
  parseRevoteCode,
  saveRevoteCode,
} from '../revoteCode';

type Encrypted = { ballot: EncryptedBallot; secrets: BallotSecrets; ms: number; revote?: RevoteKeys };

/**
 * The voter's ballot: choices are encrypted and proved in a Web Worker on this device; the voter
 * then casts the ballot or audits it (Benaloh challenge: the nonces are revealed, the check runs
 * here, and the ballot is void). Casting asks for the password again if the login is not fresh.
 * Where the rules allow re-voting, each cast ballot gets a fresh secret re-vote code (kept in this
 * browser and shown for writing down); a voter who has voted may cast again with the code, and
 * only the last ballot counts.
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
  const me = useMe();
  const userId = me.data?.user.id ?? '';
  const [revoting, setRevoting] = useState(false);
  const [codeInput, setCodeInput] = useState('');
  const [newCode, setNewCode] = useState<string | null>(null);
  const [codeProblem, setCodeProblem] = useState(false);

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
  const keptCode = newCode ?? (userId ? loadRevoteCode(browserStore(), userId, id) : null);
  const canRevote = e.allowRevote && (e.voted || !!done) && e.phase === 'open';
  // The ballot form: before voting, or when replacing a ballot.
  const choosing = !done && e.phase === 'open' && (!e.voted || revoting);
  const startRevote = () => {
    setDone(null);
    setRevoting(true);
    setCodeInput(keptCode ? formatRevoteCode(keptCode) : '');
    setCodeProblem(false);
    setChoices({});
    setNewCode(null);
    setError(null);
  };

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
      revote: e.allowRevote,
    });
    setBusy(false);
    if (r.kind === 'encrypted')
      setEncrypted({ ballot: r.ballot, secrets: r.secrets, ms: Math.round(r.ms), revote: r.revote });
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
    const previous = revoting ? parseRevoteCode(codeInput) : null;
    setCodeProblem(revoting && !previous);
    if (revoting && !previous) return;
    setBusy(true);
    setError(null);
    try {
      const keys = encrypted.revote;
      const ballot = keys ? { ...encrypted.ballot, revote_tag: keys.tag } : encrypted.ballot;
      const r = await withReauth(() =>
        castBallot(id, ballot, {
          ...(keys ? { revoteOwner: keys.owner } : {}),
          ...(previous ? { revoteSecret: previous } : {}),
        }),
      );
      if (keys) {
        if (userId) saveRevoteCode(browserStore(), userId, id, keys.secret);
        setNewCode(keys.secret);
      }
      setDone(r.trackingCode);
      setRevoting(false);
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
        description={t(
          `elections.coercionPolicy.${e.profile === 'custom' && e.allowRevote ? 'custom_revote' : e.profile}`,
          { defaultValue: e.coercionPolicy },
        )}
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
      {done && newCode && <RevoteCodeCard code={newCode} fresh />}
      {!done && e.voted && !revoting && <Alert type="success" showIcon title={t('elections.alreadyVoted')} />}
      {canRevote && !revoting && (
        <Card size="small" data-testid="revote-offer">
          <Typography.Paragraph style={{ marginBottom: 8 }}>
            {t('elections.revote.offer')}
          </Typography.Paragraph>
          {keptCode && !done && <RevoteCodeCard code={keptCode} fresh={false} />}
          <Button onClick={startRevote} data-testid="revote" style={{ marginTop: 8 }}>
            {t('elections.revote.start')}
          </Button>
        </Card>
      )}
      {revoting && (
        <Card size="small" title={t('elections.revote.title')}>
          <Typography.Paragraph type="secondary">{t('elections.revote.enterCode')}</Typography.Paragraph>
          <Input.TextArea
            autoSize
            value={codeInput}
            onChange={(ev) => setCodeInput(ev.target.value)}
            status={codeProblem ? 'error' : undefined}
            placeholder="0123 4567 89ab …"
            data-testid="revote-code-input"
            style={{ fontFamily: 'monospace' }}
            aria-label={t('elections.revote.title')}
          />
          {codeProblem && (
            <Typography.Text type="danger" data-testid="revote-code-problem">
              {t('elections.revote.codeFormat')}
            </Typography.Text>
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('elections.revote.lostCode')}
          </Typography.Paragraph>
          <Button
            type="link"
            style={{ paddingLeft: 0 }}
            onClick={() => {
              setRevoting(false);
              setEncrypted(null);
              setCodeProblem(false);
            }}
            data-testid="revote-cancel"
          >
            {t('elections.revote.cancel')}
          </Button>
        </Card>
      )}
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
      {choosing &&
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
      {choosing && !encrypted && (
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
