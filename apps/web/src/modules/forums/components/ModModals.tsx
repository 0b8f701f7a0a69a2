import { Form, Input, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../../shared/components/FormModal';
import { useOrgs } from '../../orgs/api';
import { useBan, useBoards, useMoveThread } from '../api';

const DAYS = [1, 3, 7, 30, 90, 365];

function ReasonField() {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="reason"
      label={t('forums.mod.reason')}
      rules={[
        { required: true, whitespace: true, message: t('common.required') },
        { min: 2, message: t('common.reasonTooShort') },
        { max: 500 },
      ]}
    >
      <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} data-testid="reason-input" />
    </Form.Item>
  );
}

/** Bans an author for a period on every board of an org subtree (the board's org by default). */
export function BanModal(props: {
  target: { userId: string; name: string; orgId: string } | null;
  onClose: (done: boolean) => void;
}) {
  const { t } = useTranslation();
  const orgs = useOrgs();
  const ban = useBan();
  const target = props.target;
  return (
    <FormModal<{ orgId: string; days: number; reason: string }>
      open={!!target}
      title={t('forums.mod.banTitle', { name: target?.name ?? '' })}
      danger
      pending={ban.isPending}
      error={ban.error}
      initialValues={target ? { orgId: target.orgId, days: 7 } : undefined}
      onCancel={() => {
        ban.reset();
        props.onClose(false);
      }}
      onSubmit={(v) =>
        target &&
        ban.mutate(
          {
            orgId: v.orgId,
            userId: target.userId,
            reason: v.reason.trim(),
            until: dayjs().add(v.days, 'day').toISOString(),
          },
          {
            onSuccess: () => {
              ban.reset();
              props.onClose(true);
            },
          },
        )
      }
    >
      <Form.Item name="orgId" label={t('forums.mod.banOrg')} rules={[{ required: true }]}>
        <Select
          showSearch
          optionFilterProp="label"
          loading={orgs.isPending}
          options={(orgs.data ?? [])
            .filter((o) => o.status === 'active')
            .map((o) => ({ value: o.id, label: `${'　'.repeat(o.depth)}${o.name}` }))}
        />
      </Form.Item>
      <Form.Item name="days" label={t('forums.mod.banFor')} rules={[{ required: true }]}>
        <Select options={DAYS.map((d) => ({ value: d, label: t('forums.mod.days', { count: d }) }))} />
      </Form.Item>
      <ReasonField />
    </FormModal>
  );
}

/** Moves a thread to another board the moderator also moderates. */
export function MoveModal(props: {
  target: { threadId: string; boardId: string } | null;
  onClose: (done: boolean) => void;
}) {
  const { t } = useTranslation();
  const boards = useBoards();
  const move = useMoveThread();
  const target = props.target;
  return (
    <FormModal<{ boardId: string; reason: string }>
      open={!!target}
      title={t('forums.mod.moveTitle')}
      pending={move.isPending}
      error={move.error}
      onCancel={() => {
        move.reset();
        props.onClose(false);
      }}
      onSubmit={(v) =>
        target &&
        move.mutate(
          { threadId: target.threadId, boardId: v.boardId, reason: v.reason.trim() },
          {
            onSuccess: () => {
              move.reset();
              props.onClose(true);
            },
          },
        )
      }
    >
      <Form.Item name="boardId" label={t('forums.mod.moveTo')} rules={[{ required: true }]}>
        <Select
          loading={boards.isPending}
          options={(boards.data ?? [])
            .filter((b) => b.id !== target?.boardId)
            .map((b) => ({ value: b.id, label: `${b.name}（${b.orgName}）` }))}
          data-testid="move-board"
        />
      </Form.Item>
      <ReasonField />
    </FormModal>
  );
}
