import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Flex, Form, Popconfirm, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UserDetail } from '../../../shared/api/types';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { roleLabel } from '../../../shared/i18n/labels';
import { OrgTreeSelect, useOrgs } from '../../orgs';
import { useRoles, usersApi, useUsersMutation } from '../api';

interface GrantValues {
  roleKey: string;
  orgId: string;
}

/** A user's role grants with revoke, and a form to add one on an organisation the caller manages. */
export function GrantsSection({ user }: { user: UserDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<GrantValues>();
  const roles = useRoles();
  const orgs = useOrgs().data ?? [];
  const orgName = (id: string) => orgs.find((o) => o.id === id)?.name;
  const canManage = (orgId: string) => orgs.find((o) => o.id === orgId)?.abilities.manageGrants ?? true;

  const add = useUsersMutation(
    (v: GrantValues) => usersApi.addGrant({ userId: user.id, ...v }),
    () => {
      message.success(t('users.grantAdded'));
      form.resetFields();
    },
  );
  const revoke = useUsersMutation(usersApi.revokeGrant, () => message.success(t('users.grantRevoked')));

  return (
    <Flex vertical gap={12}>
      {user.grants.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('users.noGrants')} />
      )}
      {user.grants.map((g) => (
        <Flex key={g.id} align="center" justify="space-between" gap={8} data-testid="grant-row">
          <Flex align="center" gap={8} wrap style={{ minWidth: 0 }}>
            <Tag color="red">{roleLabel(t, g.roleKey)}</Tag>
            <Typography.Text ellipsis>{g.orgName ?? orgName(g.orgId) ?? g.orgId}</Typography.Text>
          </Flex>
          {canManage(g.orgId) && (
            <Popconfirm
              title={t('users.revokeConfirm')}
              okText={t('users.revoke')}
              okButtonProps={{ danger: true, 'data-testid': 'grant-revoke-confirm' }}
              cancelText={t('common.cancel')}
              onConfirm={() => revoke.mutateAsync(g.id)}
            >
              <Button size="small" danger type="text" data-testid="grant-revoke">
                {t('users.revoke')}
              </Button>
            </Popconfirm>
          )}
        </Flex>
      ))}
      <ErrorAlert error={revoke.error} />
      <Form<GrantValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => add.mutate(v)}
        style={{ background: '#fafafa', padding: 12, borderRadius: 6 }}
      >
        <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
          {t('users.addGrant')}
        </Typography.Text>
        <Form.Item
          name="roleKey"
          label={t('users.role')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            data-testid="grant-role-select"
            loading={roles.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            options={(roles.data ?? []).map((r) => ({ value: r.key, label: roleLabel(t, r.key) }))}
          />
        </Form.Item>
        <Form.Item
          name="orgId"
          label={t('users.grantOrg')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <OrgTreeSelect data-testid="grant-org-select" selectable={(o) => o.abilities.manageGrants} />
        </Form.Item>
        <ErrorAlert error={add.error} style={{ marginBottom: 12 }} />
        <Button
          type="primary"
          htmlType="submit"
          icon={<PlusOutlined />}
          loading={add.isPending}
          data-testid="grant-add"
        >
          {t('users.addGrant')}
        </Button>
      </Form>
    </Flex>
  );
}
