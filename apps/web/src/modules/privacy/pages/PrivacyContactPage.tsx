/**
 * Public page (no sign-in): the personal-information protection officer of a union
 * (/privacy-contact/:unionId), or of the installation's top-level union (/privacy-contact). A union
 * without its own officer shows the one named by the union above, and says so (PIPL 17, 52).
 */
import { MailOutlined, PhoneOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Flex, Grid, Result, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../shared/api/errors';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { type PublicContact, useMyContact, usePublicContact } from '../registerApi';

/** The published contact of one union as a description list (or the "none published" notice). */
export function ContactDetails({ c, meta = true }: { c: PublicContact; meta?: boolean }) {
  const { t } = useTranslation();
  if (!c.contact) {
    return (
      <Alert
        type="warning"
        showIcon
        data-testid="contact-none"
        title={c.union ? t('privacy.contact.none', { union: c.union.name }) : t('privacy.contact.noneRoot')}
      />
    );
  }
  const p = c.contact;
  return (
    <Flex vertical gap={8} data-testid="contact-details">
      <Descriptions
        size="small"
        column={1}
        bordered
        styles={{ label: { width: 110, whiteSpace: 'nowrap' } }}
        items={[
          { key: 'n', label: t('privacy.register.contactField.name'), children: p.name },
          { key: 't', label: t('privacy.register.contactField.title'), children: p.title },
          {
            key: 'p',
            label: t('privacy.register.contactField.phone'),
            children: (
              <a href={`tel:${p.phone.replace(/[^0-9+]/g, '')}`}>
                <PhoneOutlined /> {p.phone}
              </a>
            ),
          },
          {
            key: 'e',
            label: t('privacy.register.contactField.email'),
            children: (
              <a href={`mailto:${p.email}`} style={{ wordBreak: 'break-all' }}>
                <MailOutlined /> {p.email}
              </a>
            ),
          },
          ...(p.postalAddress
            ? [
                {
                  key: 'a',
                  label: t('privacy.contact.address'),
                  children: p.postalAddress,
                },
              ]
            : []),
        ]}
      />
      {meta && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {c.source?.inherited ? `${t('privacy.contact.namedBy', { union: c.source.unionName })} · ` : ''}
          {c.updatedAt && t('privacy.contact.updatedAt', { at: dayjs(c.updatedAt).format('YYYY-MM-DD') })}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** The signed-in member's own union's officer (on 我的数据), with a link to the public page. */
export function MyUnionContact() {
  const { t } = useTranslation();
  const q = useMyContact();
  const phone = Grid.useBreakpoint().sm === false;
  return (
    <Card
      title={<span style={{ whiteSpace: 'normal' }}>{t('privacy.contact.myTitle')}</span>}
      data-testid="my-union-contact"
      extra={
        !phone &&
        q.data?.union && <Link to={`/privacy-contact/${q.data.union.id}`}>{t('privacy.contact.link')}</Link>
      }
    >
      <Typography.Paragraph type="secondary">{t('privacy.contact.intro')}</Typography.Paragraph>
      {q.isPending && <Loading />}
      <ErrorAlert error={q.error} />
      {q.data && <ContactDetails c={q.data} />}
    </Card>
  );
}

export default function PrivacyContactPage() {
  const { t } = useTranslation();
  usePageTitle(t('privacy.contact.title'));
  const { unionId } = useParams();
  const q = usePublicContact(unionId);
  let body: ReactNode;
  if (q.isPending) body = <Loading />;
  else if (isApiError(q.error) && (q.error.status === 404 || q.error.status === 400))
    body = (
      <Result
        status="warning"
        title={t('privacy.contact.notFound')}
        extra={<Link to="/privacy-contact">{t('privacy.contact.title')}</Link>}
      />
    );
  else if (!q.data) body = <ErrorAlert error={q.error} />;
  else if (q.data.length === 0)
    body = <Alert type="warning" showIcon title={t('privacy.contact.noneRoot')} />;
  else
    body = (
      <Flex vertical gap={20}>
        {q.data.map((c) => (
          <Flex vertical gap={8} key={c.union?.id ?? 'none'}>
            {c.union && (
              <Typography.Title level={5} style={{ margin: 0 }} data-testid="contact-union">
                {c.union.name}
              </Typography.Title>
            )}
            <ContactDetails c={c} />
          </Flex>
        ))}
      </Flex>
    );
  return (
    <Card style={{ width: '100%', maxWidth: 560, margin: '0 auto', alignSelf: 'flex-start' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('privacy.contact.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('privacy.contact.intro')}</Typography.Paragraph>
      {body}
    </Card>
  );
}
