import { describe, expect, it } from 'vitest';
import { formatRevoteCode, loadRevoteCode, parseRevoteCode, saveRevoteCode } from './revoteCode';

const code = '0123456789abcdef'.repeat(4);

describe('re-vote code', () => {
  it('is written in groups of four and read back however it was typed', () => {
    const shown = formatRevoteCode(code);
    expect(shown.split(' ')).toHaveLength(16);
    expect(parseRevoteCode(shown)).toBe(code);
    expect(parseRevoteCode(shown.toUpperCase().replace(/ /g, '-'))).toBe(code);
    expect(parseRevoteCode(`${code}0`)).toBeNull();
    expect(parseRevoteCode('xyz')).toBeNull();
  });

  it('is kept per account and election; the newest replaces the used one', () => {
    const m = new Map<string, string>();
    const store = {
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
    };
    expect(loadRevoteCode(store, 'u1', 'e1')).toBeNull();
    saveRevoteCode(store, 'u1', 'e1', code);
    expect(loadRevoteCode(store, 'u1', 'e1')).toBe(code);
    expect(loadRevoteCode(store, 'u2', 'e1')).toBeNull();
    const next = 'f'.repeat(64);
    saveRevoteCode(store, 'u1', 'e1', next);
    expect(loadRevoteCode(store, 'u1', 'e1')).toBe(next);
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(loadRevoteCode(broken, 'u1', 'e1')).toBeNull();
    expect(() => saveRevoteCode(broken, 'u1', 'e1', code)).not.toThrow();
  });
});
