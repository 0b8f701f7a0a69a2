/** 简体中文: global search. */
export const searchZhCN = {
  search: {
    title: '搜索',
    placeholder: '搜索公告、帖子…',
    hint: '支持中文词语、姓名和编号；搜索词不会出现在网址中。',
    empty: '没有找到与“{{q}}”相关的内容，换个词试试。',
    kinds: { announcement: '公告', forum_post: '论坛帖子', member: '会员', case: '维权案件' },
  },
};
