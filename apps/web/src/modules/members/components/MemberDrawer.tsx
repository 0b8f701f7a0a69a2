import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Divider, Drawer, Flex, Grid, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { memberApi, type OfficerAction, type PiiField, useMember, useMemberMutation } from '../api';
import { StatusTag } from '../labels';
import { AccountModal } from './AccountModal';
import { ActionModal } from './ActionModal';
import { History } from './History';
import { MemberForm } from './MemberForm';
import { RevealModal } from './RevealModal';
import { TransferModal } from './TransferModal';

/** One member: masked details, reveal with a reason, lifecycle actions by ability, and the history. */
export function MemberDrawer({ memberId, onClose }: { memberId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const phone = Grid.useBreakpoint().sm === false;
  const detail = useMember(memberId);
  const [action, setAction] = useState<OfficerAction | null>(null);
  const [editing, setEditing] = useState(false);
  const [revealing, setRevealing] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const [account, setAccount] = useState(false);
  const [shown, setShown] = useState<Partial<Record<PiiField, string | null>>>({});
  const decide = useMemberMutation((v: { id: string; d: 'approve' | 'reject' | 'cancel' }) =>
    memberApi.decide(v.id, v.d, t(`members.${v.d === 'reject' ? 'decline' : v.d}`)),
  );
  const m = detail.data?.member;
  const pending = detail.data?.pendingTransfer;
  const masked = (f: PiiField, v: string | null) =>
    shown[f] !== undefined ? <Typography.Text mark>{shown[f] ?? '—'}</Typography.Text> : (v ?? '—');
  return (
    <Drawer
      open={!!memberId}
      onClose={() => {
        setShown({});
        onClose();
      }}
      size={phone ? '100%' : 600}
      title={m ? `${m.name} · ${m.memberNo}` : t('members.detail')}
      destroyOnHidden
      extra={
        m?.abilities.edit && (
          <Button onClick={() => setEditing(true)} data-testid="member-edit">
            {t('members.edit')}
          </Button>
        )
      }
    >
      {detail.isPending && <Loading />}
      {detail.isError && <ErrorAlert error={detail.error} />}
      {m && (
        <>
          {pending && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('members.pendingTransfer', { union: pending.toUnionName })}
              description={pending.reason}
              action={
                <Flex gap={4} vertical>
                  {pending.canApprove && (
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => decide.mutate({ id: pending.id, d: 'approve' })}
                    >
                      {t('members.approve')}
                    </Button>
                  )}
                  {pending.canCancel && (
                    <Button size="small" onClick={() => decide.mutate({ id: pending.id, d: 'cancel' })}>
                      {t('members.cancel')}
                    </Button>
                  )}
                </Flex>
              }
            />
          )}
          <ErrorAlert error={decide.error} style={{ marginBottom: 12 }} />
          <Flex gap={8} wrap style={{ marginBottom: 12 }}>
            {m.abilities.actions.map((a) => (
              <Button
                key={a}
                danger={['expel', 'leave', 'reject'].includes(a)}
                onClick={() => setAction(a)}
                data-testid={`member-action-${a}`}
              >
                {t(`members.action.${a}`)}
              </Button>
            ))}
            {m.abilities.createAccount && (
              <Button onClick={() => setAccount(true)}>{t('members.createAccount')}</Button>
            )}
            {m.abilities.transfer && (
              <Button onClick={() => setTransferring(true)}>{t('members.action.transfer')}</Button>
            )}
          </Flex>
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              { key: 'status', label: t('members.col.status'), children: <StatusTag status={m.status} /> },
              { key: 'union', label: t('members.col.union'), children: m.unionName },
              { key: 'org', label: t('members.col.org'), children: m.orgName },
              { key: 'gender', label: t('members.col.gender'), children: t(`members.gender.${m.gender}`) },
              { key: 'birth', label: t('members.col.birthDate'), children: m.birthDate ?? '—' },
              { key: 'idType', label: t('members.col.idType'), children: t(`members.idType.${m.idType}`) },
              {
                key: 'idNumber',
                label: t('members.col.idNumber'),
                children: masked('idNumber', m.idNumberMasked),
              },
              { key: 'phone', label: t('members.col.phone'), children: masked('phone', m.phoneMasked) },
              { key: 'email', label: t('members.col.email'), children: masked('email', m.emailMasked) },
              {
                key: 'address',
                label: t('members.col.address'),
                children: masked('address', m.addressMasked),
              },
              { key: 'employer', label: t('members.col.employer'), children: m.employer ?? '—' },
              { key: 'department', label: t('members.col.department'), children: m.department ?? '—' },
              { key: 'job', label: t('members.col.jobTitle'), children: m.jobTitle ?? '—' },
              {
                key: 'edu',
                label: t('members.col.education'),
                children: m.education ? t(`members.education.${m.education}`) : '—',
              },
              { key: 'join', label: t('members.col.joinDate'), children: m.joinDate ?? '—' },
            ]}
          />
          {m.abilities.reveal && (
            <Flex justify="flex-end" align="center" gap={8} style={{ marginTop: 8 }}>
              {Object.keys(shown).length > 0 && (
                <Typography.Text type="warning">{t('members.revealed')}</Typography.Text>
              )}
              <Button icon={<EyeOutlined />} onClick={() => setRevealing(true)} data-testid="member-reveal">
                {t('members.reveal')}
              </Button>
            </Flex>
          )}
          <Divider titlePlacement="start">{t('members.history')}</Divider>
          <History events={detail.data?.history ?? []} />
          <ActionModal memberId={m.id} memberName={m.name} action={action} onClose={() => setAction(null)} />
          <MemberForm open={editing} member={m} onClose={() => setEditing(false)} />
          <RevealModal
            memberId={m.id}
            open={revealing}
            onClose={() => setRevealing(false)}
            onRevealed={(v) => setShown((s) => ({ ...s, ...v }))}
          />
          <TransferModal member={m} open={transferring} onClose={() => setTransferring(false)} />
          <AccountModal member={m} open={account} onClose={() => setAccount(false)} />
        </>
      )}
    </Drawer>
  );
}
