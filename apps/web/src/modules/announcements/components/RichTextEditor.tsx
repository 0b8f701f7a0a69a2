import {
  BoldOutlined,
  ItalicOutlined,
  LinkOutlined,
  OrderedListOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Button, Card, Flex, Input, Modal, Tooltip, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Edit, insertAt, linkMarkup, SAFE_HREF, wrapInline, wrapLines } from './editorMarkup';
import { RichText } from './RichText';

export type EditorHandle = { insert: (markup: string) => void };

/**
 * A small rich-text editor for announcements: a toolbar (headings, bold, italic, lists, links,
 * paragraphs) that writes the allowed HTML tags into the text, and a live preview rendered through
 * the same allow-list as the feed. The server sanitises whatever arrives.
 */
export function RichTextEditor({
  value,
  onChange,
  handleRef,
}: {
  value?: string;
  onChange?: (v: string) => void;
  handleRef?: (h: EditorHandle) => void;
}) {
  const { t } = useTranslation();
  const area = useRef<TextAreaRef>(null);
  const [linkOpen, setLinkOpen] = useState(false);
  const [url, setUrl] = useState('https://');
  const text = value ?? '';

  const current = (): Edit => {
    const el = area.current?.resizableTextArea?.textArea;
    return { text, start: el?.selectionStart ?? text.length, end: el?.selectionEnd ?? text.length };
  };
  const apply = (next: Edit) => {
    onChange?.(next.text);
    requestAnimationFrame(() => {
      const el = area.current?.resizableTextArea?.textArea;
      if (!el) return;
      el.focus();
      el.setSelectionRange(next.start, next.end);
    });
  };
  handleRef?.({ insert: (markup) => apply(insertAt(current(), markup)) });

  const sample = t('announcements.editor.paragraph');
  const tools: Array<[string, ReactNode, () => void]> = [
    ['h2', 'H2', () => apply(wrapLines(current(), 'h2', t('announcements.editor.h2')))],
    ['h3', 'H3', () => apply(wrapLines(current(), 'h3', t('announcements.editor.h3')))],
    [
      'bold',
      <BoldOutlined key="b" />,
      () => apply(wrapInline(current(), '<strong>', '</strong>', t('announcements.editor.bold'))),
    ],
    [
      'italic',
      <ItalicOutlined key="i" />,
      () => apply(wrapInline(current(), '<em>', '</em>', t('announcements.editor.italic'))),
    ],
    ['ul', <UnorderedListOutlined key="ul" />, () => apply(wrapLines(current(), 'ul', sample))],
    ['ol', <OrderedListOutlined key="ol" />, () => apply(wrapLines(current(), 'ol', sample))],
    ['paragraph', '¶', () => apply(wrapLines(current(), 'p', sample))],
    ['link', <LinkOutlined key="a" />, () => setLinkOpen(true)],
  ];

  return (
    <Flex vertical gap={8}>
      <Flex gap={4} wrap role="toolbar" aria-label="editor">
        {tools.map(([key, label, run]) => (
          <Tooltip key={key} title={t(`announcements.editor.${key}`)}>
            <Button
              size="small"
              onMouseDown={(e) => e.preventDefault()}
              onClick={run}
              aria-label={t(`announcements.editor.${key}`)}
              data-testid={`editor-${key}`}
            >
              {label}
            </Button>
          </Tooltip>
        ))}
      </Flex>
      <Input.TextArea
        ref={area}
        rows={8}
        value={text}
        onChange={(e) => onChange?.(e.target.value)}
        data-testid="announcement-body-input"
        style={{ fontFamily: 'monospace' }}
      />
      {text.trim() && (
        <Card size="small" title={t('announcements.preview')} data-testid="announcement-preview">
          <RichText html={text} />
        </Card>
      )}
      <Modal
        open={linkOpen}
        title={t('announcements.editor.link')}
        okText={t('announcements.editor.ok')}
        cancelText={t('announcements.editor.cancel')}
        okButtonProps={{ disabled: !SAFE_HREF.test(url) }}
        onCancel={() => setLinkOpen(false)}
        onOk={() => {
          const [open, close] = linkMarkup(url.trim());
          apply(wrapInline(current(), open, close, url.trim()));
          setLinkOpen(false);
          setUrl('https://');
        }}
      >
        <Input
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder={t('announcements.editor.linkUrl')}
          data-testid="editor-link-url"
        />
        {!SAFE_HREF.test(url) && (
          <Typography.Text type="danger">{t('announcements.editor.linkInvalid')}</Typography.Text>
        )}
      </Modal>
    </Flex>
  );
}
