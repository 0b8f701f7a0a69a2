import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../../server/src/kernel/http/errors';
import { membersEn } from '../../modules/members/i18n.en';
import { membersZhCN } from '../../modules/members/i18n.zh-CN';
import { en } from './en';
import { zhCN } from './zh-CN';

type Tree = { [k: string]: string | Tree };

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`),
  );
}

function merged(...trees: object[]): Set<string> {
  return new Set(trees.flatMap((t) => keys(t as Tree)));
}

const zh = merged(zhCN, membersZhCN);
const english = merged(en, membersEn);

describe('translations', () => {
  it('zh-CN and en have the same keys', () => {
    expect([...zh].filter((k) => !english.has(k))).toEqual([]);
    expect([...english].filter((k) => !zh.has(k))).toEqual([]);
  });

  it('every error code the server can send has a message in both languages', () => {
    // i18next treats a dotted code as a path: errors.auth.invalid_credentials -> errors > auth > ...
    const missing = ERROR_CODES.flatMap((code) =>
      [
        ['zh-CN', zh],
        ['en', english],
      ]
        .filter(([, set]) => !(set as Set<string>).has(`errors.${code}`))
        .map(([lang]) => `${lang}: errors.${code}`),
    );
    expect(missing).toEqual([]);
  });
});
