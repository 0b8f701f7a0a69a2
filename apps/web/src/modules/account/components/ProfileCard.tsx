import { Button, Card, Descriptions } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeUser } from '../../../shared/api/types';
import { ContactModal } from './ContactModal';

/** Name, username and the masked contact details, with a button to change them. */
export function ProfileCard({ user }: { user: MeUser }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const notSet = t('account.notSet');
  return (
    <Card
      title={t('account.profile')}
      extra={
        <Button type="link" onClick={() => setOpen(true)} data-testid="contact-change" style={{ padding: 0 }}>
          {t('account.changeContact')}
        </Button>
      }
    >
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'name', label: t('account.displayName'), children: user.displayName },
          { key: 'username', label: t('account.username'), children: user.username },
          ...(user.orgName ? [{ key: 'org', label: t('member.org'), children: user.orgName }] : []),
          { key: 'email', label: t('account.email'), children: user.emailMasked || notSet },
          { key: 'phone', label: t('account.phone'), children: user.phoneMasked || notSet },
        ]}
      />
      <ContactModal open={open} onClose={() => setOpen(false)} />
    </Card>
  );
}
