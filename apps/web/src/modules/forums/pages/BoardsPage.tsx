import { CommentOutlined } from '@ant-design/icons';
import { Card, Empty, Flex, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useBoards } from '../api';
import { ForumError } from '../components/ForumError';

/** 职工论坛: the boards visible to the member (their org subtree and union-wide boards). */
export default function BoardsPage() {
  const { t } = useTranslation();
  usePageTitle(t('forums.title'));
  const boards = useBoards();
  return (
    <Card title={t('forums.title')}>
      <ForumError error={boards.error} />
      {boards.isPending ? (
        <Loading />
      ) : boards.data?.length ? (
        <List
          dataSource={boards.data}
          renderItem={(b) => (
            <List.Item data-testid="forum-board">
              <List.Item.Meta
                avatar={<CommentOutlined style={{ fontSize: 20, color: '#cf1322', marginTop: 4 }} />}
                title={
                  <Flex gap={8} align="center" wrap>
                    <Link to={`/forums/boards/${b.id}`}>{b.name}</Link>
                    <Tag>{t(`forums.visibility.${b.visibility}`, { defaultValue: b.visibility })}</Tag>
                  </Flex>
                }
                description={
                  <Flex vertical>
                    {b.description && <Typography.Text>{b.description}</Typography.Text>}
                    <Typography.Text type="secondary">{b.orgName}</Typography.Text>
                  </Flex>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Empty description={t('forums.noBoards')} />
      )}
    </Card>
  );
}
