/** Splits a snippet into plain and highlighted runs at the server's « » marks. */
export function highlightRuns(snippet: string): Array<{ text: string; mark: boolean }> {
  const runs: Array<{ text: string; mark: boolean }> = [];
  let mark = false;
  let buf = '';
  for (const ch of snippet) {
    if (ch === '«' || ch === '»') {
      if (buf) runs.push({ text: buf, mark });
      buf = '';
      mark = ch === '«';
    } else buf += ch;
  }
  if (buf) runs.push({ text: buf, mark });
  return runs;
}
