/**
 * The contents the law requires of a breach notice, and the texts built from an incident (pure code).
 *
 * PIPL art. 57 (to the regulator and to individuals): (1) the categories of personal information
 * involved, the cause and the harm it may cause; (2) the remedial measures taken and the measures
 * individuals can take to reduce the harm; (3) the handler's contact. It asks for notice 立即
 * (immediately), without a number of hours.
 * GDPR art. 33(1)/(3): within 72 hours of becoming aware (reasons for any delay); (a) the nature of the
 * breach incl. categories and approximate number of data subjects and of records; (b) the contact point;
 * (c) the likely consequences; (d) the measures taken or proposed.
 */
import { CATEGORY_LABELS, DATA_CATEGORIES, type DataCategory } from './breach.catalogue.js';
import type { BreachRow } from './breach.repo.js';

export const DEADLINE_HOURS = 72;
export const REMIND_BEFORE_HOURS = 24;
const HOUR = 3_600_000;

export const deadlineOf = (discoveredAt: Date) => new Date(discoveredAt.getTime() + DEADLINE_HOURS * HOUR);

export type ChainCheck = {
  ok: boolean;
  checked: number;
  firstBadSeq?: number;
  reason?: string;
  headHash?: string | null;
};

export type UnresolvedReason = 'bulk' | 'anonymous_case' | 'no_member';

export type Totals = {
  /** Affected members in the incident's subtree (listed). */
  members: number;
  withAccount: number;
  offline: number;
  /** Audit rows that reached the listed members. */
  events: number;
  /** Listed members per category of personal information. */
  byCategory: Partial<Record<DataCategory, number>>;
  /** Audit rows of the scope that name no individual. */
  unresolved: Array<{
    action: string;
    reason: UnresolvedReason;
    events: number;
    rows: number;
    categories: DataCategory[];
  }>;
  /** Members outside the incident's subtree reached by the same rows (never listed). */
  outsideScope: number;
};

/** The API names of the fields a notice needs. */
export type RequiredField =
  | 'description'
  | 'cause'
  | 'categories'
  | 'consequences'
  | 'measuresTaken'
  | 'memberMeasures'
  | 'contact'
  | 'affectedMembers'
  | 'delayReason';

const blank = (s: string | null | undefined) => !s || s.trim().length === 0;

/**
 * Fields still empty for a notice: PIPL 57 / GDPR 33(3) contents and the computed affected members;
 * `late` (the notice goes out after the 72 hours) adds the reasons for the delay (GDPR 33(1)).
 */
export function missingFields(b: BreachRow, late: boolean): RequiredField[] {
  const out: RequiredField[] = [];
  if (blank(b.description)) out.push('description');
  if (blank(b.cause)) out.push('cause');
  if (b.categories.length === 0) out.push('categories');
  if (blank(b.consequences)) out.push('consequences');
  if (blank(b.measures_taken)) out.push('measuresTaken');
  if (blank(b.member_measures)) out.push('memberMeasures');
  if (blank(b.contact)) out.push('contact');
  if (!b.computed_at) out.push('affectedMembers');
  if (late && blank(b.delay_reason)) out.push('delayReason');
  return out;
}

/** A time in China time (UTC+8), as regulators and members read it. */
export function chinaTime(d: Date): string {
  return `${new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ')} (UTC+8)`;
}

export type Lang = 'zh-CN' | 'en';

export function categoryList(cats: readonly string[], lang: Lang): string {
  const known = DATA_CATEGORIES.filter((c) => cats.includes(c));
  return known.map((c) => CATEGORY_LABELS[c][lang === 'en' ? 'en' : 'zh']).join(lang === 'en' ? '; ' : '；');
}

export type NoticeContext = {
  breach: BreachRow;
  orgName: string;
  totals: Totals | null;
  chain: ChainCheck | null;
  now: Date;
};

const STATUS_TEXT: Record<Lang, Record<BreachRow['status'], string>> = {
  'zh-CN': { open: '处置中', contained: '已控制', notified: '已报告', closed: '已结案' },
  en: { open: 'being handled', contained: 'contained', notified: 'reported', closed: 'closed' },
};

const UNRESOLVED_TEXT: Record<Lang, Record<UnresolvedReason, string>> = {
  'zh-CN': {
    bulk: '批量导出（日志只记录筛选条件和行数）',
    anonymous_case: '匿名案件（身份加密保存，未解密）',
    no_member: '不对应会员档案的账号（如干部账号）',
  },
  en: {
    bulk: 'bulk export (the log records only the filter and the row count)',
    anonymous_case: 'anonymous case (identity kept encrypted, not opened)',
    no_member: 'accounts without a member record (e.g. officers)',
  },
};

/** The regulator notice (Markdown) in `lang`: every PIPL 57 and GDPR 33(3) element, headed by article. */
export function regulatorNotice(c: NoticeContext, lang: Lang): string {
  const b = c.breach;
  const t = c.totals;
  const deadline = deadlineOf(b.discovered_at);
  const notifiedAt = b.regulator_notified_at ?? c.now;
  const late = notifiedAt.getTime() > deadline.getTime();
  const bulkRows = t ? t.unresolved.filter((u) => u.reason === 'bulk').reduce((s, u) => s + u.rows, 0) : 0;
  const bulkEvents = t
    ? t.unresolved.filter((u) => u.reason === 'bulk').reduce((s, u) => s + u.events, 0)
    : 0;
  const zh = lang === 'zh-CN';
  const L: string[] = [];
  const occurred =
    b.occurred_from || b.occurred_to
      ? `${b.occurred_from ? chinaTime(b.occurred_from) : zh ? '不详' : 'unknown'} — ${b.occurred_to ? chinaTime(b.occurred_to) : zh ? '不详' : 'unknown'}`
      : zh
        ? '不详'
        : 'unknown';
  const catLines = DATA_CATEGORIES.filter((k) => b.categories.includes(k)).map((k) => {
    const n = t?.byCategory[k];
    const label = CATEGORY_LABELS[k][zh ? 'zh' : 'en'];
    return n !== undefined
      ? zh
        ? `- ${label}：涉及 ${n} 人`
        : `- ${label}: ${n} data subject(s)`
      : `- ${label}`;
  });
  const chainLine = !c.chain
    ? ''
    : c.chain.ok
      ? zh
        ? `审计日志完整性校验：通过（共校验 ${c.chain.checked} 条记录）。`
        : `Audit trail integrity check: passed (${c.chain.checked} records checked).`
      : zh
        ? `审计日志完整性校验：未通过（自第 ${c.chain.firstBadSeq} 条记录起被改动：${c.chain.reason}）。受影响人员名单依据可能被篡改的日志得出，可能不完整。`
        : `Audit trail integrity check: FAILED (changed from record ${c.chain.firstBadSeq} on: ${c.chain.reason}). The affected list is derived from a trail that may have been tampered with and may be incomplete.`;

  if (zh) {
    L.push('# 个人信息安全事件报告', '');
    L.push(`- 报告单位：${c.orgName}`);
    L.push(`- 事件名称：${b.title}`);
    L.push(`- 事件编号：${b.id}`);
    L.push(`- 生成时间：${chinaTime(c.now)}`);
    L.push(`- 当前状态：${STATUS_TEXT['zh-CN'][b.status]}`, '');
    L.push('## 一、报告时限');
    L.push(
      `- 发现时间：${chinaTime(b.discovered_at)}`,
      '- 《个人信息保护法》第五十七条：发生或者可能发生个人信息泄露、篡改、丢失的，应当立即采取补救措施，并通知履行个人信息保护职责的部门和个人。',
      `- GDPR 第 33 条第 1 款：知悉后 72 小时内向监管机构报告，即 ${chinaTime(deadline)} 前。`,
    );
    if (late) L.push(`- 逾期原因（GDPR 第 33 条第 1 款）：${b.delay_reason.trim()}`);
    L.push('');
    L.push('## 二、事件性质与经过（GDPR 第 33 条第 3 款 a 项）');
    L.push(b.description.trim(), '', `- 发生时间：${occurred}`, '');
    L.push('## 三、事件原因（《个人信息保护法》第五十七条第一项）', b.cause.trim(), '');
    L.push('## 四、涉及的个人信息种类（第五十七条第一项；GDPR 第 33 条第 3 款 a 项）', ...catLines, '');
    L.push('## 五、涉及的个人信息主体及记录数量（约）（GDPR 第 33 条第 3 款 a 项）');
    if (t) {
      L.push(
        `- 受影响会员：约 ${t.members} 人（依据审计日志逐条确定），其中 ${t.withAccount} 人可通过系统通知，${t.offline} 人需线下通知。`,
        `- 涉及记录：${t.events} 条操作记录。`,
      );
      if (bulkEvents > 0)
        L.push(
          `- 另有 ${bulkEvents} 次批量导出，共约 ${bulkRows} 条记录；日志未记录具体人员，可能与上述人员重叠，无法逐一确定。`,
        );
      for (const u of t.unresolved.filter((x) => x.reason !== 'bulk'))
        L.push(
          `- ${UNRESOLVED_TEXT['zh-CN'][u.reason]}：${u.events} 条操作记录（${u.action}），未计入上述人数。`,
        );
    }
    if (chainLine) L.push(`- ${chainLine}`);
    L.push('');
    L.push('## 六、可能造成的危害（第五十七条第一项；GDPR 第 33 条第 3 款 c 项）', b.consequences.trim(), '');
    L.push('## 七、已采取及拟采取的补救措施（第五十七条第二项；GDPR 第 33 条第 3 款 d 项）');
    L.push(b.measures_taken.trim());
    if (b.contained_at) L.push('', `- 事件已于 ${chinaTime(b.contained_at)} 得到控制。`);
    L.push('');
    L.push('## 八、个人可以采取的减轻危害的措施（第五十七条第二项）', b.member_measures.trim(), '');
    L.push('## 九、联系方式（第五十七条第三项；GDPR 第 33 条第 3 款 b 项）', b.contact.trim(), '');
    L.push('## 十、对个人的通知');
    L.push(
      b.members_notified_at
        ? `已于 ${chinaTime(b.members_notified_at)} 通过系统通知受影响会员；无账号的会员线下通知。`
        : b.no_member_notice_reason
          ? `未通知个人，理由：${b.no_member_notice_reason}`
          : '尚未通知个人。',
    );
  } else {
    L.push('# Personal information breach report', '');
    L.push(`- Reporting organisation: ${c.orgName}`);
    L.push(`- Incident: ${b.title}`);
    L.push(`- Reference: ${b.id}`);
    L.push(`- Generated: ${chinaTime(c.now)}`);
    L.push(`- Status: ${STATUS_TEXT.en[b.status]}`, '');
    L.push('## 1. Timing');
    L.push(
      `- Discovered: ${chinaTime(b.discovered_at)}`,
      '- PIPL art. 57: where a leak, alteration or loss of personal information occurs or may occur, remedial measures shall be taken immediately and the authority and the individuals notified.',
      `- GDPR art. 33(1): notify the supervisory authority within 72 hours of becoming aware, i.e. by ${chinaTime(deadline)}.`,
    );
    if (late) L.push(`- Reasons for the delay (GDPR art. 33(1)): ${b.delay_reason.trim()}`);
    L.push('');
    L.push('## 2. Nature of the breach (GDPR art. 33(3)(a))');
    L.push(b.description.trim(), '', `- Occurred: ${occurred}`, '');
    L.push('## 3. Cause (PIPL art. 57(1))', b.cause.trim(), '');
    L.push('## 4. Categories of personal information (PIPL art. 57(1); GDPR art. 33(3)(a))', ...catLines, '');
    L.push('## 5. Approximate number of data subjects and records (GDPR art. 33(3)(a))');
    if (t) {
      L.push(
        `- Affected members: approx. ${t.members} (each determined from the audit trail); ${t.withAccount} notified through the system, ${t.offline} to be notified offline.`,
        `- Records concerned: ${t.events} logged operations.`,
      );
      if (bulkEvents > 0)
        L.push(
          `- In addition ${bulkEvents} bulk export(s) with approx. ${bulkRows} records; the log does not name the individuals, who may overlap with the above and cannot be determined one by one.`,
        );
      for (const u of t.unresolved.filter((x) => x.reason !== 'bulk'))
        L.push(
          `- ${UNRESOLVED_TEXT.en[u.reason]}: ${u.events} logged operation(s) (${u.action}), not counted above.`,
        );
    }
    if (chainLine) L.push(`- ${chainLine}`);
    L.push('');
    L.push('## 6. Likely consequences (PIPL art. 57(1); GDPR art. 33(3)(c))', b.consequences.trim(), '');
    L.push('## 7. Measures taken or proposed (PIPL art. 57(2); GDPR art. 33(3)(d))');
    L.push(b.measures_taken.trim());
    if (b.contained_at) L.push('', `- The breach was contained on ${chinaTime(b.contained_at)}.`);
    L.push('');
    L.push('## 8. Measures individuals can take (PIPL art. 57(2))', b.member_measures.trim(), '');
    L.push('## 9. Contact point (PIPL art. 57(3); GDPR art. 33(3)(b))', b.contact.trim(), '');
    L.push('## 10. Notice to individuals');
    L.push(
      b.members_notified_at
        ? `The affected members were notified through the system on ${chinaTime(b.members_notified_at)}; members without an account are notified offline.`
        : b.no_member_notice_reason
          ? `Individuals were not notified. Reason: ${b.no_member_notice_reason}`
          : 'Individuals have not been notified yet.',
    );
  }
  return `${L.join('\n')}\n`;
}

/** Params of the member notice (template `privacy_breach_notice`): PIPL 57 contents for one member. */
export function memberNoticeParams(b: BreachRow, orgName: string, categories: readonly string[]) {
  const cats = categories.length > 0 ? categories : b.categories;
  return {
    title: b.title,
    org: orgName,
    discovered: chinaTime(b.discovered_at),
    what: b.description.trim(),
    categoriesZh: categoryList(cats, 'zh-CN'),
    categoriesEn: categoryList(cats, 'en'),
    cause: b.cause.trim(),
    consequences: b.consequences.trim(),
    measures: b.measures_taken.trim(),
    memberMeasures: b.member_measures.trim(),
    contact: b.contact.trim(),
  };
}
