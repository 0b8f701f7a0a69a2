/** 简体中文: notification centre and chat. */
export const commsZhCN = {
  notifications: {
    nav: '消息通知',
    title: '消息通知',
    bell: '通知（{{count}} 条未读）',
    markAllRead: '全部标为已读',
    new: '新',
    empty: '暂无通知',
    prefs: {
      title: '通知设置',
      email: '接收邮件通知',
      sms: '接收短信通知',
      quiet: '免打扰时段',
      language: '通知语言',
      essentialNote: '账号安全类通知（如重置密码）不受以上设置影响。',
    },
    unsubscribe: {
      title: '退订邮件',
      explain: '退订后您将不再收到公告、消息提醒等非必要邮件；账号安全类邮件仍会发送。',
      confirm: '确认退订',
      done: '已退订。您可以随时在“通知设置”中重新开启。',
    },
  },
  chat: {
    nav: '交流',
    title: '交流',
    rooms: '会话',
    noRooms: '暂无会话',
    noRoom: '选择一个会话开始交流',
    placeholder: '输入消息，回车发送',
    send: '发送',
    typing: '{{name}} 正在输入…',
    kind: { direct: '私聊', org: '组织群', custom: '群聊' },
    older: '加载更早的消息',
    read: '已读',
  },
};
