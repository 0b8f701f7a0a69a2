/**
 * Built-in processing activities: what this installation itself processes, derived from the code and
 * the configuration (never invented). Each entry says what it was derived from; a union adopts one
 * into its register as version 1 and completes it (responsible person, review). Deliberately small:
 * membership registry, dues and payments, casework, notifications, accounts and audit. Forums, chat,
 * elections, polls and cards are entered by hand.
 *
 * Outside parties appear only when configured: a real payment platform (PAYMENT_PROVIDERS with
 * `wechat` / `alipay`; the sandbox is this server itself) and the SMTP relay of SMTP_URL (its host name
 * only, never the credentials). There is no SMS gateway in this build: texts go to the outbox file.
 */
import type { Config } from '../../config.js';
import { CONSENT_PURPOSES } from '../members/index.js';
import { DECRYPT } from './classification.js';
import type { BuiltinKey, Content, Lang } from './register.schemas.js';
import { RETENTION_RULES } from './retention.service.js';

type Bi = { zh: string; en: string };
type Processor = Content['processors'][number];
export type Builtin = { key: BuiltinKey; content: Content; derivedFrom: string[] };

const pick = (b: Bi, lang: Lang) => (lang === 'en' ? b.en : b.zh);

/** A retention period from RETENTION_RULES in words: whole years when it is some, else days. */
function periodOf(dataClass: string, lang: Lang): { text: string; source: string } {
  const rule = RETENTION_RULES.find((r) => r.dataClass === dataClass);
  if (!rule) throw new Error(`no retention rule ${dataClass}`);
  const d = rule.periodDays;
  const years = d % 365 === 0 ? d / 365 : null;
  const text =
    lang === 'en'
      ? years
        ? `${years} year${years > 1 ? 's' : ''}`
        : `${d} days`
      : years
        ? `${years} 年`
        : `${d} 天`;
  return { text, source: `RETENTION_RULES.${dataClass} = ${d} days` };
}

/** Encrypted columns of a table (classification.ts DECRYPT), e.g. members.id_number. */
function encrypted(table: string): string[] {
  return Object.values(DECRYPT).filter((c) => c.startsWith(`${table}.`));
}

function smtpHost(config: Config): string | null {
  if (!config.smtpUrl) return null;
  try {
    return new URL(config.smtpUrl).hostname || null;
  } catch {
    return null;
  }
}

const processor = (p: Partial<Processor> & Pick<Processor, 'name'>): Processor => ({
  role: 'entrusted',
  service: '',
  country: '',
  contractRef: '',
  crossBorder: false,
  transferMechanism: null,
  ...p,
});

/** The real payment platforms enabled in this installation, as outside processors. */
function paymentProcessors(config: Config, lang: Lang): { list: Processor[]; source: string } {
  const list: Processor[] = [];
  const service = pick(
    {
      zh: '会费在线支付：订单号、金额、会费月份说明（付款人在支付平台的账户由平台自行处理）',
      en: "Online payment of dues: order number, amount, the dues months paid (the payer's account at the platform is processed by the platform itself)",
    },
    lang,
  );
  const wechat = config.payments.wechat;
  if (config.paymentProviders.includes('wechat'))
    list.push(
      processor({
        name: pick(
          {
            zh: '财付通支付科技有限公司（微信支付）',
            en: 'Tenpay Payment Technology Co., Ltd. (WeChat Pay)',
          },
          lang,
        ),
        service,
        country: 'CN',
        contractRef: wechat
          ? pick({ zh: `微信支付商户号 ${wechat.mchid}`, en: `WeChat Pay merchant ID ${wechat.mchid}` }, lang)
          : '',
      }),
    );
  const alipay = config.payments.alipay;
  if (config.paymentProviders.includes('alipay'))
    list.push(
      processor({
        name: pick(
          { zh: '支付宝（中国）网络技术有限公司', en: 'Alipay (China) Network Technology Co., Ltd.' },
          lang,
        ),
        service,
        country: 'CN',
        contractRef: alipay
          ? pick({ zh: `支付宝应用 APPID ${alipay.appId}`, en: `Alipay app ID ${alipay.appId}` }, lang)
          : '',
      }),
    );
  return { list, source: `PAYMENT_PROVIDERS = ${config.paymentProviders.join(',') || '(none)'}` };
}

const base = (c: Partial<Content> & Pick<Content, 'name' | 'purpose' | 'legalBasis'>): Content => ({
  legalBasisNote: '',
  individuals: [],
  dataCategories: [],
  sensitive: [],
  source: '',
  recipients: '',
  processors: [],
  retention: '',
  securityMeasures: '',
  responsible: '',
  reviewedOn: null,
  retired: false,
  ...c,
});

const SCOPE_ACCESS: Bi = {
  zh: '按组织树授权：干部只能访问其被授权组织及下级的数据；干部账号必须启用两步验证；所有操作写入防篡改审计日志',
  en: 'Access by org-tree grants: officers reach only their granted unit and below; officers must use two-step verification; every action is written to the tamper-evident audit log',
};

/** The built-in activities of this installation in `lang`. */
export function builtinActivities(config: Config, lang: Lang): Builtin[] {
  const L = (b: Bi) => pick(b, lang);
  const consent = Object.entries(CONSENT_PURPOSES)
    .map(([p, d]) => `${p} (${d.version}${d.required ? (lang === 'en' ? ', required' : '，必需') : ''})`)
    .join(lang === 'en' ? ', ' : '、');
  const memberEnc = encrypted('members');
  const pay = paymentProcessors(config, lang);
  const smtp = smtpHost(config);
  const cases = periodOf('closedCases', lang);
  const outbox = periodOf('outboxDeliveries', lang);
  const readN = periodOf('readNotifications', lang);
  const oldN = periodOf('oldNotifications', lang);
  const sessions = periodOf('sessions', lang);
  const tokens = periodOf('oneTimeTokens', lang);
  const codes = periodOf('usedRecoveryCodes', lang);
  const encNote = (cols: string[]) =>
    L({
      zh: `AES-256-GCM 字段加密（按租户数据密钥，主密钥在数据库外）：${cols.join('、')}`,
      en: `AES-256-GCM field encryption (per-tenant data keys, master key outside the database): ${cols.join(', ')}`,
    });

  return [
    {
      key: 'membership',
      derivedFrom: [
        'migrations/0002_members.ts (members)',
        `classification.ts DECRYPT: ${memberEnc.join(', ')}`,
        `CONSENT_PURPOSES: ${Object.entries(CONSENT_PURPOSES)
          .map(([p, d]) => `${p} ${d.version}`)
          .join(', ')}`,
      ],
      content: base({
        name: L({ zh: '会员档案管理', en: 'Membership registry' }),
        purpose: L({
          zh: '办理入会、会籍管理、转会和离会，向会员提供工会服务',
          en: 'Admission, membership administration, transfers and leaving; providing union services to members',
        }),
        legalBasis: 'consent',
        legalBasisNote: L({
          zh: `入会申请时记录同意；证件号、电话、地址须单独同意后才能保存（《个人信息保护法》第二十九条）。同意记录用途：${consent}`,
          en: `Consent recorded with the application; ID number, phone and address are stored only after a separate consent (PIPL art. 29). Consent purposes: ${consent}`,
        }),
        individuals: [L({ zh: '会员', en: 'Members' }), L({ zh: '入会申请人', en: 'Applicants' })],
        dataCategories: [
          L({ zh: '姓名、性别、出生日期', en: 'Name, gender, date of birth' }),
          L({ zh: '证件类型和证件号码', en: 'ID document type and number' }),
          L({ zh: '手机号码、电子邮箱、住址', en: 'Mobile phone, e-mail, address' }),
          L({ zh: '工作单位、部门、职务、学历', en: 'Employer, department, job title, education' }),
          L({
            zh: '会员号、入会日期、会籍状态和变动记录',
            en: 'Member number, join date, status and its history',
          }),
        ],
        sensitive: ['specific_identity'],
        source: L({
          zh: '本人（入会申请、会员之家资料修改）；工会干部录入或批量导入；转会时原工会的档案',
          en: "The person (application, portal profile); officers' entry or bulk import; the previous union's record on transfer",
        }),
        recipients: L({
          zh: '本工会及上级工会中有权限的干部',
          en: 'Officers of this union and of the unions above it who hold the permission',
        }),
        retention: L({
          zh: '会籍存续期间；离会后作为会籍历史保存，会员申请删除时依法删除或去标识（不自动删除）',
          en: 'While the membership lasts; afterwards kept as membership history until the member asks for deletion, then erased or de-identified (no automatic deletion)',
        }),
        securityMeasures: [
          encNote(memberEnc),
          L({
            zh: '精确查询使用带密钥的盲索引；页面默认掩码显示，查看原文需 members.pii.reveal 权限并填写理由，且写入审计',
            en: 'Exact lookups through keyed blind indexes; values masked by default, revealing needs members.pii.reveal and a reason and is audited',
          }),
          L(SCOPE_ACCESS),
        ].join(lang === 'en' ? '; ' : '；'),
      }),
    },
    {
      key: 'dues_payments',
      derivedFrom: [
        'migrations/0040_dues.ts, 0045_payments.ts',
        `classification.ts DECRYPT: ${encrypted('dues_wages').join(', ')}`,
        pay.source,
      ],
      content: base({
        name: L({ zh: '会费收缴与在线缴费', en: 'Dues and online payment' }),
        purpose: L({
          zh: '按工资基数计算会费、记账、催缴、在线收款、退款和开具收据',
          en: 'Computing dues from the wage base, bookkeeping, reminders, online collection, refunds and receipts',
        }),
        legalBasis: 'contract',
        legalBasisNote: L({
          zh: '会员依《中国工会章程》交纳会费；会计记录依《会计档案管理办法》保存',
          en: 'Members pay dues under the Constitution of the Chinese Trade Unions; accounting records are kept under the Accounting Archives Measures',
        }),
        individuals: [L({ zh: '会员', en: 'Members' })],
        dataCategories: [
          L({ zh: '会员号、姓名', en: 'Member number, name' }),
          L({ zh: '工资基数', en: 'Wage base' }),
          L({ zh: '应缴会费、减免、台账记录', en: 'Dues charged, exemptions, ledger entries' }),
          L({ zh: '缴费订单、金额、支付状态、退款', en: 'Payment orders, amounts, payment status, refunds' }),
        ],
        sensitive: ['financial'],
        source: L({
          zh: '单位工资表（财务干部导入）或干部录入；会员本人在线缴费',
          en: "The employer's payroll file (imported by the finance officer) or officers' entry; the member's own online payment",
        }),
        recipients: L({
          zh: '本工会财务干部；上级工会（汇总统计）',
          en: 'Finance officers of this union; unions above it (totals)',
        }),
        processors: pay.list,
        retention: L({
          zh: '会费台账、应缴记录、缴费订单作为会计档案保存 30 年；工资记录在会员删除个人信息时删除',
          en: 'Dues ledger, dues charged and payment orders kept 30 years as accounting archives; wage records deleted when the member has their data erased',
        }),
        securityMeasures: [
          encNote(encrypted('dues_wages')),
          L({
            zh: '台账只追加、不可修改（数据库触发器）；支付通知验证平台签名',
            en: "Append-only ledger (database triggers); payment notifications verified against the platform's signature",
          }),
          L(SCOPE_ACCESS),
        ].join(lang === 'en' ? '; ' : '；'),
      }),
    },
    {
      key: 'casework',
      derivedFrom: [
        'migrations/0010_cases.ts, 0011_cases_attachments.ts',
        `classification.ts DECRYPT: ${[...encrypted('cases'), ...encrypted('case_events')].join(', ')}`,
        cases.source,
      ],
      content: base({
        name: L({ zh: '维权与帮扶事项办理', en: 'Casework (rights protection and assistance)' }),
        purpose: L({
          zh: '受理和办理会员反映的劳动争议、工伤、困难帮扶等事项',
          en: 'Receiving and handling the labour disputes, work injuries, hardship assistance and other matters members report',
        }),
        legalBasis: 'legal_duty',
        legalBasisNote: L({
          zh: '工会依《工会法》维护职工合法权益；事项由会员本人提交',
          en: "The union protects workers' lawful rights and interests under the Trade Union Law; the member submits the matter",
        }),
        individuals: [
          L({ zh: '提交事项的会员', en: 'Members who report a matter' }),
          L({ zh: '事项中涉及的其他人', en: 'Other people named in a matter' }),
        ],
        dataCategories: [
          L({ zh: '事项内容、往来消息和附件', en: 'Case details, messages and attachments' }),
          L({
            zh: '可能包括健康状况（工伤）和收入情况',
            en: 'May include health (work injuries) and income',
          }),
          L({
            zh: '匿名反映的提交人身份（加密，仅依权限查看）',
            en: 'Identity of an anonymous reporter (encrypted, revealed only with the permission)',
          }),
        ],
        sensitive: ['health'],
        source: L({
          zh: '会员本人（会员之家提交、留言、上传附件）；办理干部的记录',
          en: "The member (portal report, messages, uploads); the handling officers' notes",
        }),
        recipients: L({
          zh: '事项办理人及有 cases.read 权限的干部；升级时上级工会',
          en: 'The case handler and officers holding cases.read; the union above on escalation',
        }),
        retention: L({
          zh: `结案后 ${cases.text}，到期由每日任务连同附件文件一并删除`,
          en: `${cases.text} after the case was last closed; then deleted with its attachment files by the daily job`,
        }),
        securityMeasures: [
          encNote([...encrypted('cases'), ...encrypted('case_events')]),
          L({
            zh: '附件以随机文件名加密存储；匿名事项通过带密钥的盲索引关联本人',
            en: 'Attachments stored encrypted under random names; anonymous cases linked to the reporter only through a keyed blind index',
          }),
          L(SCOPE_ACCESS),
        ].join(lang === 'en' ? '; ' : '；'),
      }),
    },
    {
      key: 'notifications',
      derivedFrom: [
        smtp ? `SMTP_URL host = ${smtp}` : 'SMTP_URL not set: e-mail is written to <dataDir>/outbox.log',
        'kernel/notify/channels.ts: no SMS gateway built in (LogSmsProvider writes to outbox.log)',
        outbox.source,
        readN.source,
        oldN.source,
        `CONSENT_PURPOSES.notifications ${CONSENT_PURPOSES.notifications.version}`,
      ],
      content: base({
        name: L({ zh: '通知发送（站内、邮件、短信）', en: 'Notifications (in-app, e-mail, SMS)' }),
        purpose: L({
          zh: '向会员和干部发送账号、事项、会费、选举和公告等通知',
          en: 'Sending members and officers notices about their account, cases, dues, elections and announcements',
        }),
        legalBasis: 'contract',
        legalBasisNote: L({
          zh: `提供会员服务所必需；可选通知以同意为准（同意用途 notifications，版本 ${CONSENT_PURPOSES.notifications.version}），会员可在通知设置中关闭`,
          en: `Needed to provide member services; optional notices follow consent (purpose notifications, version ${CONSENT_PURPOSES.notifications.version}) and can be turned off in the notification settings`,
        }),
        individuals: [L({ zh: '会员', en: 'Members' }), L({ zh: '干部', en: 'Officers' })],
        dataCategories: [
          L({ zh: '电子邮箱、手机号码', en: 'E-mail address, mobile phone' }),
          L({ zh: '通知内容、发送状态', en: 'Notice content, delivery status' }),
        ],
        source: L({
          zh: '本人账号和会员档案中的联系方式',
          en: "Contact details in the person's account and member record",
        }),
        recipients: L({ zh: '收件人本人', en: 'The recipient' }),
        processors: smtp
          ? [
              processor({
                name: L({ zh: `邮件发送服务器 ${smtp}`, en: `Mail relay ${smtp}` }),
                service: L({
                  zh: '转发电子邮件（收件地址、主题、正文）。如该服务器由其他公司运营，请填写其名称和合同',
                  en: 'Relays e-mail (address, subject, text). If another company runs this server, fill in its name and contract',
                }),
              }),
            ]
          : [],
        retention: L({
          zh: `邮件和短信发送记录 ${outbox.text}；已读站内通知 ${readN.text}；站内通知最长 ${oldN.text}`,
          en: `E-mail and SMS delivery records ${outbox.text}; read in-app notices ${readN.text}; any in-app notice at most ${oldN.text}`,
        }),
        securityMeasures: [
          encNote(encrypted('notification_deliveries')),
          L({
            zh: '非必要邮件带一键退订；短信不经第三方网关（本版本未内置短信网关）',
            en: 'Non-essential mail carries one-click unsubscribe; SMS does not pass through a third-party gateway (none is built into this version)',
          }),
        ].join(lang === 'en' ? '; ' : '；'),
      }),
    },
    {
      key: 'accounts',
      derivedFrom: [
        'migrations/0001_kernel.ts (users, sessions, audit_log)',
        sessions.source,
        tokens.source,
        codes.source,
      ],
      content: base({
        name: L({ zh: '账号、登录安全与审计日志', en: 'Accounts, sign-in security and audit log' }),
        purpose: L({
          zh: '身份验证、防止未授权访问、记录操作以便追溯和发现安全事件',
          en: 'Authentication, preventing unauthorised access, recording actions to trace them and detect security incidents',
        }),
        legalBasis: 'legal_duty',
        legalBasisNote: L({
          zh: '《网络安全法》第二十一条：采取技术措施并留存网络日志不少于六个月',
          en: 'Cybersecurity Law art. 21: technical measures, and network logs kept at least six months',
        }),
        individuals: [L({ zh: '会员', en: 'Members' }), L({ zh: '干部', en: 'Officers' })],
        dataCategories: [
          L({ zh: '用户名、显示名、邮箱、手机号', en: 'Username, display name, e-mail, phone' }),
          L({ zh: '密码散列、两步验证密钥', en: 'Password hash, two-step verification secret' }),
          L({ zh: '登录会话、IP 地址、操作记录', en: 'Sign-in sessions, IP addresses, action records' }),
        ],
        source: L({ zh: '本人；系统自动记录', en: 'The person; recorded by the system' }),
        recipients: L({
          zh: '有 audit.read 权限的干部（审计日志）',
          en: 'Officers holding audit.read (audit log)',
        }),
        retention: L({
          zh: `登录会话 ${sessions.text}；重置链接等一次性令牌 ${tokens.text}；已用恢复码 ${codes.text}；审计日志只追加、长期保存`,
          en: `Sign-in sessions ${sessions.text}; one-time tokens such as reset links ${tokens.text}; used recovery codes ${codes.text}; the audit log is append-only and kept`,
        }),
        securityMeasures: [
          encNote(encrypted('users')),
          L({
            zh: '密码以 argon2id 散列保存；审计日志哈希链防篡改，数据库拒绝修改和删除',
            en: 'Passwords stored as argon2id hashes; the audit log is hash-chained and the database refuses changes and deletes',
          }),
        ].join(lang === 'en' ? '; ' : '；'),
      }),
    },
  ];
}
