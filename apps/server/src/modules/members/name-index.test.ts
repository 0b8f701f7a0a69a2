import { describe, expect, it } from 'vitest';
import { nameGrams, nameKeys, queryGrams } from './name-index.js';

describe('name search keys', () => {
  it('computes pinyin initials and full pinyin, with surname readings', () => {
    expect(nameKeys('张三丰')).toMatchObject({ initials: 'zsf', pinyin: 'zhangsanfeng' });
    expect(nameKeys('单田芳').initials).toBe('stf');
    expect(nameKeys('Anna Smith')).toMatchObject({ initials: 'as', pinyin: 'annasmith' });
  });
  it('stores unigrams and bigrams so one- and two-character queries are served by the index', () => {
    const g = nameGrams('张三丰');
    for (const q of ['张', '张三', '三丰', '张三丰']) for (const x of queryGrams(q)) expect(g).toContain(x);
    expect(queryGrams('李四').every((x) => g.includes(x))).toBe(false);
  });
});
