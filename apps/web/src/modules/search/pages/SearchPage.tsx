import { Card, Empty, Flex, Input, List, Tag, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { MemberDrawer } from '../../members/components/MemberDrawer';
import { type Hit, useSearch } from '../api';
import { Highlight } from '../components/Highlight';

const KINDS = ['announcement', 'forum_post', 'member', 'case'] as const;

/**
 * 全站搜索: results grouped by kind (announcements, forum posts; members and cases for officers who
 * may see them). The query lives in router state, not in the URL.
 */
export default function SearchPage() {
  const { t } = useTranslation();
  usePageTitle(t('search.title'));
  const location = useLocation();
  const navigate = useNavigate();
  const q = ((location.state as { q?: string } | null)?.q ?? '').trim();
  const [draft, setDraft] = useState(q);
  const [lastQ, setLastQ] = useState(q);
  if (q !== lastQ) {
    setLastQ(q);
    setDraft(q);
  }
  const [memberId, setMemberId] = useState<string | null>(null);
  const linkStyle = { color: theme.useToken().token.colorLink };
  const search = useSearch(q);
  const groups = KINDS.map((kind) => ({
    kind,
    items: (search.data ?? []).filter((h) => h.kind === kind),
  })).filter((g) => g.items.length > 0);

  const link = (h: Hit) => {
    switch (h.kind) {
      case 'announcement':
        return (
          <Link to={`/announcements/${h.id}`} style={linkStyle}>
            {h.title}
          </Link>
        );
      case 'forum_post':
        return h.threadId ? (
          // the hit's own post, on whichever page of the thread it is
          <Link to={`/forums/threads/${h.threadId}?post=${h.id}`} style={linkStyle}>
            {h.title}
          </Link>
        ) : (
          h.title
        );
      case 'case':
        return (
          <Link to={`/console/cases/${h.id}`} style={linkStyle}>
            {h.title}
          </Link>
        );
      case 'member':
        return (
          <Typography.Link onClick={() => setMemberId(h.id)} data-testid="search-member">
            {h.title}
          </Typography.Link>
        );
      default:
        return h.title;
    }
  };
  const meta = (h: Hit) => {
    const parts: string[] = [];
    if (h.ref) parts.push(h.ref);
    if (h.status)
      parts.push(
        h.kind === 'case'
          ? t(`cases.states.${h.status}`, { defaultValue: h.status })
          : t(`members.status.${h.status}`, { defaultValue: h.status }),
      );
    if (h.orgName) parts.push(h.orgName);
    return parts.join(' · ');
  };

  return (
    <Flex vertical gap={12}>
      <Card title={t('search.title')} styles={{ body: { paddingBlock: 12 } }}>
        <Input.Search
          autoFocus
          allowClear
          enterButton={t('common.search')}
          value={draft}
          maxLength={100}
          placeholder={t('search.placeholder')}
          onChange={(e) => setDraft(e.target.value)}
          onSearch={(v) => navigate(location.pathname, { state: { q: v.trim() }, replace: true })}
          data-testid="search-input"
        />
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 6 }}>
          {t('search.hint')}
        </Typography.Text>
      </Card>
      <ErrorAlert error={search.error} />
      {!q ? null : search.isPending ? (
        <Loading />
      ) : groups.length === 0 ? (
        <Card>
          <Empty description={t('search.empty', { q })} />
        </Card>
      ) : (
        groups.map((g) => (
          <Card
            key={g.kind}
            size="small"
            title={
              <Flex gap={8} align="center">
                {t(`search.kinds.${g.kind}`)}
                <Tag>{g.items.length}</Tag>
              </Flex>
            }
            data-testid={`search-group-${g.kind}`}
          >
            <List
              dataSource={g.items}
              renderItem={(h) => (
                <List.Item data-testid="search-hit">
                  <List.Item.Meta
                    title={link(h)}
                    description={
                      <Flex vertical gap={2}>
                        {h.snippet && (
                          <Typography.Text style={{ overflowWrap: 'anywhere' }}>
                            <Highlight snippet={h.snippet} />
                          </Typography.Text>
                        )}
                        {meta(h) && (
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {meta(h)}
                          </Typography.Text>
                        )}
                      </Flex>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        ))
      )}
      <MemberDrawer memberId={memberId} onClose={() => setMemberId(null)} />
    </Flex>
  );
}
