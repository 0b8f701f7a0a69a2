import { createElement, type ReactNode } from 'react';

/** The same allow-list as the server's sanitiser; anything else is dropped (its text kept). */
const TAGS = new Set([
  'p',
  'br',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'h2',
  'h3',
  'h4',
  'ul',
  'ol',
  'li',
  'blockquote',
  'a',
  'img',
  'hr',
]);
const VOID = new Set(['br', 'img', 'hr']);
const SAFE_HREF = /^(https?:|mailto:|\/)/i;
const SAFE_SRC = /^(https:\/\/|\/api\/)/i;

function toReact(node: Node, key: number): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const el = node as Element;
  const tag = el.tagName.toLowerCase();
  const children = Array.from(el.childNodes).map(toReact);
  if (!TAGS.has(tag)) return tag === 'script' || tag === 'style' ? null : children;
  const props: Record<string, unknown> = { key };
  if (tag === 'a') {
    const href = el.getAttribute('href') ?? '';
    if (SAFE_HREF.test(href)) props.href = href;
    props.rel = 'noopener noreferrer';
    props.target = '_blank';
  }
  if (tag === 'img') {
    const src = el.getAttribute('src') ?? '';
    if (!SAFE_SRC.test(src)) return null;
    props.src = src;
    props.alt = el.getAttribute('alt') ?? '';
    props.style = { maxWidth: '100%' };
  }
  return VOID.has(tag) ? createElement(tag, props) : createElement(tag, props, ...children);
}

/**
 * Renders sanitised announcement HTML as React elements through an allow-list (defence in depth on top
 * of the server's sanitiser; the app never injects HTML strings).
 */
export function RichText({ html }: { html: string }) {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  return <div className="uh-rich-text">{Array.from(doc.body.childNodes).map(toReact)}</div>;
}
