import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A post's text as stored by the server: plain text with its line breaks, never parsed as HTML.
 * `@name` of a mentioned account is emphasised; mentions written another way (e.g. `@username`) are
 * listed below the text.
 */
export function PostBody({ body, mentions = [] }: { body: string; mentions?: Array<{ name: string }> }) {
  const { t } = useTranslation();
  const names = [...new Set(mentions.map((m) => m.name).filter(Boolean))].sort((a, b) => b.length - a.length);
  const parts: ReactNode[] = [];
  const inline = new Set<string>();
  if (names.length) {
    const re = new RegExp(`@(${names.map(escapeRe).join('|')})`, 'g');
    let last = 0;
    for (const m of body.matchAll(re)) {
      const at = m.index ?? 0;
      if (at > last) parts.push(body.slice(last, at));
      inline.add(m[1] ?? '');
      parts.push(
        <Typography.Text key={at} strong style={{ color: '#1677ff' }} data-testid="post-mention">
          {m[0]}
        </Typography.Text>,
      );
      last = at + m[0].length;
    }
    parts.push(body.slice(last));
  } else parts.push(body);
  const others = names.filter((n) => !inline.has(n));
  return (
    <>
      <Typography.Paragraph
        style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', marginBottom: 0 }}
        data-testid="post-body"
      >
        {parts}
      </Typography.Paragraph>
      {others.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('forums.mentioned')}: {others.map((n) => `@${n}`).join(t('common.listSeparator'))}
        </Typography.Text>
      )}
    </>
  );
}
