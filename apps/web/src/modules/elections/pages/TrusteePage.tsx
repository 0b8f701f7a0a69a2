import {
  combineKeyShare,
  computeDecryptionShare,
  createTransportKey,
  createTrustee,
  decryptShare,
  defaultGroup,
  encryptShare,
  exportTrusteeBackup,
  importTrusteeBackup,
  scalarToHex,
  shareFor,
  type TrusteeBackup,
  type TrusteeSecret,
  verifyShare,
} from '@unionhall/election-crypto';
import { Alert, Button, Card, Flex, Input, Steps, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { postDecryption, postTrusteeKeys, postTrusteeShares, useTrusteeView } from '../api';

function download(name: string, value: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * A trustee's key ceremony and tally, all cryptography in this browser: the polynomial, the
 * transport key and the received shares never leave it except encrypted (shares to their
 * recipients, the state as a passphrase-encrypted backup the trustee downloads and keeps).
 */
export default function TrusteePage() {
  const { t } = useTranslation();
  usePageTitle(t('elections.trustee.title'));
  const { id = '' } = useParams();
  const q = useTrusteeView(id);
  const [secret, setSecret] = useState<TrusteeSecret | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [decrypted, setDecrypted] = useState(false);

  if (q.isLoading) return <Loading />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  const v = q.data;
  const g = defaultGroup();
  const me = v.peers.find((p) => p.index === v.index);
  const allKeys = v.peers.every((p) => p.transportKey);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      await q.refetch();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const backup = async (s: TrusteeSecret) =>
    download(`trustee-${id}-${s.index}.json`, await exportTrusteeBackup(s, passphrase));

  const generate = () =>
    run(async () => {
      const tr = createTrustee(g, {
        index: v.index,
        trustees: v.trustees,
        threshold: v.threshold,
        manifestHash: v.manifestHash,
      });
      const tk = createTransportKey();
      const s = { ...tr.secret, transport_secret: tk.secret };
      await backup(s);
      await postTrusteeKeys(id, tr.public, tk.public);
      setSecret(s);
    });
  const restore = async (file: File) => {
    await run(async () =>
      setSecret(await importTrusteeBackup(JSON.parse(await file.text()) as TrusteeBackup, passphrase)),
    );
    return false;
  };
  const sendShares = () =>
    run(async () => {
      if (!secret) return;
      const shares = [];
      for (const p of v.peers)
        if (p.index !== v.index && p.transportKey)
          shares.push(await encryptShare(p.transportKey, shareFor(secret, p.index), v.index, p.index));
      await postTrusteeShares(id, shares);
      setSent(true);
      setNote(t('elections.trustee.sharesSent'));
    });
  const checkShares = () =>
    run(async () => {
      if (!secret?.transport_secret) return;
      const received = [shareFor(secret, v.index)];
      for (const s of v.sharesForMe) {
        const value = await decryptShare(secret.transport_secret, s);
        const dealer = v.peers.find((p) => p.index === s.from)?.public;
        if (!dealer || !verifyShare(g, dealer, v.index, value))
          throw new Error(t('elections.trustee.badShare', { from: s.from }));
        received.push(value);
      }
      const next = { ...secret, key_share: scalarToHex(combineKeyShare(received)) };
      setSecret(next);
      await backup(next);
      setNote(t('elections.trustee.sharesOk'));
    });
  const decrypt = () =>
    run(async () => {
      if (!secret?.key_share || !v.manifest || !v.parameters || !v.tally) return;
      const share = computeDecryptionShare(g, v.manifest, v.parameters.parameter_hash, secret, v.tally);
      const r = await postDecryption(id, share);
      setDecrypted(true);
      setNote(t('elections.trustee.decrypted', { status: r.status }));
    });

  const step = !me?.public
    ? 0
    : v.status === 'announced'
      ? 1
      : v.status === 'ready' && !secret?.key_share
        ? 2
        : v.status === 'tallied'
          ? 4
          : 3;
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: '8px 4px 0' }}>
        {t('elections.trustee.title')} #{v.index}
      </Typography.Title>
      {v.manifest && (
        <Typography.Text strong data-testid="trustee-election-title">
          {v.manifest.title}
        </Typography.Text>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
        {t('elections.trustee.manifestHash')} {v.manifestHash}
      </Typography.Text>
      <Typography.Text data-testid="trustee-status">
        {t(`elections.phase.${v.status}`)} ·{' '}
        {t('elections.trustee.progress', {
          keys: v.peers.filter((p) => p.public).length,
          n: v.trustees,
          k: v.threshold,
        })}
      </Typography.Text>
      <Steps
        size="small"
        current={step}
        items={[
          { title: t('elections.trustee.stepKeys') },
          { title: t('elections.trustee.stepShares') },
          { title: t('elections.trustee.stepCheck') },
          { title: t('elections.trustee.stepTally') },
        ]}
      />
      <ErrorAlert error={error} />
      {note && <Alert type="success" showIcon title={note} />}
      <Card size="small" title={t('elections.trustee.passphrase')}>
        <Input.Password
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          data-testid="passphrase"
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('elections.trustee.backupHelp')}
        </Typography.Paragraph>
        {!secret && me?.public && (
          <Upload beforeUpload={restore} showUploadList={false} accept="application/json">
            <Button disabled={passphrase.length < 12}>{t('elections.trustee.restore')}</Button>
          </Upload>
        )}
      </Card>
      {!me?.public && (
        <Button
          type="primary"
          loading={busy}
          disabled={passphrase.length < 12}
          onClick={generate}
          data-testid="generate"
        >
          {t('elections.trustee.generate')}
        </Button>
      )}
      {secret && v.status === 'announced' && !sent && (
        <Button loading={busy} disabled={!allKeys} onClick={sendShares} data-testid="send-shares">
          {allKeys ? t('elections.trustee.sendShares') : t('elections.trustee.waiting')}
        </Button>
      )}
      {secret && v.status !== 'announced' && !secret.key_share && (
        <Button loading={busy} onClick={checkShares} data-testid="check-shares">
          {t('elections.trustee.checkShares')}
        </Button>
      )}
      {secret?.key_share && v.status === 'ready' && (
        <Alert type="info" showIcon title={t('elections.trustee.waitClose')} data-testid="wait-close" />
      )}
      {secret?.key_share && v.status === 'closed' && !decrypted && (
        <Button type="primary" loading={busy} onClick={decrypt} data-testid="decrypt">
          {t('elections.trustee.decrypt')}
        </Button>
      )}
    </Flex>
  );
}
