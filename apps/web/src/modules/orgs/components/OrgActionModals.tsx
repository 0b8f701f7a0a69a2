import { Alert, App, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgKind, OrgNode } from '../../../shared/api/types';
import { FormModal } from '../../../shared/components/FormModal';
import { reasonRules } from '../../../shared/lib/patterns';
import { orgsApi, useOrgMutation, useOrgs } from '../api';
import { subtreeIds } from '../tree';
import { OrgTreeSelect } from './OrgTreeSelect';

export type OrgAction = 'create' | 'rename' | 'move' | 'close';

interface Props {
  node: OrgNode;
  action: OrgAction | null;
  onClose: () => void;
  onCreated: (node: OrgNode) => void;
}

const nameRules = (msg: string) => [{ required: true, whitespace: true, message: msg }, { max: 200 }];

/** The four node actions (create child, rename, move, close), each a small form in a modal. */
export function OrgActionModals({ node, action, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const all = useOrgs().data ?? [];
  const done = (msg: string) => () => {
    message.success(msg);
    onClose();
  };
  const create = useOrgMutation(
    (v: { name: string; kind: OrgKind }) =>
      orgsApi.create({ parentId: node.id, name: v.name.trim(), kind: v.kind }),
    (created) => {
      message.success(t('orgs.created'));
      onClose();
      onCreated(created);
    },
  );
  const rename = useOrgMutation(
    (v: { name: string }) => orgsApi.rename(node.id, v.name.trim()),
    done(t('orgs.renamed')),
  );
  const move = useOrgMutation(
    (v: { parentId: string }) => orgsApi.move(node.id, v.parentId),
    done(t('orgs.moved')),
  );
  const close = useOrgMutation(
    (v: { reason: string }) => orgsApi.close(node.id, v.reason.trim()),
    done(t('orgs.closed')),
  );

  const childKinds = node.childKinds;
  const blocked = subtreeIds(all, node.id);
  const cancel = (m: { reset: () => void }) => () => {
    m.reset();
    onClose();
  };

  return (
    <>
      <FormModal<{ name: string; kind: OrgKind }>
        open={action === 'create'}
        title={`${t('orgs.createChild')} · ${node.name}`}
        pending={create.isPending}
        error={create.error}
        initialValues={{ kind: childKinds[0] }}
        onCancel={cancel(create)}
        onSubmit={(v) => create.mutate(v)}
      >
        <Form.Item name="name" label={t('orgs.name')} rules={nameRules(t('common.required'))}>
          <Input autoFocus data-testid="org-name-input" />
        </Form.Item>
        <Form.Item
          name="kind"
          label={t('orgs.kind')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            data-testid="org-kind-select"
            options={childKinds.map((k) => ({ value: k, label: t(`orgKind.${k}`) }))}
          />
        </Form.Item>
      </FormModal>
      <FormModal<{ name: string }>
        open={action === 'rename'}
        title={t('orgs.rename')}
        pending={rename.isPending}
        error={rename.error}
        initialValues={{ name: node.name }}
        onCancel={cancel(rename)}
        onSubmit={(v) => rename.mutate(v)}
      >
        <Form.Item name="name" label={t('orgs.name')} rules={nameRules(t('common.required'))}>
          <Input autoFocus data-testid="org-name-input" />
        </Form.Item>
      </FormModal>
      <FormModal<{ parentId: string }>
        open={action === 'move'}
        title={`${t('orgs.move')} · ${node.name}`}
        pending={move.isPending}
        error={move.error}
        onCancel={cancel(move)}
        onSubmit={(v) => move.mutate(v)}
      >
        <Form.Item
          name="parentId"
          label={t('orgs.newParent')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <OrgTreeSelect
            data-testid="org-move-parent"
            selectable={(p) =>
              !blocked.has(p.id) &&
              p.id !== node.parentId &&
              p.abilities.create &&
              p.childKinds.includes(node.kind)
            }
          />
        </Form.Item>
      </FormModal>
      <FormModal<{ reason: string }>
        open={action === 'close'}
        title={`${t('orgs.close')} · ${node.name}`}
        okText={t('orgs.closeConfirm')}
        danger
        pending={close.isPending}
        error={close.error}
        onCancel={cancel(close)}
        onSubmit={(v) => close.mutate(v)}
      >
        <Alert type="warning" showIcon title={t('orgs.closeWarn')} style={{ marginBottom: 16 }} />
        <Form.Item
          name="reason"
          label={t('orgs.reason')}
          rules={reasonRules(t('common.required'), t('common.reasonTooShort'))}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="org-close-reason" />
        </Form.Item>
      </FormModal>
    </>
  );
}
