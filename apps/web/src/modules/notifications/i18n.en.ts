import type { commsZhCN } from './i18n.zh-CN';

type Stringify<T> = { [K in keyof T]: T[K] extends string ? string : Stringify<T[K]> };

/** English: notification centre and chat; the same keys as i18n.zh-CN.ts. */
export const commsEn: Stringify<typeof commsZhCN> = {
  notifications: {
    nav: 'Notifications',
    title: 'Notifications',
    bell: 'Notifications ({{count}} unread)',
    markAllRead: 'Mark all read',
    new: 'New',
    empty: 'No notifications yet',
    prefs: {
      title: 'Notification settings',
      email: 'E-mail notifications',
      sms: 'Text messages',
      quiet: 'Quiet hours',
      language: 'Language of notifications',
      essentialNote: 'Account security messages (such as password resets) are always sent.',
    },
    unsubscribe: {
      title: 'Unsubscribe',
      explain:
        'You will no longer get announcements, message reminders and other non-essential e-mail. Account security e-mail is still sent.',
      confirm: 'Unsubscribe',
      done: 'You are unsubscribed. You can turn e-mail back on in your notification settings at any time.',
    },
  },
  chat: {
    nav: 'Chat',
    title: 'Chat',
    rooms: 'Conversations',
    noRooms: 'No conversations yet',
    noRoom: 'Pick a conversation to start',
    placeholder: 'Type a message, Enter to send',
    send: 'Send',
    typing: '{{name}} is typing…',
    kind: { direct: 'Direct', org: 'Org group', custom: 'Group' },
    older: 'Load earlier messages',
    read: 'Read',
  },
};
