import { Alert, App, Button, Card, Flex, List, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../shared/api/errors';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { myApi, useMyConsents, useMyMutation } from '../myApi';
import { MyNav } from '../components/MyNav';

/** 隐私与授权: consent per purpose and version, grant or withdraw, and the full ledger. */
export default function MyPrivacyPage() {
  const { t } = useTranslation();
  usePageTitle(t('myMembership.privacy'));
  const { modal } = App.useApp();
  const consents = useMyConsents();
  const change = useMyMutation((v: { purpose: string; granted: boolean }) =>
    myApi.consent(v.purpose, v.granted),
  );
  const noRecord = isApiError(consents.error) && consents.error.status === 404;
  const purposeText = (p: string) => t(`myMembership.purpose.${p}`, { defaultValue: p });
  return (
    <Flex vertical gap={16}>
      <MyNav />
      {consents.isPending && <Loading />}
      {noRecord ? (
        <Alert type="info" showIcon title={t('myMembership.noRecord')} />
      ) : (
        <ErrorAlert error={consents.error} />
      )}
      <ErrorAlert error={change.error} />
      {consents.data && (
        <>
          <Card title={t('myMembership.consentTitle')}>
            <List
              dataSource={consents.data.purposes}
              renderItem={(c) => (
                <List.Item
                  data-testid={`consent-${c.purpose}`}
                  actions={[
                    c.granted ? (
                      <Button
                        key="w"
                        danger
                        size="small"
                        loading={change.isPending}
                        onClick={() =>
                          modal.confirm({
                            title: t('myMembership.withdraw'),
                            content: t('myMembership.withdrawConfirm'),
                            okButtonProps: { danger: true },
                            onOk: () => change.mutateAsync({ purpose: c.purpose, granted: false }),
                          })
                        }
                      >
                        {t('myMembership.withdraw')}
                      </Button>
                    ) : (
                      <Button
                        key="g"
                        type="primary"
                        size="small"
                        loading={change.isPending}
                        onClick={() => change.mutate({ purpose: c.purpose, granted: true })}
                      >
                        {t('myMembership.grant')}
                      </Button>
                    ),
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <Flex gap={6} wrap align="center">
                        <span>{purposeText(c.purpose)}</span>
                        {c.required && <Tag>{t('myMembership.required')}</Tag>}
                      </Flex>
                    }
                    description={
                      <>
                        <Tag color={c.granted ? 'success' : 'default'}>
                          {c.granted ? t('myMembership.granted') : t('myMembership.notGranted')}
                        </Tag>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('myMembership.version', { version: c.version ?? c.currentVersion })}
                          {c.at ? ` · ${dayjs(c.at).format('YYYY-MM-DD HH:mm')}` : ''}
                        </Typography.Text>
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
          <Card title={t('myMembership.ledger')} styles={{ body: { paddingBlock: 0 } }}>
            <List
              size="small"
              dataSource={consents.data.history}
              renderItem={(h) => (
                <List.Item>
                  <Flex vertical gap={2} style={{ width: '100%' }}>
                    <Flex justify="space-between" gap={8}>
                      <Typography.Text>{purposeText(h.purpose)}</Typography.Text>
                      <Tag
                        color={h.granted ? 'success' : 'default'}
                        style={{ marginInlineEnd: 0, alignSelf: 'flex-start' }}
                      >
                        {h.granted ? t('myMembership.granted') : t('myMembership.withdraw')}
                      </Tag>
                    </Flex>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {dayjs(h.at).format('YYYY-MM-DD HH:mm')} ·{' '}
                      {t(`myMembership.source.${h.source}`, { defaultValue: h.source })} ·{' '}
                      {t('myMembership.version', { version: h.version })}
                    </Typography.Text>
                  </Flex>
                </List.Item>
              )}
            />
          </Card>
        </>
      )}
    </Flex>
  );
}
