import { Button, Flex, Form, Input, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export interface OrgValues {
  orgName: string;
  orgKind: 'federation' | 'grassroots';
}

interface Props {
  initial: OrgValues;
  onBack: () => void;
  onNext: (v: OrgValues) => void;
}

/** Step 2: the root of the organisation tree. */
export function OrgStep({ initial, onBack, onNext }: Props) {
  const { t } = useTranslation();
  const kinds = [
    { value: 'grassroots', help: t('setup.kindGrassrootsHelp') },
    { value: 'federation', help: t('setup.kindFederationHelp') },
  ] as const;
  return (
    <Form<OrgValues> layout="vertical" requiredMark={false} initialValues={initial} onFinish={onNext}>
      <Form.Item
        name="orgName"
        label={t('setup.orgName')}
        rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 200 }]}
      >
        <Input size="large" placeholder={t('setup.orgNamePh')} autoFocus data-testid="setup-org-name" />
      </Form.Item>
      <Form.Item name="orgKind" label={t('setup.orgKind')} rules={[{ required: true }]}>
        <Radio.Group style={{ width: '100%' }} data-testid="setup-org-kind">
          <Flex vertical gap={8}>
            {kinds.map((k) => (
              <Radio key={k.value} value={k.value} data-testid={`setup-org-kind-${k.value}`}>
                <Typography.Text strong>{t(`orgKind.${k.value}`)}</Typography.Text>
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {k.help}
                </Typography.Text>
              </Radio>
            ))}
          </Flex>
        </Radio.Group>
      </Form.Item>
      <Flex gap={8}>
        <Button size="large" onClick={onBack} data-testid="setup-back">
          {t('common.back')}
        </Button>
        <Button type="primary" size="large" htmlType="submit" style={{ flex: 1 }} data-testid="setup-next">
          {t('common.next')}
        </Button>
      </Flex>
    </Form>
  );
}
