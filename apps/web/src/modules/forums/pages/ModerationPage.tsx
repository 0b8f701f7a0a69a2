import {
  App,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Input,
  Radio,
  Select,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useOrgs } from '../../orgs/api';
import {
  type ThreadAction,
  useAddWords,
  useBans,
  useBoards,
  useCreateBoard,
  useLiftBan,
  useModeratePost,
  useModerateThread,
  useReports,
  useThreads,
} from '../api';
import { MoveModal } from '../components/ModModals';
import { ReasonModal } from '../components/ReasonModal';

type Pending =
  | { kind: 'post'; postId: string; action: 'hide' | 'unhide'; label: string }
  | { kind: 'thread'; threadId: string; action: ThreadAction; label: string }
  | { kind: 'lift'; banId: string; action: 'lift'; label: string };

/** 论坛管理 (forum.moderate): the report queue, thread moderation per board, boards and sensitive words. */
export default function ModerationPage() {
  const { t } = useTranslation();
  usePageTitle(t('forums.mod.title'));
  const { message } = App.useApp();
  const modPost = useModeratePost();
  const modThread = useModerateThread();
  const lift = useLiftBan();
  const [pending, setPending] = useState<Pending | null>(null);
  const open = (p: Pending) => {
    modPost.reset();
    modThread.reset();
    lift.reset();
    setPending(p);
  };
  const m = pending?.kind === 'thread' ? modThread : pending?.kind === 'lift' ? lift : modPost;
  const act = (reason: string) => {
    if (!pending) return;
    const onSuccess = () => {
      setPending(null);
      void message.success(t('forums.mod.done'));
    };
    if (pending.kind === 'post')
      modPost.mutate({ postId: pending.postId, action: pending.action, reason }, { onSuccess });
    else if (pending.kind === 'lift') lift.mutate({ id: pending.banId, reason }, { onSuccess });
    else modThread.mutate({ threadId: pending.threadId, action: pending.action, reason }, { onSuccess });
  };
  return (
    <Card title={t('forums.mod.title')}>
      <Tabs
        items={[
          { key: 'reports', label: t('forums.mod.reports'), children: <ReportsTab onAct={open} /> },
          { key: 'threads', label: t('forums.mod.threadsTab'), children: <ThreadsTab onAct={open} /> },
          { key: 'bans', label: t('forums.mod.bansTab'), children: <BansTab onAct={open} /> },
          { key: 'boards', label: t('forums.mod.boardsTab'), children: <BoardsTab /> },
        ]}
      />
      <ReasonModal
        open={!!pending}
        title={pending?.label}
        label={t('forums.mod.reason')}
        pending={m.isPending}
        error={m.error}
        danger={pending?.action === 'hide' || pending?.action === 'lock'}
        onCancel={() => setPending(null)}
        onSubmit={act}
      />
    </Card>
  );
}

function ReportsTab({ onAct }: { onAct: (p: Pending) => void }) {
  const { t } = useTranslation();
  const reports = useReports();
  return (
    <>
      <ErrorAlert error={reports.error} />
      <Table
        rowKey="id"
        size="small"
        loading={reports.isPending}
        dataSource={reports.data ?? []}
        locale={{ emptyText: <Empty description={t('forums.mod.noReports')} /> }}
        scroll={{ x: 640 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('forums.mod.reportedPost'),
            key: 'post',
            render: (_, r) => (
              <Flex vertical gap={2} data-testid="report-row">
                <Typography.Paragraph
                  ellipsis={{ rows: 3, expandable: true }}
                  style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}
                >
                  {r.body}
                </Typography.Paragraph>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('forums.mod.thread')}: <Link to={`/forums/threads/${r.threadId}`}>{r.threadTitle}</Link>
                </Typography.Text>
              </Flex>
            ),
          },
          { title: t('forums.mod.reportReason'), dataIndex: 'reason', width: 200 },
          {
            title: t('forums.mod.reportedAt'),
            dataIndex: 'createdAt',
            width: 140,
            render: (v: string) => dayjs(v).format('MM-DD HH:mm'),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 150,
            render: (_, r) => (
              <Flex vertical gap={4} align="start">
                <Button
                  size="small"
                  danger
                  onClick={() =>
                    onAct({ kind: 'post', postId: r.postId, action: 'hide', label: t('forums.mod.hidePost') })
                  }
                  data-testid="report-hide"
                >
                  {t('forums.mod.hidePost')}
                </Button>
                <Button
                  size="small"
                  onClick={() =>
                    onAct({
                      kind: 'post',
                      postId: r.postId,
                      action: 'unhide',
                      label: t('forums.mod.keepPost'),
                    })
                  }
                >
                  {t('forums.mod.keepPost')}
                </Button>
              </Flex>
            ),
          },
        ]}
      />
    </>
  );
}

function ThreadsTab({ onAct }: { onAct: (p: Pending) => void }) {
  const { t } = useTranslation();
  const boards = useBoards();
  const [boardId, setBoardId] = useState<string | undefined>();
  const threads = useThreads(boardId);
  const [moving, setMoving] = useState<string | null>(null);
  return (
    <Flex vertical gap={12}>
      <Select
        style={{ maxWidth: 360 }}
        placeholder={t('forums.mod.pickBoard')}
        value={boardId}
        onChange={setBoardId}
        loading={boards.isPending}
        options={(boards.data ?? []).map((b) => ({ value: b.id, label: `${b.name}（${b.orgName}）` }))}
        data-testid="mod-board"
      />
      <ErrorAlert error={boards.error ?? threads.error} />
      {boardId && (
        <Table
          rowKey="id"
          size="small"
          loading={threads.isPending}
          dataSource={threads.data?.items ?? []}
          scroll={{ x: 560 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            {
              title: t('forums.threadTitle'),
              key: 'title',
              render: (_, th) => <Link to={`/forums/threads/${th.id}`}>{th.title}</Link>,
            },
            {
              title: t('forums.mod.status'),
              key: 'status',
              width: 130,
              render: (_, th) => (
                <Flex gap={4} wrap>
                  {th.locked && <Tag>{t('forums.locked')}</Tag>}
                  {th.hidden && <Tag color="orange">{t('forums.hidden')}</Tag>}
                  {!th.locked && !th.hidden && <Tag color="green">{t('forums.mod.open')}</Tag>}
                </Flex>
              ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 200,
              render: (_, th) => {
                const lock: ThreadAction = th.locked ? 'unlock' : 'lock';
                const hide: ThreadAction = th.hidden ? 'unhide' : 'hide';
                const lockLabel = t(th.locked ? 'forums.mod.unlock' : 'forums.mod.lock');
                const hideLabel = t(th.hidden ? 'forums.mod.unhideThread' : 'forums.mod.hideThread');
                return (
                  <Flex gap={4} wrap>
                    <Button
                      size="small"
                      onClick={() =>
                        onAct({ kind: 'thread', threadId: th.id, action: lock, label: lockLabel })
                      }
                    >
                      {lockLabel}
                    </Button>
                    <Button
                      size="small"
                      danger={!th.hidden}
                      onClick={() =>
                        onAct({ kind: 'thread', threadId: th.id, action: hide, label: hideLabel })
                      }
                    >
                      {hideLabel}
                    </Button>
                    <Button size="small" onClick={() => setMoving(th.id)}>
                      {t('forums.mod.move')}
                    </Button>
                  </Flex>
                );
              },
            },
          ]}
        />
      )}
      <MoveModal
        target={moving && boardId ? { threadId: moving, boardId } : null}
        onClose={() => setMoving(null)}
      />
    </Flex>
  );
}

function BansTab({ onAct }: { onAct: (p: Pending) => void }) {
  const { t } = useTranslation();
  const bans = useBans();
  const time = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm');
  return (
    <>
      <ErrorAlert error={bans.error} />
      <Table
        rowKey="id"
        size="small"
        loading={bans.isPending}
        dataSource={bans.data ?? []}
        locale={{ emptyText: <Empty description={t('forums.mod.noBans')} /> }}
        scroll={{ x: 640 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('forums.mod.bannedUser'), dataIndex: 'userName' },
          { title: t('forums.mod.scope'), dataIndex: 'orgName', ellipsis: true },
          { title: t('forums.mod.banUntil'), dataIndex: 'until', width: 150, render: time },
          { title: t('forums.mod.reportReason'), dataIndex: 'reason', ellipsis: true },
          { title: t('forums.mod.banBy'), dataIndex: 'createdByName', width: 100 },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 110,
            render: (_, b) => (
              <Button
                size="small"
                onClick={() =>
                  onAct({ kind: 'lift', banId: b.id, action: 'lift', label: t('forums.mod.lift') })
                }
              >
                {t('forums.mod.lift')}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}

function BoardsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const orgs = useOrgs();
  const createBoard = useCreateBoard();
  const addWords = useAddWords();
  const [boardForm] = Form.useForm();
  const [wordsForm] = Form.useForm();
  const orgOptions = (orgs.data ?? [])
    .filter((o) => o.status === 'active')
    .map((o) => ({ value: o.id, label: `${'　'.repeat(o.depth)}${o.name}` }));
  return (
    <Flex gap={16} wrap align="start">
      <Card size="small" title={t('forums.mod.newBoard')} style={{ flex: '1 1 320px' }}>
        <Form
          form={boardForm}
          layout="vertical"
          requiredMark={false}
          initialValues={{ visibility: 'subtree' }}
          onFinish={(v) =>
            createBoard.mutate(v, {
              onSuccess: () => {
                boardForm.resetFields();
                void message.success(t('forums.mod.boardCreated'));
              },
            })
          }
        >
          <Form.Item name="orgId" label={t('forums.mod.boardOrg')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" loading={orgs.isPending} options={orgOptions} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('forums.mod.boardName')}
            rules={[{ required: true, whitespace: true, max: 60 }]}
          >
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="description" label={t('forums.mod.boardDescription')} rules={[{ max: 500 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
          </Form.Item>
          <Form.Item name="visibility" label={t('forums.mod.boardVisibility')}>
            <Radio.Group
              options={[
                { value: 'subtree', label: t('forums.visibility.subtree') },
                { value: 'union', label: t('forums.visibility.union') },
              ]}
            />
          </Form.Item>
          <ErrorAlert error={createBoard.error} style={{ marginBottom: 12 }} />
          <Button type="primary" htmlType="submit" loading={createBoard.isPending}>
            {t('forums.mod.createBoard')}
          </Button>
        </Form>
      </Card>
      <Card size="small" title={t('forums.mod.words')} style={{ flex: '1 1 320px' }}>
        <Form
          form={wordsForm}
          layout="vertical"
          requiredMark={false}
          onFinish={(v: { orgId: string; words: string }) =>
            addWords.mutate(
              {
                orgId: v.orgId,
                words: v.words
                  .split(/\r?\n/)
                  .map((w) => w.trim())
                  .filter(Boolean),
              },
              {
                onSuccess: () => {
                  wordsForm.resetFields();
                  void message.success(t('forums.mod.wordsAdded'));
                },
              },
            )
          }
        >
          <Form.Item name="orgId" label={t('forums.mod.wordsOrg')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" loading={orgs.isPending} options={orgOptions} />
          </Form.Item>
          <Form.Item
            name="words"
            label={t('forums.mod.wordsInput')}
            extra={t('forums.mod.wordsHint')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
          </Form.Item>
          <ErrorAlert error={addWords.error} style={{ marginBottom: 12 }} />
          <Button type="primary" htmlType="submit" loading={addWords.isPending}>
            {t('forums.mod.addWords')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
