import { EyeInvisibleOutlined, LockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Grid, Input, Pagination, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import {
  type Post,
  type ThreadAction,
  useModeratePost,
  useModerateThread,
  useReact,
  useReply,
  useReportPost,
  useThread,
} from '../api';
import { ForumError } from '../components/ForumError';
import { BanModal, MoveModal } from '../components/ModModals';
import { PostBody } from '../components/PostBody';
import { QuoteBlock } from '../components/QuoteBlock';
import { Reactions } from '../components/Reactions';
import { ReasonModal } from '../components/ReasonModal';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const excerpt = (s: string) => (s.length > 120 ? `${s.slice(0, 120)}…` : s);

type Pending =
  | { kind: 'report'; postId: string }
  | { kind: 'post'; postId: string; action: 'hide' | 'unhide' }
  | { kind: 'thread'; action: ThreadAction };

/**
 * One thread, a page of posts at a time (the server pages by floor number): `?page=N`, or `?post=<id>`
 * for the page holding that post (permalinks, quotes on other pages, search hits), which is then
 * scrolled to and marked. Quotes shown above the reply, reply box, reports and moderator tools.
 */
export default function ThreadPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const target = UUID.test(params.get('post') ?? '') ? params.get('post') : null;
  const pageParam = Number(params.get('page'));
  const page = Number.isInteger(pageParam) && pageParam > 0 ? pageParam : 1;
  const thread = useThread(id, target ? { around: target } : { page });
  const phone = !Grid.useBreakpoint().sm;
  const scrolledTo = useRef<string | null>(null);
  usePageTitle(thread.data?.title ?? t('forums.title'));
  const reply = useReply();
  const report = useReportPost();
  const modPost = useModeratePost();
  const modThread = useModerateThread();
  const [quote, setQuote] = useState<Post | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [form] = Form.useForm<{ body: string }>();
  const react = useReact();
  const [banTarget, setBanTarget] = useState<{ userId: string; name: string; orgId: string } | null>(null);
  const [moving, setMoving] = useState(false);
  const [shownId, setShownId] = useState(id);
  if (id !== shownId) {
    // another thread in the same page component: start at its first page, without a quote
    setShownId(id);
    setQuote(null);
  }
  const shownPosts = thread.isPlaceholderData ? undefined : thread.data?.posts;
  useEffect(() => {
    // once per target: the 30 s refresh must not pull the reader back
    if (!target || !shownPosts || scrolledTo.current === target) return;
    scrolledTo.current = target;
    document.getElementById(`post-${target}`)?.scrollIntoView({ block: 'start' });
  }, [target, shownPosts]);
  const goToPost = (postId: string) => {
    // on this page already: scroll now; otherwise once its page has loaded
    const here = document.getElementById(`post-${postId}`);
    scrolledTo.current = here ? postId : null;
    here?.scrollIntoView({ block: 'start' });
    setParams({ post: postId });
  };
  const goToPage = (n: number) => {
    setParams(n > 1 ? { page: String(n) } : {});
    window.scrollTo({ top: 0 });
  };
  const open = (p: Pending) => {
    report.reset();
    modPost.reset();
    modThread.reset();
    setPending(p);
  };

  if (thread.isPending) return <Loading />;
  const th = thread.data;
  if (!th)
    return (
      <Card>
        <ForumError error={thread.error} />
        <Link to="/forums">{t('forums.backToBoards')}</Link>
      </Card>
    );
  const pager = th.pages > 1 && (
    <Pagination
      align="center"
      size="small"
      simple={phone}
      current={th.page}
      pageSize={th.pageSize}
      total={th.totalPosts}
      onChange={goToPage}
      showSizeChanger={false}
      showTotal={phone ? undefined : (n) => t('forums.totalPosts', { count: n })}
      data-testid="thread-pager"
    />
  );
  const author = (p: Post) => p.authorName ?? t('forums.anonymous');
  const bannedUntil = th.bannedUntil && dayjs(th.bannedUntil).isAfter(dayjs()) ? dayjs(th.bannedUntil) : null;
  const modDone = (done: boolean) => done && void message.success(t('forums.mod.done'));

  const send = (v: { body: string }) =>
    reply.mutate(
      { threadId: th.id, body: v.body, ...(quote ? { quoteId: quote.id } : {}) },
      {
        onSuccess: (created) => {
          form.resetFields();
          setQuote(null);
          // the new post is on the last page: open it there
          goToPost(created.id);
        },
        onError: () => void thread.refetch(),
      },
    );

  const act = (reason: string) => {
    if (!pending) return;
    const done = (text: string) => () => {
      setPending(null);
      void message.success(text);
    };
    if (pending.kind === 'report')
      report.mutate({ postId: pending.postId, reason }, { onSuccess: done(t('forums.reported')) });
    else if (pending.kind === 'post')
      modPost.mutate(
        { postId: pending.postId, action: pending.action, reason },
        { onSuccess: done(t('forums.mod.done')) },
      );
    else
      modThread.mutate(
        { threadId: th.id, action: pending.action, reason },
        { onSuccess: done(t('forums.mod.done')) },
      );
  };
  const modal =
    pending?.kind === 'report'
      ? {
          m: report,
          title: t('forums.reportTitle'),
          label: t('forums.reportReason'),
          hint: t('forums.reportHint'),
        }
      : pending?.kind === 'post'
        ? {
            m: modPost,
            title: t(pending.action === 'hide' ? 'forums.mod.hidePost' : 'forums.mod.unhidePost'),
          }
        : pending?.kind === 'thread'
          ? { m: modThread, title: t(threadActionLabel[pending.action]) }
          : null;

  return (
    <Flex vertical gap={12}>
      <Card styles={{ body: { padding: 12 } }}>
        <Link to={`/forums/boards/${th.boardId}`} style={{ fontSize: 13 }} data-testid="thread-board-link">
          ‹ {th.boardName || t('forums.backToBoard')}
        </Link>
        <Typography.Title level={5} style={{ margin: '6px 0 0' }} data-testid="thread-title-text">
          {th.title}
        </Typography.Title>
        <Flex
          gap={8}
          wrap
          align="center"
          style={{ marginTop: th.locked || th.hidden || th.canModerate ? 8 : 0 }}
        >
          {th.locked && (
            <Tag icon={<LockOutlined />} data-testid="thread-locked-tag">
              {t('forums.locked')}
            </Tag>
          )}
          {th.hidden && (
            <Tag icon={<EyeInvisibleOutlined />} color="orange">
              {t('forums.hidden')}
            </Tag>
          )}
          {th.canModerate && (
            <Flex gap={8} wrap data-testid="thread-mod-tools">
              <Typography.Text type="secondary">{t('forums.mod.tools')}:</Typography.Text>
              <Button
                size="small"
                onClick={() => open({ kind: 'thread', action: th.locked ? 'unlock' : 'lock' })}
                data-testid={th.locked ? 'thread-unlock' : 'thread-lock'}
              >
                {t(th.locked ? 'forums.mod.unlock' : 'forums.mod.lock')}
              </Button>
              <Button
                size="small"
                onClick={() => open({ kind: 'thread', action: th.pinned ? 'unpin' : 'pin' })}
                data-testid={th.pinned ? 'thread-unpin' : 'thread-pin'}
              >
                {t(th.pinned ? 'forums.mod.unpin' : 'forums.mod.pin')}
              </Button>
              <Button
                size="small"
                danger={!th.hidden}
                onClick={() => open({ kind: 'thread', action: th.hidden ? 'unhide' : 'hide' })}
              >
                {t(th.hidden ? 'forums.mod.unhideThread' : 'forums.mod.hideThread')}
              </Button>
              <Button size="small" onClick={() => setMoving(true)} data-testid="thread-move">
                {t('forums.mod.move')}
              </Button>
            </Flex>
          )}
        </Flex>
      </Card>

      {pager}
      {th.posts.map((p) => {
        const floor = p.no;
        const marked = p.id === target;
        return (
          <Card
            key={p.id}
            id={`post-${p.id}`}
            size="small"
            data-testid="forum-post"
            data-marked={marked || undefined}
            style={marked ? { borderColor: '#1677ff', boxShadow: '0 0 0 1px #1677ff' } : undefined}
            styles={{ body: { padding: 12 } }}
          >
            <Flex justify="space-between" align="baseline" gap={8} wrap>
              <Flex gap={6} align="baseline" wrap>
                <Typography.Text strong>{author(p)}</Typography.Text>
                {floor === 1 && <Tag color="red">{t('forums.op')}</Tag>}
                {p.hidden && <Tag color="orange">{t('forums.hidden')}</Tag>}
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <Link
                  to={{ search: `?post=${p.id}` }}
                  onClick={() => {
                    scrolledTo.current = null;
                  }}
                  style={{ color: 'inherit' }}
                  title={t('forums.permalink')}
                  data-testid="post-floor"
                >
                  {t('forums.floor', { n: floor })}
                </Link>{' '}
                · {dayjs(p.createdAt).format('YYYY-MM-DD HH:mm')}
              </Typography.Text>
            </Flex>
            {p.quoteId && (
              <QuoteBlock
                quote={p.quote}
                fallbackName={t('forums.anonymous')}
                onJump={goToPost}
                style={quoteStyle}
              />
            )}
            <div style={{ marginTop: 8 }}>
              {p.hidden && !p.body ? (
                <Typography.Text type="secondary" italic>
                  {t('forums.hiddenPost')}
                </Typography.Text>
              ) : (
                <div style={p.hidden ? { opacity: 0.6 } : undefined}>
                  <PostBody body={p.body} mentions={p.mentions} />
                </div>
              )}
            </div>
            <Flex gap={4} justify="space-between" align="center" wrap style={{ marginTop: 8 }}>
              {!p.hidden && p.reactions?.length ? (
                <Reactions
                  reactions={p.reactions}
                  disabled={!!bannedUntil || react.isPending}
                  onToggle={(kind) => react.mutate({ postId: p.id, kind })}
                />
              ) : (
                <span />
              )}
              <Flex gap={0} wrap justify="end">
                {!th.locked && !p.hidden && (
                  <Button
                    type="link"
                    size="small"
                    onClick={() => {
                      setQuote(p);
                      form.getFieldInstance('body')?.focus?.();
                    }}
                    data-testid="post-quote-btn"
                  >
                    {t('forums.quote')}
                  </Button>
                )}
                {!p.hidden && (
                  <Button
                    type="link"
                    size="small"
                    onClick={() => open({ kind: 'report', postId: p.id })}
                    data-testid="post-report-btn"
                  >
                    {t('forums.report')}
                  </Button>
                )}
                {th.canModerate && (
                  <Button
                    type="link"
                    size="small"
                    danger={!p.hidden}
                    onClick={() => open({ kind: 'post', postId: p.id, action: p.hidden ? 'unhide' : 'hide' })}
                    data-testid="post-hide-btn"
                  >
                    {t(p.hidden ? 'forums.mod.unhidePost' : 'forums.mod.hidePost')}
                  </Button>
                )}
                {th.canModerate && p.authorId && (
                  <Button
                    type="link"
                    size="small"
                    danger
                    onClick={() =>
                      p.authorId &&
                      setBanTarget({ userId: p.authorId, name: author(p), orgId: th.boardOrgId })
                    }
                    data-testid="post-ban-btn"
                  >
                    {t('forums.mod.ban')}
                  </Button>
                )}
              </Flex>
            </Flex>
            {react.error && react.variables?.postId === p.id && (
              <ForumError error={react.error} style={{ marginTop: 8 }} />
            )}
          </Card>
        );
      })}
      {pager}

      <Card title={t('forums.replyTitle')} size="small" id="reply">
        {th.locked ? (
          <Alert type="warning" showIcon title={t('forums.lockedNotice')} data-testid="reply-locked" />
        ) : bannedUntil ? (
          <Alert
            type="error"
            showIcon
            title={t('forums.banned', { until: bannedUntil.format('YYYY-MM-DD HH:mm') })}
            data-testid="reply-banned"
          />
        ) : (
          <Form form={form} layout="vertical" requiredMark={false} onFinish={send}>
            {quote && (
              <blockquote style={quoteStyle} data-testid="reply-quote">
                <Flex justify="space-between" gap={8}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('forums.quoting', { name: author(quote) })}
                  </Typography.Text>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => setQuote(null)}
                    style={{ padding: 0, height: 'auto' }}
                  >
                    {t('forums.cancelQuote')}
                  </Button>
                </Flex>
                <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{excerpt(quote.body)}</div>
              </blockquote>
            )}
            <Form.Item
              name="body"
              rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 20_000 }]}
              style={{ marginBottom: 12 }}
            >
              <Input.TextArea
                autoSize={{ minRows: 3, maxRows: 10 }}
                placeholder={t('forums.replyPlaceholder')}
                data-testid="reply-input"
              />
            </Form.Item>
            <Typography.Text
              type="secondary"
              style={{ fontSize: 12, display: 'block', marginTop: -8, marginBottom: 8 }}
            >
              {t('forums.mentionHint')}
            </Typography.Text>
            <ForumError error={reply.error} style={{ marginBottom: 12 }} />
            <Flex justify="end">
              <Button type="primary" htmlType="submit" loading={reply.isPending} data-testid="reply-submit">
                {t('forums.reply')}
              </Button>
            </Flex>
          </Form>
        )}
      </Card>

      <ReasonModal
        open={!!modal}
        title={modal?.title}
        label={(modal && 'label' in modal && modal.label) || t('forums.mod.reason')}
        hint={modal && 'hint' in modal ? modal.hint : undefined}
        pending={!!modal?.m.isPending}
        error={modal?.m.error}
        danger={pending?.kind !== 'report' && (pending?.action === 'hide' || pending?.action === 'lock')}
        onCancel={() => setPending(null)}
        onSubmit={act}
      />
      <BanModal
        target={banTarget}
        onClose={(done) => {
          setBanTarget(null);
          modDone(done);
        }}
      />
      <MoveModal
        target={moving ? { threadId: th.id, boardId: th.boardId } : null}
        onClose={(done) => {
          setMoving(false);
          modDone(done);
        }}
      />
    </Flex>
  );
}

const threadActionLabel: Record<ThreadAction, string> = {
  lock: 'forums.mod.lock',
  unlock: 'forums.mod.unlock',
  hide: 'forums.mod.hideThread',
  unhide: 'forums.mod.unhideThread',
  pin: 'forums.mod.pin',
  unpin: 'forums.mod.unpin',
};
const quoteStyle: React.CSSProperties = {
  margin: '8px 0 0',
  padding: '6px 10px',
  borderInlineStart: '3px solid #d9d9d9',
  background: '#fafafa',
  borderRadius: 4,
};
