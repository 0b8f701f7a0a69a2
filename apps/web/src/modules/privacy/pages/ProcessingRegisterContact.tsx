/** Console card: the union's personal-information protection officer, inherited or none, and its editor. */
import { EditOutlined, ExportOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { FormModal } from '../../../shared/components/FormModal';
import { Loading } from '../../../shared/components/Loading';
import { type PublishedContact, useOfficerContact, useRegisterMutations } from '../registerApi';
import { ContactDetails } from './PrivacyContactPage';

const PHONE = /^[0-9+(][0-9()\- ]{0,28}[0-9)](\s?(转|ext\.?|x)\s?[0-9]{1,6})?$/u;

export function ProcessingRegisterContact({ unionId }: { unionId: string }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const q = useOfficerContact(unionId);
  const m = useRegisterMutations(unionId);
  const [editing, setEditing] = useState(false);
  const own = q.data?.own;
  const eff = q.data?.effective;

  return (
    <Card
      size="small"
      title={t('privacy.register.contactTitle')}
      data-testid="register-contact"
      extra={
        <Link to={`/privacy-contact/${unionId}`} target="_blank">
          <ExportOutlined /> {t('privacy.register.publicPage')}
        </Link>
      }
    >
      {q.isPending && <Loading />}
      <ErrorAlert error={q.error ?? m.clearContact.error} />
      {q.data && eff && (
        <Flex vertical gap={12}>
          {own ? (
            <Typography.Text type="secondary">{t('privacy.register.contactOwn')}</Typography.Text>
          ) : eff.contact && eff.source ? (
            <Alert
              type="info"
              showIcon
              title={t('privacy.register.contactInherited', { union: eff.source.unionName })}
            />
          ) : (
            <Alert
              type="warning"
              showIcon
              data-testid="contact-missing"
              title={t('privacy.register.contactNone')}
            />
          )}
          {eff.contact && <ContactDetails c={eff} meta={false} />}
          {own && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('privacy.register.updated', {
                by: own.updatedBy,
                at: dayjs(own.updatedAt).format('YYYY-MM-DD HH:mm'),
              })}
            </Typography.Text>
          )}
          <Flex gap={8} wrap>
            <Button
              type={own ? 'default' : 'primary'}
              icon={<EditOutlined />}
              onClick={() => setEditing(true)}
              data-testid="contact-edit"
            >
              {own ? t('privacy.register.editContact') : t('privacy.register.setContact')}
            </Button>
            {own && (
              <Button
                icon={<RollbackOutlined />}
                loading={m.clearContact.isPending}
                onClick={() =>
                  modal.confirm({
                    title: t('privacy.register.useInherited'),
                    content: t('privacy.register.useInheritedConfirm'),
                    onOk: () => m.clearContact.mutateAsync(),
                  })
                }
              >
                {t('privacy.register.useInherited')}
              </Button>
            )}
          </Flex>
        </Flex>
      )}
      <FormModal<PublishedContact>
        open={editing}
        title={t('privacy.register.contactTitle')}
        pending={m.setContact.isPending}
        error={m.setContact.error}
        okText={t('common.save')}
        initialValues={own ?? undefined}
        onCancel={() => {
          setEditing(false);
          m.setContact.reset();
        }}
        onSubmit={(v) =>
          m.setContact.mutate(
            { ...v, postalAddress: v.postalAddress?.trim() ? v.postalAddress : null },
            {
              onSuccess: () => {
                setEditing(false);
                void message.success(t('privacy.register.contactSaved'));
              },
            },
          )
        }
      >
        <Form.Item
          name="name"
          label={t('privacy.register.contactField.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={100} autoComplete="off" data-testid="contact-name" />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('privacy.register.contactField.title')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={100} autoComplete="off" data-testid="contact-title" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('privacy.register.contactField.phone')}
          rules={[
            { required: true, message: t('common.required') },
            { pattern: PHONE, message: t('privacy.register.phoneInvalid') },
          ]}
        >
          <Input maxLength={40} inputMode="tel" autoComplete="off" data-testid="contact-phone" />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('privacy.register.contactField.email')}
          rules={[
            { required: true, message: t('common.required') },
            { type: 'email', message: t('privacy.register.emailInvalid') },
          ]}
        >
          <Input maxLength={254} inputMode="email" autoComplete="off" data-testid="contact-email" />
        </Form.Item>
        <Form.Item name="postalAddress" label={t('privacy.register.contactField.postalAddress')}>
          <Input.TextArea rows={2} maxLength={300} data-testid="contact-address" />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
