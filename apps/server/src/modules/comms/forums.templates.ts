/**
 * The forum's notification template (zh-CN and en), registered with the kernel's template table
 * unless the kernel already defines one of the same name. Params are plain text.
 */
import { TEMPLATES } from '../../kernel/notify/templates.js';

TEMPLATES.forum_mention ??= {
  category: 'forums',
  essential: false,
  channels: ['email'],
  text: {
    'zh-CN': { subject: '{from} 在帖子中提到了您', body: '{from} 在“{title}”中提到了您。\n\n{link}' },
    en: { subject: '{from} mentioned you', body: '{from} mentioned you in "{title}".\n\n{link}' },
  },
};

export const FORUM_MENTION_TEMPLATE = 'forum_mention';
