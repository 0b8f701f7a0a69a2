/**
 * What the audit trail can tell about a personal-information breach: the audit actions that touch
 * members' personal data, how each one reaches a member, and which categories of personal information it
 * exposes. Found by reading every recordAudit call of the modules (docs/privacy.md "Breach incidents"):
 *
 * - target_type `member`: target_id is the member record (reveals, registry changes, dues on a member);
 * - target_type `user`: target_id is an account; its member records are reached (account contact, sign-in);
 * - target_type `case`: a named case reaches its submitter's member records; an anonymous case is counted
 *   but never resolved (its identity is encrypted and only an audited reveal may open it);
 * - target_type `payment_order`: the order's member;
 * - bulk exports (`member.exported`, `case.exported`, `poll.exported`) record only the filter and a row
 *   count, never the ids: they are counted with their row counts and cannot be resolved to individuals.
 */

/** Categories of personal information (the keys the notices translate). */
export const DATA_CATEGORIES = [
  'identity',
  'id_number',
  'phone',
  'email',
  'address',
  'employment',
  'membership',
  'casework',
  'financial',
  'account',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** Sensitive personal information under PIPL art. 28 (ID numbers, and case files that may hold health data). */
export const SENSITIVE_CATEGORIES: ReadonlySet<DataCategory> = new Set([
  'id_number',
  'casework',
  'financial',
]);

export const CATEGORY_LABELS: Record<DataCategory, { zh: string; en: string }> = {
  identity: {
    zh: '身份信息（姓名、性别、出生日期、会员号）',
    en: 'identity (name, gender, date of birth, member number)',
  },
  id_number: { zh: '身份证件号码（敏感个人信息）', en: 'ID document number (sensitive)' },
  phone: { zh: '手机号码', en: 'mobile phone number' },
  email: { zh: '电子邮箱', en: 'e-mail address' },
  address: { zh: '住址', en: 'home address' },
  employment: {
    zh: '工作信息（单位、部门、职务、学历）',
    en: 'employment (employer, department, job title, education)',
  },
  membership: { zh: '会籍信息（状态、所属组织、变动记录）', en: 'membership (status, unit, history)' },
  casework: {
    zh: '维权与工伤案件信息（可能含健康信息，敏感个人信息）',
    en: 'casework: labour disputes and work injuries (may include health data; sensitive)',
  },
  financial: { zh: '工资、会费与缴费信息（敏感个人信息）', en: 'wages, dues and payments (sensitive)' },
  account: {
    zh: '账号信息（用户名、登录记录、联系方式）',
    en: 'account (username, sign-ins, contact details)',
  },
};

export type ActionGroup = 'reveal' | 'export' | 'member_record' | 'casework' | 'financial' | 'account';

export type CatalogueEntry = {
  action: string;
  group: ActionGroup;
  /** Recorded without member ids: counted with its row count, never resolved to individuals. */
  bulk: boolean;
  /** Categories every row of this action exposes. */
  categories: DataCategory[];
  /** details.fields (or details.revealed for exports) adds the categories of the fields named. */
  fields: boolean;
};

const entry = (
  action: string,
  group: ActionGroup,
  categories: DataCategory[],
  opts: { bulk?: boolean; fields?: boolean } = {},
): CatalogueEntry => ({ action, group, categories, bulk: opts.bulk ?? false, fields: opts.fields ?? false });

const lifecycle = [
  'approve',
  'reject',
  'retain',
  'reactivate',
  'leave',
  'expel',
  'rejoin',
  'moved',
  'transfer_requested',
  'transfer_approved',
  'transfer_rejected',
  'transfer_cancelled',
];

export const BREACH_ACTIONS: readonly CatalogueEntry[] = [
  entry('pii.revealed', 'reveal', ['identity'], { fields: true }),
  entry('member.exported', 'export', ['identity', 'employment', 'membership'], { bulk: true, fields: true }),
  entry('case.exported', 'export', ['identity', 'casework'], { bulk: true }),
  entry('poll.exported', 'export', ['identity'], { bulk: true }),
  entry('member.created', 'member_record', ['identity', 'membership']),
  entry('member.updated', 'member_record', ['identity'], { fields: true }),
  entry('member.self_updated', 'member_record', ['identity'], { fields: true }),
  entry('member.account_created', 'member_record', ['identity', 'account']),
  ...lifecycle.map((a) => entry(`member.${a}`, 'member_record', ['identity', 'membership'])),
  entry('case.submitted', 'casework', ['identity', 'casework']),
  entry('case.transition', 'casework', ['identity', 'casework']),
  entry('case.message', 'casework', ['identity', 'casework']),
  entry('case.note', 'casework', ['identity', 'casework']),
  entry('case.attachment_added', 'casework', ['identity', 'casework']),
  entry('case.member_message', 'casework', ['identity', 'casework']),
  entry('dues.wage_set', 'financial', ['identity', 'financial']),
  entry('dues.payment_recorded', 'financial', ['identity', 'financial']),
  entry('dues.exemption_added', 'financial', ['identity', 'financial']),
  entry('dues.entry_reversed', 'financial', ['identity', 'financial']),
  entry('payment.order_created', 'financial', ['identity', 'financial']),
  entry('payment.order_queried', 'financial', ['identity', 'financial']),
  entry('payment.receipt_downloaded', 'financial', ['identity', 'financial']),
  entry('payment.refund_requested', 'financial', ['identity', 'financial']),
  entry('user.contact_changed', 'account', ['account', 'phone', 'email']),
  entry('auth.login', 'account', ['account', 'identity']),
];

export const BREACH_ACTION_NAMES: readonly string[] = BREACH_ACTIONS.map((e) => e.action);
const BY_ACTION = new Map(BREACH_ACTIONS.map((e) => [e.action, e]));

export function catalogueEntry(action: string): CatalogueEntry | undefined {
  return BY_ACTION.get(action);
}

/** The category of a field named in details.fields (member fields, reveal fields, account fields). */
const FIELD_CATEGORY: Record<string, DataCategory> = {
  name: 'identity',
  gender: 'identity',
  birthDate: 'identity',
  idType: 'id_number',
  idNumber: 'id_number',
  phone: 'phone',
  email: 'email',
  address: 'address',
  employer: 'employment',
  department: 'employment',
  jobTitle: 'employment',
  education: 'employment',
  joinDate: 'membership',
  orgId: 'membership',
  wage: 'financial',
  submitter: 'casework',
};

/** The categories one audit row of `action` exposes, given its details.fields / details.revealed. */
export function categoriesOf(action: string, fields: unknown): DataCategory[] {
  const e = BY_ACTION.get(action);
  const out = new Set<DataCategory>(e?.categories ?? ['identity']);
  if (e?.fields && Array.isArray(fields))
    for (const f of fields) if (typeof f === 'string') out.add(FIELD_CATEGORY[f] ?? 'identity');
  return DATA_CATEGORIES.filter((c) => out.has(c));
}
