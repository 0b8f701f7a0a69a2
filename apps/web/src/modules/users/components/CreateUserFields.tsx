import { Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PasswordHints, passwordRules } from '../../../shared/components/PasswordHints';
import { USERNAME_PATTERN } from '../../../shared/lib/patterns';
import { OrgTreeSelect, useOrgs } from '../../orgs';

/** The new-user form fields; password hints follow the chosen username and organisation. */
export function CreateUserFields() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const username = Form.useWatch('username', form) as string | undefined;
  const orgId = Form.useWatch('orgId', form) as string | undefined;
  const orgs = useOrgs().data ?? [];
  const [pw, setPw] = useState('');
  // The server refuses the root union's name and the user's own organisation's name.
  const unionNames = orgs.filter((o) => o.parentId === null || o.id === orgId).map((o) => o.name);
  const ctx = { username, unionNames };
  const required = { required: true, whitespace: true, message: t('common.required') };
  return (
    <>
      <Form.Item
        name="username"
        label={t('users.username')}
        extra={t('setup.usernameHelp')}
        rules={[required, { pattern: USERNAME_PATTERN, message: t('setup.usernameHelp') }]}
      >
        <Input autoComplete="off" data-testid="user-username" />
      </Form.Item>
      <Form.Item name="displayName" label={t('users.displayName')} rules={[required, { max: 100 }]}>
        <Input autoComplete="off" data-testid="user-display-name" />
      </Form.Item>
      <Form.Item
        name="email"
        label={`${t('users.email')}${t('common.optional')}`}
        rules={[{ type: 'email', message: t('account.emailInvalid') }]}
      >
        <Input type="email" autoComplete="off" data-testid="user-email" />
      </Form.Item>
      <Form.Item
        name="orgId"
        label={t('users.org')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <OrgTreeSelect data-testid="user-org-select" />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('users.password')}
        extra={t('users.passwordHelp')}
        rules={passwordRules(t, ctx)}
      >
        <Input.Password
          autoComplete="new-password"
          onChange={(e) => setPw(e.target.value)}
          data-testid="user-password"
        />
      </Form.Item>
      <PasswordHints password={pw} {...ctx} />
    </>
  );
}
