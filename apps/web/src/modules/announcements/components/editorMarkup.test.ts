import { describe, expect, it } from 'vitest';
import { imageMarkup, insertAt, linkMarkup, wrapInline, wrapLines } from './editorMarkup';

describe('announcement editor helpers', () => {
  const edit = (text: string, start: number, end: number) => ({ text, start, end });

  it('wraps the selection, or a placeholder, in an inline element and keeps it selected', () => {
    const e = wrapInline(edit('节日快乐', 2, 4), '<strong>', '</strong>', '加粗');
    expect(e.text).toBe('节日<strong>快乐</strong>');
    expect(e.text.slice(e.start, e.end)).toBe('快乐');
    expect(wrapInline(edit('', 0, 0), '<em>', '</em>', '斜体').text).toBe('<em>斜体</em>');
  });

  it('turns selected lines into a list or one block per line, skipping blank lines', () => {
    const text = '第一条\n\n第二条';
    expect(wrapLines(edit(text, 0, text.length), 'ul', 'x').text).toBe(
      '<ul>\n  <li>第一条</li>\n  <li>第二条</li>\n</ul>',
    );
    expect(wrapLines(edit(`前言\n${text}`, 3, 3 + text.length), 'p', 'x').text).toBe(
      '前言\n<p>第一条</p>\n<p>第二条</p>',
    );
    expect(wrapLines(edit('', 0, 0), 'h2', '标题').text).toBe('<h2>标题</h2>');
  });

  it('escapes quotes and angle brackets in link and image attributes', () => {
    const [open, close] = linkMarkup('https://x.test/?a="b"&c=<d>');
    expect(open).toBe('<a href="https://x.test/?a=&quot;b&quot;&amp;c=&lt;d>">');
    expect(close).toBe('</a>');
    expect(imageMarkup('/api/announcements/1/files/2', '海报"><script>')).toContain(
      'alt="海报&quot;>&lt;script>"',
    );
  });

  it('inserts markup at the cursor', () => {
    const e = insertAt(edit('ab', 1, 1), '<hr>');
    expect(e.text).toBe('a<hr>b');
    expect(e.start).toBe(5);
  });
});
