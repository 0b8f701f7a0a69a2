/**
 * The register as a file for a regulator: CSV (one row per entry, UTF-8 with BOM, cells safe against
 * formula injection) or Markdown (the officer's contact, then one section per entry), with Chinese or
 * English headers and labels.
 */
import { csvLine } from '../../kernel/export/tabular.js';
import type { Content, Lang } from './register.schemas.js';

type Bi = { zh: string; en: string };

export const LEGAL_BASIS_LABEL: Record<Content['legalBasis'], Bi> = {
  consent: { zh: '取得个人的同意（第十三条第一款第一项）', en: 'Consent (PIPL 13(1)1)' },
  contract: {
    zh: '订立、履行个人作为一方当事人的合同所必需（第十三条第一款第二项）',
    en: 'Necessary for a contract with the person (PIPL 13(1)2)',
  },
  hr_management: {
    zh: '按照依法制定的劳动规章制度和依法签订的集体合同实施人力资源管理所必需（第十三条第一款第二项）',
    en: 'Necessary for human-resources management under lawful labour rules and collective contracts (PIPL 13(1)2)',
  },
  legal_duty: {
    zh: '履行法定职责或者法定义务所必需（第十三条第一款第三项）',
    en: 'Legal duty or obligation (PIPL 13(1)3)',
  },
  public_health: {
    zh: '应对突发公共卫生事件或紧急情况下保护生命健康和财产安全所必需（第十三条第一款第四项）',
    en: 'Public-health emergency or protection of life, health and property (PIPL 13(1)4)',
  },
  news_reporting: {
    zh: '为公共利益实施新闻报道、舆论监督（第十三条第一款第五项）',
    en: 'News reporting and public-opinion supervision in the public interest (PIPL 13(1)5)',
  },
  published_info: {
    zh: '处理已合法公开的个人信息（第十三条第一款第六项）',
    en: 'Personal information already lawfully made public (PIPL 13(1)6)',
  },
  other_law: {
    zh: '法律、行政法规规定的其他情形（第十三条第一款第七项）',
    en: 'Other cases set by law (PIPL 13(1)7)',
  },
};

export const SENSITIVE_LABEL: Record<Content['sensitive'][number], Bi> = {
  biometric: { zh: '生物识别', en: 'Biometric' },
  religion: { zh: '宗教信仰', en: 'Religious belief' },
  specific_identity: { zh: '特定身份', en: 'Specific identity' },
  health: { zh: '医疗健康', en: 'Medical and health' },
  financial: { zh: '金融账户', en: 'Financial accounts' },
  location: { zh: '行踪轨迹', en: 'Whereabouts' },
  minor: { zh: '不满十四周岁未成年人', en: 'Minors under 14' },
  other: { zh: '其他', en: 'Other' },
};

const ROLE_LABEL: Record<Content['processors'][number]['role'], Bi> = {
  entrusted: { zh: '受托处理者（第二十一条）', en: 'Entrusted processor (PIPL 21)' },
  joint: { zh: '共同处理者（第二十条）', en: 'Joint handler (PIPL 20)' },
  recipient: { zh: '接收方处理者（第二十三条）', en: 'Receiving handler (PIPL 23)' },
};

const MECHANISM_LABEL: Record<string, Bi> = {
  security_assessment: { zh: '安全评估', en: 'Security assessment' },
  certification: { zh: '个人信息保护认证', en: 'Certification' },
  standard_contract: { zh: '标准合同', en: 'Standard contract' },
  exempt: { zh: '依法豁免', en: 'Exempt by regulation' },
};

const HEAD: Record<string, Bi> = {
  version: { zh: '版本', en: 'Version' },
  status: { zh: '状态', en: 'Status' },
  name: { zh: '处理活动', en: 'Activity' },
  purpose: { zh: '处理目的', en: 'Purpose' },
  legalBasis: { zh: '合法性基础', en: 'Legal basis' },
  legalBasisNote: { zh: '合法性基础说明', en: 'Legal basis note' },
  individuals: { zh: '个人类别', en: 'Categories of individuals' },
  dataCategories: { zh: '个人信息种类', en: 'Categories of personal information' },
  sensitive: { zh: '敏感个人信息（第二十八条）', en: 'Sensitive personal information (PIPL 28)' },
  source: { zh: '信息来源', en: 'Source' },
  recipients: { zh: '接收方', en: 'Recipients' },
  processors: { zh: '受托处理者及其他外部方', en: 'Outside processors' },
  crossBorder: { zh: '出境（第三十八条）', en: 'Cross-border (PIPL 38)' },
  retention: { zh: '保存期限', en: 'Retention' },
  securityMeasures: { zh: '安全保护措施', en: 'Security measures' },
  responsible: { zh: '责任人', en: 'Person responsible' },
  reviewedOn: { zh: '最近审核日期', en: 'Last reviewed' },
};

export type ExportEntry = { version: number; content: Content; updatedAt: Date };
export type ExportHeader = {
  unionName: string;
  generatedAt: Date;
  contact: { name: string; title: string; phone: string; email: string; postalAddress: string | null } | null;
  contactFrom: string | null;
};

function words(lang: Lang) {
  const L = (b: Bi) => (lang === 'en' ? b.en : b.zh);
  const sep = lang === 'en' ? '; ' : '；';
  const yes = L({ zh: '是', en: 'Yes' });
  const no = L({ zh: '否', en: 'No' });
  const none = L({ zh: '无', en: 'None' });
  const processor = (p: Content['processors'][number]) =>
    [
      p.name,
      L(ROLE_LABEL[p.role]),
      p.service,
      p.country,
      p.contractRef && `${L({ zh: '合同', en: 'contract' })} ${p.contractRef}`,
      p.crossBorder &&
        `${L({ zh: '出境', en: 'cross-border' })}${p.transferMechanism ? ` (${L(MECHANISM_LABEL[p.transferMechanism]!)})` : ''}`,
    ]
      .filter(Boolean)
      .join(lang === 'en' ? ', ' : '，');
  return { L, sep, yes, no, none, processor };
}

/** Entries as CSV rows (the caller adds the BOM and streams or joins them). */
export function registerCsv(entries: ExportEntry[], lang: Lang): string {
  const w = words(lang);
  const cols = Object.keys(HEAD);
  let out = `\uFEFF${csvLine(cols.map((k) => w.L(HEAD[k]!)))}`;
  for (const e of entries) {
    const c = e.content;
    const row: Record<string, unknown> = {
      version: e.version,
      status: c.retired ? w.L({ zh: '已停止', en: 'Retired' }) : w.L({ zh: '进行中', en: 'Active' }),
      name: c.name,
      purpose: c.purpose,
      legalBasis: w.L(LEGAL_BASIS_LABEL[c.legalBasis]),
      legalBasisNote: c.legalBasisNote,
      individuals: c.individuals.join(w.sep),
      dataCategories: c.dataCategories.join(w.sep),
      sensitive: c.sensitive.length ? c.sensitive.map((s) => w.L(SENSITIVE_LABEL[s])).join(w.sep) : w.no,
      source: c.source,
      recipients: c.recipients,
      processors: c.processors.length ? c.processors.map(w.processor).join(w.sep) : w.none,
      crossBorder: c.processors.some((p) => p.crossBorder) ? w.yes : w.no,
      retention: c.retention,
      securityMeasures: c.securityMeasures,
      responsible: c.responsible,
      reviewedOn: c.reviewedOn ?? '',
    };
    out += csvLine(cols.map((k) => row[k]));
  }
  return out;
}

/** Markdown text: pipes and line breaks inside a table cell would break the table. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function registerMarkdown(head: ExportHeader, entries: ExportEntry[], lang: Lang): string {
  const w = words(lang);
  const L = w.L;
  const lines: string[] = [];
  lines.push(
    `# ${cell(head.unionName)} · ${L({ zh: '个人信息处理活动记录', en: 'Register of processing activities' })}`,
  );
  lines.push('');
  lines.push(`${L({ zh: '生成时间', en: 'Generated' })}: ${head.generatedAt.toISOString()}`);
  lines.push('');
  lines.push(`## ${L({ zh: '个人信息保护负责人', en: 'Personal-information protection officer' })}`);
  lines.push('');
  if (head.contact) {
    const c = head.contact;
    lines.push(`- ${L({ zh: '姓名', en: 'Name' })}: ${cell(c.name)}`);
    lines.push(`- ${L({ zh: '职务', en: 'Title' })}: ${cell(c.title)}`);
    lines.push(`- ${L({ zh: '电话', en: 'Phone' })}: ${cell(c.phone)}`);
    lines.push(`- ${L({ zh: '电子邮箱', en: 'E-mail' })}: ${cell(c.email)}`);
    if (c.postalAddress)
      lines.push(`- ${L({ zh: '通信地址', en: 'Postal address' })}: ${cell(c.postalAddress)}`);
    if (head.contactFrom)
      lines.push(
        `- ${L({ zh: '由上级工会指定', en: 'Named by the union above' })}: ${cell(head.contactFrom)}`,
      );
  } else {
    lines.push(L({ zh: '未指定。', en: 'None named.' }));
  }
  for (const e of entries) {
    const c = e.content;
    lines.push('');
    lines.push(
      `## ${cell(c.name)} (v${e.version}${c.retired ? `, ${L({ zh: '已停止', en: 'retired' })}` : ''})`,
    );
    lines.push('');
    lines.push(`| ${L({ zh: '项目', en: 'Field' })} | ${L({ zh: '内容', en: 'Content' })} |`);
    lines.push('| --- | --- |');
    const row = (k: string, v: string) => lines.push(`| ${L(HEAD[k]!)} | ${cell(v) || '—'} |`);
    row('purpose', c.purpose);
    row('legalBasis', L(LEGAL_BASIS_LABEL[c.legalBasis]));
    row('legalBasisNote', c.legalBasisNote);
    row('individuals', c.individuals.join(w.sep));
    row('dataCategories', c.dataCategories.join(w.sep));
    row('sensitive', c.sensitive.length ? c.sensitive.map((s) => L(SENSITIVE_LABEL[s])).join(w.sep) : w.no);
    row('source', c.source);
    row('recipients', c.recipients);
    row('crossBorder', c.processors.some((p) => p.crossBorder) ? w.yes : w.no);
    row('retention', c.retention);
    row('securityMeasures', c.securityMeasures);
    row('responsible', c.responsible);
    row('reviewedOn', c.reviewedOn ?? '');
    if (c.processors.length) {
      lines.push('');
      lines.push(`**${L(HEAD.processors!)}**`);
      lines.push('');
      for (const p of c.processors) lines.push(`- ${cell(w.processor(p))}`);
    }
  }
  lines.push('');
  return lines.join('\n');
}
