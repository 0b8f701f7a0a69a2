import { DeleteOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Input, Popconfirm, Select, Space, Switch, Table, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import type { CaseRole, Workflow, WorkflowState, WorkflowTransition } from '../../api';
import { label } from '../labels';
import { KEY_PATTERN, removeState, renameState, ROLES, standardWorkflow } from './model';

/** A key input that applies on blur or Enter, and only a well-formed key. */
function KeyInput({
  value,
  onCommit,
  testId,
}: {
  value: string;
  onCommit: (v: string) => void;
  testId?: string;
}) {
  const [draft, setDraft] = useState(value);
  const ok = KEY_PATTERN.test(draft);
  const commit = () => (ok && draft !== value ? onCommit(draft) : setDraft(value));
  return (
    <Input
      size="small"
      value={draft}
      status={ok ? undefined : 'error'}
      style={{ width: 150 }}
      onChange={(e) => setDraft(e.target.value.toLowerCase().replace(/[\s-]+/g, '_'))}
      onBlur={commit}
      onPressEnter={commit}
      data-testid={testId}
    />
  );
}

/** States and transitions of a case type as two tables; the server checks the graph on save. */
export function WorkflowEditor({
  t,
  wf,
  onChange,
}: {
  t: TFunction;
  wf: Workflow;
  onChange: (wf: Workflow) => void;
}) {
  const [newState, setNewState] = useState('');
  const keys = wf.states.map((s) => s.key);
  const stateOptions = keys.map((k) => ({ value: k, label: `${label(t, 'states', k)} (${k})` }));
  const setState = (i: number, patch: Partial<WorkflowState>) =>
    onChange({ ...wf, states: wf.states.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  const setTr = (i: number, patch: Partial<WorkflowTransition>) =>
    onChange({ ...wf, transitions: wf.transitions.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  const newOk = KEY_PATTERN.test(newState) && !keys.includes(newState);
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} align="center" wrap justify="space-between">
        <span>
          {t('cases.editor.initial')}{' '}
          <Select
            size="small"
            style={{ minWidth: 180 }}
            aria-label={t('cases.editor.initial')}
            value={wf.initial}
            onChange={(initial) => onChange({ ...wf, initial })}
            options={stateOptions}
          />
        </span>
        <Popconfirm
          title={t('cases.editor.resetWorkflowConfirm')}
          onConfirm={() => onChange(standardWorkflow([{ key: 'in_progress' }]))}
        >
          <Button size="small" icon={<UndoOutlined />}>
            {t('cases.editor.resetWorkflow')}
          </Button>
        </Popconfirm>
      </Flex>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('cases.editor.states')}
      </Typography.Title>
      <Table<WorkflowState>
        size="small"
        rowKey={(s) => s.key}
        pagination={false}
        dataSource={wf.states}
        scroll={{ x: 'max-content' }}
        data-testid="wf-states"
        columns={[
          {
            title: t('cases.editor.key'),
            render: (_v, s) => (
              <KeyInput
                key={s.key}
                value={s.key}
                onCommit={(k) => !keys.includes(k) && onChange(renameState(wf, s.key, k))}
              />
            ),
          },
          { title: t('cases.editor.shownAs'), render: (_v, s) => label(t, 'states', s.key) },
          {
            title: t('cases.editor.pausesSla'),
            render: (_v, s, i) => (
              <Switch size="small" checked={!!s.pausesSla} onChange={(v) => setState(i, { pausesSla: v })} />
            ),
          },
          {
            title: t('cases.editor.resolved'),
            render: (_v, s, i) => (
              <Switch size="small" checked={!!s.resolved} onChange={(v) => setState(i, { resolved: v })} />
            ),
          },
          {
            title: t('cases.editor.stage'),
            render: (_v, s, i) => (
              <Input
                size="small"
                style={{ width: 120 }}
                maxLength={40}
                value={s.stage ?? ''}
                onChange={(e) => setState(i, { stage: e.target.value })}
              />
            ),
          },
          {
            title: '',
            render: (_v, s) => (
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('cases.editor.remove')}
                disabled={s.key === 'closed' || s.key === wf.initial}
                onClick={() => onChange(removeState(wf, s.key))}
              />
            ),
          },
        ]}
      />
      <Space.Compact>
        <Input
          style={{ width: 200 }}
          value={newState}
          placeholder={t('cases.editor.newState')}
          onChange={(e) => setNewState(e.target.value.toLowerCase().replace(/[\s-]+/g, '_'))}
          status={newState && !newOk ? 'error' : undefined}
          data-testid="wf-new-state"
        />
        <Button
          icon={<PlusOutlined />}
          disabled={!newOk}
          onClick={() => {
            const i = Math.max(0, keys.indexOf('closed'));
            const states = [...wf.states];
            states.splice(i, 0, { key: newState });
            onChange({ ...wf, states });
            setNewState('');
          }}
          data-testid="wf-add-state"
        >
          {t('cases.editor.add')}
        </Button>
      </Space.Compact>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('cases.editor.transitions')}
      </Typography.Title>
      <Table<WorkflowTransition>
        size="small"
        rowKey={(_x, i) => String(i)}
        pagination={false}
        dataSource={wf.transitions}
        scroll={{ x: 'max-content' }}
        data-testid="wf-transitions"
        columns={[
          {
            title: t('cases.editor.action'),
            render: (_v, x, i) => (
              <Flex vertical gap={2}>
                <KeyInput
                  key={`${i}-${x.action}`}
                  value={x.action}
                  onCommit={(action) => setTr(i, { action })}
                  testId={`wf-action-${i}`}
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {label(t, 'act', x.action)}
                </Typography.Text>
              </Flex>
            ),
          },
          {
            title: t('cases.editor.from'),
            render: (_v, x, i) => (
              <Select
                size="small"
                mode="multiple"
                maxTagCount="responsive"
                style={{ width: 260 }}
                value={x.from}
                status={x.from.length === 0 ? 'error' : undefined}
                onChange={(from) => setTr(i, { from })}
                options={stateOptions}
                data-testid={`wf-from-${i}`}
              />
            ),
          },
          {
            title: t('cases.editor.to'),
            render: (_v, x, i) => (
              <Select
                size="small"
                style={{ width: 170 }}
                value={x.to}
                onChange={(to) => setTr(i, { to })}
                options={stateOptions}
                data-testid={`wf-to-${i}`}
              />
            ),
          },
          {
            title: t('cases.editor.roles'),
            render: (_v, x, i) => (
              <Checkbox.Group
                value={x.roles}
                onChange={(roles) => setTr(i, { roles: roles as CaseRole[] })}
                options={ROLES.map((r) => ({ value: r, label: t(`cases.editor.role.${r}`) }))}
              />
            ),
          },
          {
            title: t('cases.editor.flags'),
            render: (_v, x, i) => (
              <Flex vertical gap={0}>
                <Checkbox
                  checked={!!x.needsReason}
                  onChange={(e) => setTr(i, { needsReason: e.target.checked })}
                >
                  {t('cases.editor.needsReason')}
                </Checkbox>
                <Checkbox
                  checked={!!x.takesRating}
                  onChange={(e) => setTr(i, { takesRating: e.target.checked })}
                >
                  {t('cases.editor.takesRating')}
                </Checkbox>
                <Checkbox
                  checked={!!x.respondsToMember}
                  onChange={(e) => setTr(i, { respondsToMember: e.target.checked })}
                >
                  {t('cases.editor.respondsToMember')}
                </Checkbox>
              </Flex>
            ),
          },
          {
            title: '',
            render: (_v, _x, i) => (
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('cases.editor.remove')}
                data-testid={`wf-remove-${i}`}
                onClick={() => onChange({ ...wf, transitions: wf.transitions.filter((_, j) => j !== i) })}
              />
            ),
          },
        ]}
      />
      <div>
        <Button
          icon={<PlusOutlined />}
          data-testid="wf-add-transition"
          onClick={() =>
            onChange({
              ...wf,
              transitions: [
                ...wf.transitions,
                {
                  action: `action_${wf.transitions.length + 1}`,
                  from: [wf.initial],
                  to: 'closed',
                  roles: ['handler'],
                },
              ],
            })
          }
        >
          {t('cases.editor.addTransition')}
        </Button>
      </div>
    </Flex>
  );
}
