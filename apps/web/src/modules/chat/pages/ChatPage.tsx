import { Badge, Button, Card, Empty, Flex, Input, List, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useMe } from '../../../shared/auth/session';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { noteSeen, sendRealtime, subscribeRealtime } from '../../notifications';
import { type ChatMessage, chatApi, roomsKey, useRooms } from '../api';

/** Merges messages by seq: no duplicates, always in order. */
function merge(list: ChatMessage[], more: ChatMessage[]): ChatMessage[] {
  const bySeq = new Map(list.map((m) => [m.seq, m]));
  for (const m of more) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** 交流: conversations on the left, the open conversation on the right. Bodies are shown as text. */
export default function ChatPage() {
  const { t } = useTranslation();
  usePageTitle(t('chat.title'));
  const { roomId } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useMe().data;
  const rooms = useRooms();
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [draft, setDraft] = useState('');
  const [typing, setTyping] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const bottom = useRef<HTMLDivElement>(null);
  const lastTyping = useRef(0);

  const markRead = useCallback(
    (seq: number) => {
      if (!roomId) return;
      if (!sendRealtime({ type: 'read', roomId, seq })) void chatApi.read(roomId, seq);
      void qc.invalidateQueries({ queryKey: roomsKey });
    },
    [roomId, qc],
  );

  useEffect(() => {
    void chatApi.joinOrgRoom().then(() => qc.invalidateQueries({ queryKey: roomsKey }));
  }, [qc]);

  useEffect(() => {
    setMessages([]);
    if (!roomId) return;
    let live = true;
    chatApi.history(roomId).then((r) => {
      if (!live) return;
      setMessages((cur) => merge(cur, r.items));
      const last = r.items.at(-1);
      if (last) {
        noteSeen(roomId, last.seq);
        markRead(last.seq);
      }
    }, setError);
    return () => {
      live = false;
    };
  }, [roomId, markRead]);

  useEffect(
    () =>
      subscribeRealtime((e) => {
        if (e.type === 'message') {
          const m = e.message as ChatMessage;
          void qc.invalidateQueries({ queryKey: roomsKey });
          if (m.roomId !== roomId) return;
          setMessages((cur) => merge(cur, [m]));
          if (m.senderId !== me?.user.id) markRead(m.seq);
        } else if (e.type === 'typing' && e.roomId === roomId) {
          setTyping(String(e.name ?? ''));
          setTimeout(() => setTyping(null), 3000);
        } else if (e.type === 'room_added') void qc.invalidateQueries({ queryKey: roomsKey });
      }),
    [roomId, qc, me?.user.id, markRead],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll to the newest message whenever one arrives
  useEffect(() => {
    bottom.current?.scrollIntoView?.({ block: 'end' });
  }, [messages.length]);

  const send = () => {
    const body = draft.trim();
    if (!body || !roomId) return;
    const clientId = crypto.randomUUID();
    setDraft('');
    if (!sendRealtime({ type: 'send', roomId, body, clientId }))
      chatApi.send(roomId, body, clientId).then((m) => setMessages((cur) => merge(cur, [m])), setError);
  };
  const older = () => {
    const first = messages[0];
    if (roomId && first)
      chatApi.history(roomId, first.seq).then((r) => setMessages((cur) => merge(cur, r.items)), setError);
  };
  const current = rooms.data?.items.find((r) => r.id === roomId);

  return (
    <Flex gap={12} wrap>
      <Card
        title={t('chat.rooms')}
        style={{ flex: '1 1 220px', maxWidth: 300 }}
        styles={{ body: { padding: 0 } }}
      >
        <ErrorAlert error={rooms.error} />
        <List
          dataSource={rooms.data?.items ?? []}
          locale={{ emptyText: t('chat.noRooms') }}
          renderItem={(r) => (
            <List.Item
              data-testid="chat-room"
              onClick={() => navigate(`/chat/${r.id}`)}
              style={{
                cursor: 'pointer',
                paddingInline: 12,
                background: r.id === roomId ? '#fff1f0' : undefined,
              }}
            >
              <Flex justify="space-between" style={{ width: '100%' }} gap={8}>
                <Typography.Text ellipsis>
                  <Tag>{t(`chat.kind.${r.kind}`)}</Tag>
                  {r.name}
                </Typography.Text>
                <Badge count={r.unread} />
              </Flex>
            </List.Item>
          )}
        />
      </Card>
      <Card title={current?.name ?? t('chat.title')} style={{ flex: '3 1 320px' }}>
        <ErrorAlert error={error} />
        {!roomId ? (
          <Empty description={t('chat.noRoom')} />
        ) : (
          <Flex vertical gap={8}>
            {messages.length >= 50 && messages[0]?.seq !== 1 && (
              <Button size="small" type="link" onClick={older}>
                {t('chat.older')}
              </Button>
            )}
            <div style={{ maxHeight: 420, overflowY: 'auto' }} data-testid="chat-messages">
              {messages.map((m) => {
                const mine = m.senderId === me?.user.id;
                return (
                  <Flex
                    key={m.seq}
                    vertical
                    align={mine ? 'flex-end' : 'flex-start'}
                    style={{ marginBottom: 8 }}
                  >
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {m.senderName} · {dayjs(m.createdAt).format('HH:mm')}
                    </Typography.Text>
                    <div
                      data-testid="chat-message"
                      style={{
                        whiteSpace: 'pre-wrap',
                        wordBreak: 'break-word',
                        background: mine ? '#ffccc7' : '#f5f5f5',
                        borderRadius: 8,
                        padding: '6px 10px',
                        maxWidth: '80%',
                      }}
                    >
                      {m.body}
                    </div>
                  </Flex>
                );
              })}
              <div ref={bottom} />
            </div>
            <Typography.Text type="secondary" style={{ minHeight: 22 }}>
              {typing ? t('chat.typing', { name: typing }) : ''}
            </Typography.Text>
            <Flex gap={8}>
              <Input.TextArea
                value={draft}
                maxLength={4000}
                autoSize={{ minRows: 1, maxRows: 4 }}
                placeholder={t('chat.placeholder')}
                data-testid="chat-input"
                onChange={(e) => {
                  setDraft(e.target.value);
                  if (roomId && Date.now() - lastTyping.current > 2000) {
                    lastTyping.current = Date.now();
                    sendRealtime({ type: 'typing', roomId });
                  }
                }}
                onPressEnter={(e) => {
                  if (!e.shiftKey) {
                    e.preventDefault();
                    send();
                  }
                }}
              />
              <Button type="primary" onClick={send} data-testid="chat-send">
                {t('chat.send')}
              </Button>
            </Flex>
          </Flex>
        )}
      </Card>
    </Flex>
  );
}
