import { Button, Card, Empty, Flex, List, Select, Switch, Tag, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useMarkRead, useNotifications, usePrefs, useSavePrefs } from '../api';

const toMinutes = (d: Dayjs | null) => (d ? d.hour() * 60 + d.minute() : null);
const fromMinutes = (m: number | null) => (m === null ? null : dayjs().startOf('day').add(m, 'minute'));

/** 消息通知: the caller's notifications (text only, never HTML) and their delivery preferences. */
export default function NotificationsPage() {
  const { t } = useTranslation();
  usePageTitle(t('notifications.title'));
  const list = useNotifications();
  const markRead = useMarkRead();
  const prefs = usePrefs();
  const save = useSavePrefs();
  const p = prefs.data;
  return (
    <Flex vertical gap={16}>
      <Card
        title={t('notifications.title')}
        extra={
          <Button
            size="small"
            disabled={!list.data?.unread}
            loading={markRead.isPending}
            onClick={() => markRead.mutate('all')}
          >
            {t('notifications.markAllRead')}
          </Button>
        }
      >
        <ErrorAlert error={list.error} />
        {list.isPending ? (
          <Loading />
        ) : list.data?.items.length ? (
          <List
            dataSource={list.data.items}
            renderItem={(n) => (
              <List.Item
                data-testid="notification-item"
                onClick={() => !n.readAt && markRead.mutate([n.id])}
                style={{ cursor: n.readAt ? undefined : 'pointer' }}
              >
                <List.Item.Meta
                  title={
                    <Flex gap={8} align="center">
                      {!n.readAt && <Tag color="red">{t('notifications.new')}</Tag>}
                      {n.link ? <Link to={n.link}>{n.title}</Link> : <span>{n.title}</span>}
                    </Flex>
                  }
                  description={
                    <>
                      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
                        {n.body}
                      </Typography.Paragraph>
                      <Typography.Text type="secondary">
                        {dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}
                      </Typography.Text>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        ) : (
          <Empty description={t('notifications.empty')} />
        )}
      </Card>
      <Card title={t('notifications.prefs.title')}>
        <ErrorAlert error={prefs.error ?? save.error} />
        {p && (
          <Flex vertical gap={12}>
            <Flex justify="space-between" align="center">
              <span>{t('notifications.prefs.email')}</span>
              <Switch
                checked={p.emailEnabled && !p.unsubscribed}
                onChange={(v) => save.mutate({ emailEnabled: v })}
              />
            </Flex>
            <Flex justify="space-between" align="center">
              <span>{t('notifications.prefs.sms')}</span>
              <Switch checked={p.smsEnabled} onChange={(v) => save.mutate({ smsEnabled: v })} />
            </Flex>
            <Flex justify="space-between" align="center" wrap gap={8}>
              <span>{t('notifications.prefs.quiet')}</span>
              <TimePicker.RangePicker
                format="HH:mm"
                order={false}
                value={p.quietStart === null ? null : [fromMinutes(p.quietStart), fromMinutes(p.quietEnd)]}
                onChange={(v) =>
                  save.mutate({ quietStart: toMinutes(v?.[0] ?? null), quietEnd: toMinutes(v?.[1] ?? null) })
                }
              />
            </Flex>
            <Flex vertical gap={4}>
              <Flex justify="space-between" align="center" wrap gap={8}>
                <span>{t('notifications.prefs.digest')}</span>
                <Select
                  value={p.digest}
                  style={{ width: 140 }}
                  onChange={(v) => save.mutate({ digest: v })}
                  options={(['off', 'daily', 'weekly'] as const).map((d) => ({
                    value: d,
                    label: t(`notifications.prefs.digests.${d}`),
                  }))}
                  data-testid="prefs-digest"
                />
              </Flex>
              <Typography.Text type="secondary">{t('notifications.prefs.digestHint')}</Typography.Text>
            </Flex>
            <Flex justify="space-between" align="center">
              <span>{t('notifications.prefs.language')}</span>
              <Select
                value={p.locale}
                style={{ width: 140 }}
                onChange={(v) => save.mutate({ locale: v })}
                options={[
                  { value: 'zh-CN', label: '简体中文' },
                  { value: 'en', label: 'English' },
                ]}
              />
            </Flex>
            <Typography.Text type="secondary">{t('notifications.prefs.essentialNote')}</Typography.Text>
          </Flex>
        )}
      </Card>
    </Flex>
  );
}
