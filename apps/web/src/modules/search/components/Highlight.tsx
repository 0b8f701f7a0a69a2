import { highlightRuns } from '../highlight';

/** A search snippet: matched words as <mark> elements, everything else as text (never parsed as HTML). */
export function Highlight({ snippet }: { snippet: string }) {
  return (
    <span data-testid="search-snippet">
      {highlightRuns(snippet).map((r, i) =>
        r.mark ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: runs are positional and never reorder
          <mark key={i} style={{ background: '#fff1b8', padding: 0 }}>
            {r.text}
          </mark>
        ) : (
          r.text
        ),
      )}
    </span>
  );
}
