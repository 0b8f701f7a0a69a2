import { LockOutlined, PlusOutlined, PushpinOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Form, Input, List, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { THREADS_PAGE_SIZE, useBoards, useCreateThread, useThreads } from '../api';
import { ForumError } from '../components/ForumError';

type Draft = { title: string; body: string };

/** One board: its threads (pinned first, then latest activity; locked ones marked), paged by the server, and a new-thread form. */
export default function BoardPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const board = useBoards().data?.find((b) => b.id === id);
  usePageTitle(board?.name ?? t('forums.title'));
  const [page, setPage] = useState(1);
  const threads = useThreads(id, page);
  const create = useCreateThread();
  const [composing, setComposing] = useState(false);
  const [form] = Form.useForm<Draft>();

  const submit = (v: Draft) =>
    create.mutate(
      { boardId: id ?? '', title: v.title.trim(), body: v.body },
      { onSuccess: (r) => navigate(`/forums/threads/${r.id}`) },
    );

  return (
    <Flex vertical gap={12}>
      <Card
        title={board?.name ?? t('forums.threads')}
        extra={<Link to="/forums">{t('forums.backToBoards')}</Link>}
        styles={{ body: { paddingBlock: 12 } }}
      >
        {board?.description && <Typography.Paragraph>{board.description}</Typography.Paragraph>}
        {composing ? (
          <Form form={form} layout="vertical" requiredMark={false} onFinish={submit}>
            <Form.Item
              name="title"
              label={t('forums.threadTitle')}
              rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 200 }]}
            >
              <Input maxLength={200} data-testid="thread-title" />
            </Form.Item>
            <Form.Item
              name="body"
              label={t('forums.body')}
              extra={t('forums.mentionHint')}
              rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 20_000 }]}
            >
              <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} data-testid="thread-body" />
            </Form.Item>
            <ForumError error={create.error} style={{ marginBottom: 12 }} />
            <Flex gap={8} justify="end">
              <Button onClick={() => setComposing(false)}>{t('common.cancel')}</Button>
              <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="thread-submit">
                {t('forums.publish')}
              </Button>
            </Flex>
          </Form>
        ) : (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            block
            onClick={() => setComposing(true)}
            data-testid="thread-new"
          >
            {t('forums.newThread')}
          </Button>
        )}
      </Card>
      <Card styles={{ body: { paddingBlock: 4 } }}>
        <ForumError error={threads.error} style={{ marginTop: 8 }} />
        {threads.isPending ? (
          <Loading />
        ) : threads.data?.items.length ? (
          <List
            dataSource={threads.data.items}
            pagination={
              threads.data.total > THREADS_PAGE_SIZE
                ? {
                    current: page,
                    pageSize: THREADS_PAGE_SIZE,
                    total: threads.data.total,
                    onChange: setPage,
                    size: 'small',
                    align: 'center',
                  }
                : false
            }
            renderItem={(th) => (
              <List.Item data-testid="forum-thread">
                <List.Item.Meta
                  title={
                    <Flex gap={6} align="center" wrap>
                      {th.pinned && (
                        <Tag icon={<PushpinOutlined />} color="red" data-testid="thread-pinned-tag">
                          {t('forums.pinned')}
                        </Tag>
                      )}
                      {th.locked && (
                        <Tag icon={<LockOutlined />} color="default" data-testid="thread-locked-tag">
                          {t('forums.locked')}
                        </Tag>
                      )}
                      {th.hidden && <Tag color="orange">{t('forums.hidden')}</Tag>}
                      <Link to={`/forums/threads/${th.id}`}>{th.title}</Link>
                    </Flex>
                  }
                  description={[
                    t('forums.by', { name: th.authorName ?? t('forums.anonymous') }),
                    t('forums.posts', { count: th.posts }),
                    t('forums.lastPost', { time: dayjs(th.lastPostAt).format('MM-DD HH:mm') }),
                  ].join(' · ')}
                />
              </List.Item>
            )}
          />
        ) : (
          <Empty description={t('forums.noThreads')} />
        )}
      </Card>
    </Flex>
  );
}
