import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../shared/api/errors';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { EDUCATION, type PersonBody } from '../api';
import { myApi, useMyMutation, useMyProfile } from '../myApi';
import { MyNav } from '../components/MyNav';
import { mobileValid } from '../idcheck';
import { StatusTag } from '../labels';

/** 我的资料: the member's record (masked) and the fields the union lets them change. */
export default function MyProfilePage() {
  const { t } = useTranslation();
  usePageTitle(t('myMembership.profile'));
  const { message } = App.useApp();
  const profile = useMyProfile();
  const [form] = Form.useForm<PersonBody>();
  const save = useMyMutation((b: PersonBody) => myApi.update(b));
  const m = profile.data?.member;
  const editable = new Set(profile.data?.editable ?? []);
  if (profile.isPending) return <Loading />;
  const noRecord = isApiError(profile.error) && profile.error.status === 404;
  return (
    <Flex vertical gap={16}>
      <MyNav />
      {noRecord && <Alert type="info" showIcon title={t('myMembership.noRecord')} />}
      {!noRecord && <ErrorAlert error={profile.error} />}
      {m && (
        <>
          <Card
            title={`${m.name} · ${m.memberNo}`}
            extra={<StatusTag status={m.status} />}
            styles={{ body: { paddingTop: 8 } }}
          >
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'union', label: t('members.col.union'), children: m.unionName },
                { key: 'org', label: t('members.col.org'), children: m.orgName },
                { key: 'join', label: t('members.col.joinDate'), children: m.joinDate ?? '—' },
                { key: 'id', label: t('members.col.idNumber'), children: m.idNumberMasked ?? '—' },
                { key: 'phone', label: t('members.col.phone'), children: m.phoneMasked ?? '—' },
                { key: 'email', label: t('members.col.email'), children: m.emailMasked ?? '—' },
                { key: 'address', label: t('members.col.address'), children: m.addressMasked ?? '—' },
                { key: 'employer', label: t('members.col.employer'), children: m.employer ?? '—' },
                {
                  key: 'edu',
                  label: t('members.col.education'),
                  children: m.education ? t(`members.education.${m.education}`) : '—',
                },
              ]}
            />
          </Card>
          <Card title={t('myMembership.editable')}>
            <Form<PersonBody>
              form={form}
              layout="vertical"
              requiredMark={false}
              onFinish={(v) => {
                const body = Object.fromEntries(
                  Object.entries(v).filter(([, x]) => x !== undefined && x !== ''),
                );
                save.mutate(body, {
                  onSuccess: (r) => {
                    form.resetFields();
                    message.success(t('members.saved'));
                    if (r.ignored.length)
                      message.warning(t('myMembership.ignored', { fields: r.ignored.join('、') }));
                  },
                });
              }}
            >
              {editable.has('phone') && (
                <Form.Item
                  name="phone"
                  label={t('myMembership.changePhone')}
                  rules={[
                    {
                      validator: (_, v?: string) =>
                        !v || mobileValid(v)
                          ? Promise.resolve()
                          : Promise.reject(new Error(t('members.phoneInvalid'))),
                    },
                  ]}
                >
                  <Input
                    inputMode="tel"
                    maxLength={24}
                    placeholder={m.phoneMasked ?? undefined}
                    data-testid="my-phone"
                  />
                </Form.Item>
              )}
              {editable.has('email') && (
                <Form.Item name="email" label={t('myMembership.changeEmail')} rules={[{ type: 'email' }]}>
                  <Input inputMode="email" maxLength={254} placeholder={m.emailMasked ?? undefined} />
                </Form.Item>
              )}
              {editable.has('address') && (
                <Form.Item name="address" label={t('myMembership.changeAddress')}>
                  <Input maxLength={300} />
                </Form.Item>
              )}
              {editable.has('education') && (
                <Form.Item name="education" label={t('members.col.education')}>
                  <Select
                    allowClear
                    options={EDUCATION.map((e) => ({ value: e, label: t(`members.education.${e}`) }))}
                  />
                </Form.Item>
              )}
              {(['employer', 'department', 'jobTitle'] as const)
                .filter((f) => editable.has(f))
                .map((f) => (
                  <Form.Item key={f} name={f} label={t(`members.col.${f}`)}>
                    <Input maxLength={200} />
                  </Form.Item>
                ))}
              <ErrorAlert error={save.error} style={{ marginBottom: 12 }} />
              <Flex justify="space-between" align="center" gap={8} wrap>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('myMembership.readonly')}
                </Typography.Text>
                <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="my-save">
                  {t('common.save')}
                </Button>
              </Flex>
            </Form>
          </Card>
        </>
      )}
    </Flex>
  );
}
