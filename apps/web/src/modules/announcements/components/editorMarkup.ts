/** Pure text edits of the announcement editor: the allowed HTML tags written around a selection. */
export const SAFE_HREF = /^(https?:\/\/|mailto:|\/)/i;

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export type Edit = { text: string; start: number; end: number };

/** Wraps the selection (or a placeholder) in an element. */
export function wrapInline(e: Edit, open: string, close: string, placeholder: string): Edit {
  const sel = e.text.slice(e.start, e.end) || placeholder;
  const text = e.text.slice(0, e.start) + open + sel + close + e.text.slice(e.end);
  return { text, start: e.start + open.length, end: e.start + open.length + sel.length };
}

/** Turns the selected lines into a list (`ul`/`ol`) or into one block each (`p`, `h2`, `h3`). */
export function wrapLines(e: Edit, tag: 'ul' | 'ol' | 'p' | 'h2' | 'h3', placeholder: string): Edit {
  const sel = e.text.slice(e.start, e.end) || placeholder;
  const lines = sel
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const block =
    tag === 'ul' || tag === 'ol'
      ? `<${tag}>\n${lines.map((l) => `  <li>${l}</li>`).join('\n')}\n</${tag}>`
      : lines.map((l) => `<${tag}>${l}</${tag}>`).join('\n');
  const text = e.text.slice(0, e.start) + block + e.text.slice(e.end);
  return { text, start: e.start, end: e.start + block.length };
}

/** Inserts markup at the cursor (images from uploads). */
export function insertAt(e: Edit, markup: string): Edit {
  const text = e.text.slice(0, e.end) + markup + e.text.slice(e.end);
  return { text, start: e.end + markup.length, end: e.end + markup.length };
}

export function linkMarkup(url: string): [string, string] {
  return [`<a href="${escapeAttr(url)}">`, '</a>'];
}

export function imageMarkup(url: string, alt: string): string {
  return `\n<img src="${escapeAttr(url)}" alt="${escapeAttr(alt)}">\n`;
}
