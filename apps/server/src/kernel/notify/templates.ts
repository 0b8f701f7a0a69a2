/**
 * Notification templates in zh-CN and en. `essential` messages (account security, invitations) ignore
 * preferences, quiet hours and unsubscribe; everything else honours them. Params are substituted as
 * plain text: e-mails are text/plain and the web app renders in-app titles and bodies as text.
 */
export type Locale = 'zh-CN' | 'en';
export const LOCALES: Locale[] = ['zh-CN', 'en'];

type Text = { subject: string; body: string };
export type Template = {
  category: string;
  essential: boolean;
  /** Channels tried besides the in-app centre when the caller names none. */
  channels: Array<'email' | 'sms'>;
  text: Record<Locale, Text>;
  /** Short SMS text (<= 70 Chinese characters); no SMS without it. */
  sms?: Record<Locale, string>;
};

export const TEMPLATES: Record<string, Template> = {
  password_reset: {
    category: 'account',
    essential: true,
    channels: ['email'],
    text: {
      'zh-CN': {
        subject: '重置您的工会之家密码',
        body: '您好：\n\n我们收到了重置您工会之家账号密码的请求。请在 1 小时内打开以下链接设置新密码：\n\n{link}\n\n如果这不是您本人的操作，请忽略此邮件，您的密码不会改变。',
      },
      en: {
        subject: 'Reset your Unionhall password',
        body: 'Hello,\n\nWe received a request to reset the password of your Unionhall account. Open this link within one hour to choose a new password:\n\n{link}\n\nIf you did not ask for this, ignore this e-mail; your password stays unchanged.',
      },
    },
  },
  member_account_invite: {
    category: 'account',
    essential: true,
    channels: ['email'],
    text: {
      'zh-CN': {
        subject: '欢迎加入工会之家',
        body: '您好：\n\n工会已为您开通工会之家账号，用户名：{username}\n请打开以下链接设置密码：\n\n{link}',
      },
      en: {
        subject: 'Welcome to Unionhall',
        body: 'Hello,\n\nYour union opened a Unionhall account for you. Username: {username}\nOpen this link to set your password:\n\n{link}',
      },
    },
  },
  announcement_published: {
    category: 'announcements',
    essential: false,
    channels: ['email'],
    text: {
      'zh-CN': { subject: '新公告：{title}', body: '{org} 发布了新公告《{title}》。\n\n{link}' },
      en: {
        subject: 'New announcement: {title}',
        body: '{org} published a new announcement, "{title}".\n\n{link}',
      },
    },
  },
  // In-app only: a mail copy would put the voter-to-tracking-code link on mail servers too.
  election_ballot_cast: {
    category: 'elections',
    essential: false,
    channels: [],
    text: {
      'zh-CN': {
        subject: '选票已投出：{title}',
        body: '您在《{title}》中的加密选票已投出。\n跟踪码：{trackingCode}\n在选举公告板上查找此跟踪码，可以确认您的选票已被记录。\n\n{link}',
      },
      en: {
        subject: 'Ballot cast: {title}',
        body: 'Your encrypted ballot in "{title}" was cast.\nTracking code: {trackingCode}\nFind this code on the election\'s bulletin board to check that your ballot was recorded.\n\n{link}',
      },
    },
  },
  poll_published: {
    category: 'surveys',
    essential: false,
    channels: ['email'],
    text: {
      'zh-CN': {
        subject: '新问卷：{title}',
        body: '{org} 发布了问卷《{title}》，请在 {closes} 前填写。\n\n{link}',
      },
      en: {
        subject: 'New poll: {title}',
        body: '{org} published the poll "{title}". Please answer before {closes}.\n\n{link}',
      },
    },
  },
  chat_message_offline: {
    category: 'chat',
    essential: false,
    channels: ['email'],
    text: {
      'zh-CN': { subject: '{from} 给您发来了消息', body: '您在“{room}”中有 {count} 条未读消息。\n\n{link}' },
      en: {
        subject: '{from} sent you a message',
        body: 'You have {count} unread messages in "{room}".\n\n{link}',
      },
    },
    sms: {
      'zh-CN': '【工会之家】{from} 给您发来了消息，请登录查看。',
      en: '[Unionhall] {from} sent you a message.',
    },
  },
  notification_digest: {
    category: 'digest',
    essential: false,
    channels: ['email'],
    text: {
      'zh-CN': {
        subject: '工会之家{period}摘要：{count} 条未读通知',
        body: '您好：\n\n以下是您{period}的未读通知（共 {count} 条）：\n\n{items}\n\n查看全部：{link}',
      },
      en: {
        subject: 'Your Unionhall {period} digest: {count} unread notifications',
        body: 'Hello,\n\nHere are your unread notifications ({count}):\n\n{items}\n\nSee them all: {link}',
      },
    },
  },
  dues_reminder: {
    category: 'dues',
    essential: false,
    channels: ['email', 'sms'],
    text: {
      'zh-CN': {
        subject: '会费提醒：您有 {months} 个月的会费未缴',
        body: '您好：\n\n截至 {period}，您有 {months} 个月的工会会费尚未缴纳（自 {oldest} 起），合计 {owed} 元。\n请登录工会之家“我的会费”查看明细并缴纳；如已通过工资代扣缴纳，请忽略本提醒。',
      },
      en: {
        subject: 'Dues reminder: {months} month(s) unpaid',
        body: 'Hello,\n\nAs of {period} your union dues for {months} month(s) are unpaid (since {oldest}), {owed} yuan in total.\nSign in to Unionhall, "My dues", to see the details and pay. If your employer deducts them from your pay, please ignore this reminder.',
      },
    },
    sms: {
      'zh-CN': '【工会之家】您有{months}个月会费未缴，合计{owed}元，请登录“我的会费”查看。',
      en: '[Unionhall] Dues for {months} month(s) unpaid, {owed} yuan. See "My dues".',
    },
  },
  dues_paid: {
    category: 'dues',
    essential: false,
    channels: ['email'],
    text: {
      'zh-CN': {
        subject: '会费缴纳成功：{amount} 元',
        body: '您好：\n\n您的工会会费 {amount} 元已到账（订单 {order}）。电子收据可在“我的会费”中下载：{link}',
      },
      en: {
        subject: 'Dues payment received: {amount} yuan',
        body: 'Hello,\n\nYour union dues payment of {amount} yuan has arrived (order {order}). Download the receipt under "My dues": {link}',
      },
    },
  },
  delivery_failed: {
    category: 'system',
    essential: false,
    channels: [],
    text: {
      'zh-CN': {
        subject: '通知投递失败',
        body: '发给 {user} 的“{template}”通知经 {attempts} 次尝试仍未送达：{error}',
      },
      en: {
        subject: 'Notification delivery failed',
        body: 'The "{template}" notification to {user} failed after {attempts} attempts: {error}',
      },
    },
  },
};

const FALLBACK: Template = {
  category: 'general',
  essential: false,
  channels: [],
  text: {
    'zh-CN': { subject: '您有一条新通知', body: '请登录工会之家查看。' },
    en: { subject: 'You have a new notification', body: 'Sign in to Unionhall to read it.' },
  },
};

export function templateOf(name: string): Template {
  return TEMPLATES[name] ?? FALLBACK;
}

/** Replaces `{name}` with the param; unknown names stay visible so a missing param is noticed. */
export function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{([a-zA-Z0-9_]+)\}/g, (m, k: string) =>
    Object.hasOwn(params, k) ? String(params[k]) : m,
  );
}

export function render(
  name: string,
  locale: Locale,
  params: Record<string, string | number>,
): { subject: string; body: string } {
  const t = templateOf(name).text[locale];
  // a subject is one line: no header injection through a param carrying a newline
  return { subject: fill(t.subject, params).replace(/[\r\n]+/g, ' '), body: fill(t.body, params) };
}

export function renderSms(
  name: string,
  locale: Locale,
  params: Record<string, string | number>,
): string | null {
  const t = templateOf(name).sms?.[locale];
  return t ? fill(t, params) : null;
}
