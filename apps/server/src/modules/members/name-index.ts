/**
 * Search keys computed from a name at write time: pinyin initials (张三丰 -> zsf) and full pinyin
 * (zhangsanfeng, also the sort key so Chinese names sort alphabetically), and the unigrams + bigrams
 * that the GIN index serves substring search from (one- and two-character queries included).
 */
import { pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;

function syllables(name: string, pattern: 'first' | 'pinyin'): string[] {
  return pinyin(name, { pattern, toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' });
}

/** Lower-case letters and digits only. */
function compact(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export type NameKeys = { initials: string; pinyin: string; grams: string[] };

export function nameKeys(rawName: string): NameKeys {
  const name = rawName.trim();
  if (!HAN.test(name)) {
    const latin = compact(name);
    const words = name
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    return { initials: words.map((w) => w[0]).join(''), pinyin: latin, grams: nameGrams(name) };
  }
  const first = syllables(name, 'first').map((s) => (HAN.test(s) ? '' : s));
  return {
    initials: compact(first.join('')),
    pinyin: compact(syllables(name, 'pinyin').join('')),
    grams: nameGrams(name),
  };
}

/** Characters of a name as search sees them: lower case, no spaces or punctuation. */
export function searchChars(s: string): string[] {
  return Array.from(s.toLowerCase().replace(/[\s\p{P}]/gu, ''));
}

/** All unigrams and bigrams of the name. */
export function nameGrams(name: string): string[] {
  const c = searchChars(name);
  const out = new Set<string>(c);
  for (let i = 0; i + 1 < c.length; i++) out.add(c[i]! + c[i + 1]!);
  return [...out];
}

/** The grams a substring query must all find: its bigrams, or the single character. */
export function queryGrams(q: string): string[] {
  const c = searchChars(q);
  if (c.length <= 1) return c;
  const out = new Set<string>();
  for (let i = 0; i + 1 < c.length; i++) out.add(c[i]! + c[i + 1]!);
  return [...out];
}

/** Latin-only queries may also mean pinyin initials or a pinyin prefix. */
export function isPinyinQuery(q: string): boolean {
  return /^[a-z]{1,30}$/i.test(q.trim());
}
