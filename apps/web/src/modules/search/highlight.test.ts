import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { highlightRuns } from './highlight';

describe('highlightRuns', () => {
  it('marks the words between « and »', () => {
    expect(highlightRuns('建议«食堂»增加«面食»。')).toEqual([
      { text: '建议', mark: false },
      { text: '食堂', mark: true },
      { text: '增加', mark: false },
      { text: '面食', mark: true },
      { text: '。', mark: false },
    ]);
  });

  it('keeps markup-like text as plain text', () => {
    expect(highlightRuns('<img src=x onerror=alert(1)> «<b>»')).toEqual([
      { text: '<img src=x onerror=alert(1)> ', mark: false },
      { text: '<b>', mark: true },
    ]);
  });

  it('loses no character other than the marks', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const runs = highlightRuns(s);
        expect(runs.map((r) => r.text).join('')).toBe(s.replace(/[«»]/g, ''));
        expect(runs.every((r) => r.text.length > 0)).toBe(true);
      }),
    );
  });
});
