import { PaperClipOutlined, PushpinFilled } from '@ant-design/icons';
import { Card, Empty, Flex, List, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { markAnnouncementRead, useFeed, useFeedItem } from '../api';
import { RichText } from '../components/RichText';

/** 公告: the member's feed (pinned first); opening one records the read receipt. */
export default function FeedPage() {
  const { t } = useTranslation();
  usePageTitle(t('announcements.title'));
  const { id } = useParams();
  const qc = useQueryClient();
  const feed = useFeed();
  const item = useFeedItem(id);
  useEffect(() => {
    if (id && item.data && !item.data.readAt)
      void markAnnouncementRead(id).then(() => qc.invalidateQueries({ queryKey: ['announcements', 'feed'] }));
  }, [id, item.data, qc]);
  if (id)
    return (
      <Card
        title={item.data?.title ?? t('announcements.title')}
        extra={<Link to="/announcements">{t('common.back')}</Link>}
      >
        <ErrorAlert error={item.error} />
        {item.isPending ? (
          <Loading />
        ) : (
          item.data && (
            <Flex vertical gap={8}>
              <Typography.Text type="secondary">
                {item.data.orgName} · {dayjs(item.data.publishAt).format('YYYY-MM-DD HH:mm')}
              </Typography.Text>
              <div data-testid="announcement-body">
                <RichText html={item.data.bodyHtml} />
              </div>
              {(item.data.files ?? []).some((f) => !f.mime.startsWith('image/')) && (
                <List
                  size="small"
                  header={t('announcements.files')}
                  dataSource={(item.data.files ?? []).filter((f) => !f.mime.startsWith('image/'))}
                  renderItem={(f) => (
                    <List.Item>
                      <a href={f.url} download={f.fileName} data-testid="announcement-file">
                        <PaperClipOutlined /> {f.fileName}
                      </a>
                    </List.Item>
                  )}
                />
              )}
            </Flex>
          )
        )}
      </Card>
    );
  return (
    <Card title={t('announcements.title')}>
      <ErrorAlert error={feed.error} />
      {feed.isPending ? (
        <Loading />
      ) : feed.data?.items.length ? (
        <List
          dataSource={feed.data.items}
          renderItem={(a) => (
            <List.Item data-testid="feed-item">
              <List.Item.Meta
                title={
                  <Flex gap={8} align="center">
                    {a.pinned && (
                      <PushpinFilled style={{ color: '#cf1322' }} aria-label={t('announcements.pinned')} />
                    )}
                    {!a.readAt && <Tag color="red">{t('announcements.unread')}</Tag>}
                    <Link to={`/announcements/${a.id}`}>{a.title}</Link>
                  </Flex>
                }
                description={`${a.orgName} · ${dayjs(a.publishAt).format('YYYY-MM-DD HH:mm')}`}
              />
            </List.Item>
          )}
        />
      ) : (
        <Empty description={t('announcements.empty')} />
      )}
    </Card>
  );
}
