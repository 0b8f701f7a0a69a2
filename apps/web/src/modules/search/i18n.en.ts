import type { searchZhCN } from './i18n.zh-CN';

type Stringify<T> = { [K in keyof T]: T[K] extends string ? string : Stringify<T[K]> };

/** English: global search; the same keys as i18n.zh-CN.ts. */
export const searchEn: Stringify<typeof searchZhCN> = {
  search: {
    title: 'Search',
    placeholder: 'Search announcements, posts…',
    hint: 'Chinese words, names and numbers work; your search terms never appear in the address bar.',
    empty: 'Nothing found for “{{q}}”. Try another word.',
    kinds: { announcement: 'Announcements', forum_post: 'Forum posts', member: 'Members', case: 'Cases' },
  },
};
