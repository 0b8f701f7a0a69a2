import { Button, Flex, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuotedPost } from '../api';

const excerpt = (s: string) => (s.length > 120 ? `${s.slice(0, 120)}…` : s);

/**
 * The quoted post above a reply: its floor, author and the start of its text (plain text), with a
 * link to the post itself, which may be on another page of the thread. A post hidden for the reader
 * shows only a notice.
 */
export function QuoteBlock({
  quote,
  fallbackName,
  onJump,
  style,
}: {
  quote: QuotedPost | null;
  fallbackName: string;
  onJump: (postId: string) => void;
  style: CSSProperties;
}) {
  const { t } = useTranslation();
  const visible = quote && !(quote.hidden && !quote.excerpt);
  return (
    <blockquote className="uh-forum-quote" data-testid="post-quote" style={style}>
      {visible ? (
        <>
          <Flex justify="space-between" align="baseline" gap={8}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('forums.quotingFloor', { n: quote.no, name: quote.authorName ?? fallbackName })}
            </Typography.Text>
            <Button
              type="link"
              size="small"
              onClick={() => onJump(quote.id)}
              style={{ padding: 0, height: 'auto', fontSize: 12 }}
              data-testid="post-quote-jump"
            >
              {t('forums.jumpToPost')}
            </Button>
          </Flex>
          <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{excerpt(quote.excerpt)}</div>
        </>
      ) : (
        <Typography.Text type="secondary">{t('forums.quotedMissing')}</Typography.Text>
      )}
    </blockquote>
  );
}
