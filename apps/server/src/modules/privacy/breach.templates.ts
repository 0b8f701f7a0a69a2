/**
 * Notification templates of the breach workflow (zh-CN and en), registered with the kernel's template
 * table. All essential: a legally required notice to a member, and the 72-hour deadline reminders to the
 * incident's security officers, ignore preferences, digests and quiet hours. Params are plain text.
 */
import { TEMPLATES } from '../../kernel/notify/templates.js';

export const BREACH_NOTICE_TEMPLATE = 'privacy_breach_notice';
export const BREACH_DUE_SOON_TEMPLATE = 'privacy_breach_due_soon';
export const BREACH_OVERDUE_TEMPLATE = 'privacy_breach_overdue';

TEMPLATES[BREACH_NOTICE_TEMPLATE] ??= {
  category: 'privacy',
  essential: true,
  channels: ['email'],
  text: {
    'zh-CN': {
      subject: '个人信息安全事件告知：{title}',
      body:
        '您好：\n\n{org}于 {discovered} 发现一起个人信息安全事件，您的个人信息可能受到影响。依据《个人信息保护法》第五十七条，现告知如下：\n\n' +
        '一、发生了什么：{what}\n\n' +
        '二、涉及您的个人信息种类：{categoriesZh}\n\n' +
        '三、事件原因：{cause}\n\n' +
        '四、可能造成的危害：{consequences}\n\n' +
        '五、工会已采取的补救措施：{measures}\n\n' +
        '六、您可以采取的减轻危害的措施：{memberMeasures}\n\n' +
        '七、联系方式：{contact}',
    },
    en: {
      subject: 'Notice of a personal information breach: {title}',
      body:
        'Hello,\n\nOn {discovered} {org} discovered a personal information breach that may affect your personal information. As required by article 57 of the Personal Information Protection Law, we inform you as follows.\n\n' +
        '1. What happened: {what}\n\n' +
        '2. Your personal information involved: {categoriesEn}\n\n' +
        '3. Cause: {cause}\n\n' +
        '4. Possible harm: {consequences}\n\n' +
        '5. What the union has done: {measures}\n\n' +
        '6. What you can do to reduce the harm: {memberMeasures}\n\n' +
        '7. Contact: {contact}',
    },
  },
};

TEMPLATES[BREACH_DUE_SOON_TEMPLATE] ??= {
  category: 'privacy',
  essential: true,
  channels: ['email'],
  text: {
    'zh-CN': {
      subject: '个人信息安全事件报告时限将至：{title}',
      body: '{org}的个人信息安全事件“{title}”尚未向监管部门报告。GDPR 第 33 条的 72 小时时限将于 {deadline} 届满；《个人信息保护法》第五十七条要求立即通知。请尽快完成报告。\n\n{link}',
    },
    en: {
      subject: 'Breach report due soon: {title}',
      body: 'The personal information breach "{title}" of {org} has not been reported to the regulator yet. The 72-hour limit of GDPR art. 33 ends on {deadline}; PIPL art. 57 asks for notice immediately. Please file the report now.\n\n{link}',
    },
  },
};

TEMPLATES[BREACH_OVERDUE_TEMPLATE] ??= {
  category: 'privacy',
  essential: true,
  channels: ['email'],
  text: {
    'zh-CN': {
      subject: '个人信息安全事件报告已超期：{title}',
      body: '{org}的个人信息安全事件“{title}”的 72 小时报告时限已于 {deadline} 届满，仍未向监管部门报告。请立即报告，并在报告中说明延迟原因。\n\n{link}',
    },
    en: {
      subject: 'Breach report overdue: {title}',
      body: 'The 72-hour limit for reporting the personal information breach "{title}" of {org} ended on {deadline} and it has not been reported to the regulator. Report it now and give the reasons for the delay.\n\n{link}',
    },
  },
};
