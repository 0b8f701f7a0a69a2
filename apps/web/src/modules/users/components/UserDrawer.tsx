import { Button, Descriptions, Divider, Drawer, Grid, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { useUser } from '../api';
import { GrantsSection } from './GrantsSection';
import { RevealContact } from './RevealContact';
import { StatusModal } from './StatusModal';
import { StatusTag } from './StatusTag';

/** User details: profile, status change and role grants. */
export function UserDrawer({ userId, onClose }: { userId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const phone = Grid.useBreakpoint().sm === false;
  const user = useUser(userId);
  const [statusOpen, setStatusOpen] = useState(false);
  const u = user.data;
  return (
    <Drawer
      open={!!userId}
      onClose={onClose}
      size={phone ? '100%' : 560}
      title={u ? u.displayName : t('users.detail')}
      destroyOnHidden
      extra={
        u && (
          <Button
            danger={u.status !== 'disabled'}
            onClick={() => setStatusOpen(true)}
            data-testid="user-status-toggle"
          >
            {u.status === 'disabled' ? t('users.enable') : t('users.disable')}
          </Button>
        )
      }
    >
      {user.isPending && <Loading />}
      {user.isError && <ErrorAlert error={user.error} />}
      {u && (
        <>
          <Descriptions
            column={1}
            size="small"
            items={[
              {
                key: 'username',
                label: t('users.username'),
                children: <Typography.Text code>{u.username}</Typography.Text>,
              },
              { key: 'name', label: t('users.displayName'), children: u.displayName },
              { key: 'email', label: t('users.email'), children: u.emailMasked || t('account.notSet') },
              { key: 'org', label: t('users.org'), children: u.orgName ?? '—' },
              { key: 'status', label: t('users.status'), children: <StatusTag status={u.status} /> },
              ...(u.mfaEnabled === undefined
                ? []
                : [
                    {
                      key: 'mfa',
                      label: t('users.mfa'),
                      children: <Tag>{u.mfaEnabled ? t('mfa.enabled') : t('mfa.disabled')}</Tag>,
                    },
                  ]),
            ]}
          />
          <RevealContact userId={u.id} />
          <Divider titlePlacement="start">{t('users.grants')}</Divider>
          <GrantsSection user={u} />
          <StatusModal user={u} open={statusOpen} onClose={() => setStatusOpen(false)} />
        </>
      )}
    </Drawer>
  );
}
