/**
 * The spreadsheet columns of import, template and export, with Chinese and English headers, accepted
 * aliases, and the value labels both languages use (documented in docs/members.md).
 */
import type { IdType } from './identity-docs.js';

export type ColumnKey =
  | 'name'
  | 'gender'
  | 'birthDate'
  | 'idType'
  | 'idNumber'
  | 'phone'
  | 'email'
  | 'address'
  | 'employer'
  | 'department'
  | 'jobTitle'
  | 'education'
  | 'joinDate';

export type ColumnDef = { key: ColumnKey; zh: string; en: string; required?: boolean; aliases?: string[] };

export const IMPORT_COLUMNS: ColumnDef[] = [
  { key: 'name', zh: '姓名', en: 'Name', required: true, aliases: ['会员姓名', 'full name'] },
  { key: 'gender', zh: '性别', en: 'Gender', aliases: ['sex'] },
  {
    key: 'birthDate',
    zh: '出生日期',
    en: 'Date of birth',
    aliases: ['出生年月', 'birth date', 'birthday', 'dob'],
  },
  { key: 'idType', zh: '证件类型', en: 'ID type', aliases: ['证件种类', 'document type'] },
  {
    key: 'idNumber',
    zh: '证件号码',
    en: 'ID number',
    required: true,
    aliases: ['身份证号', '身份证号码', '公民身份号码', 'id no', 'document number'],
  },
  {
    key: 'phone',
    zh: '手机号码',
    en: 'Mobile phone',
    aliases: ['手机', '手机号', '联系电话', '电话', 'phone', 'mobile'],
  },
  { key: 'email', zh: '电子邮箱', en: 'Email', aliases: ['邮箱', 'e-mail', 'email address'] },
  { key: 'address', zh: '住址', en: 'Address', aliases: ['家庭住址', '地址', '通讯地址'] },
  { key: 'employer', zh: '工作单位', en: 'Employer', aliases: ['单位', '单位名称', 'work unit'] },
  { key: 'department', zh: '部门', en: 'Department', aliases: ['所在部门', '车间'] },
  { key: 'jobTitle', zh: '职务', en: 'Job title', aliases: ['岗位', '职位', 'job', 'position'] },
  { key: 'education', zh: '学历', en: 'Education', aliases: ['文化程度', '最高学历'] },
  { key: 'joinDate', zh: '入会日期', en: 'Join date', aliases: ['入会时间', 'joined', 'date joined'] },
];

const norm = (s: string) => s.toLowerCase().replace(/[\s_*（）()：:]/g, '');

const HEADER_INDEX = new Map<string, ColumnKey>();
for (const c of IMPORT_COLUMNS) {
  for (const h of [c.key, c.zh, c.en, ...(c.aliases ?? [])]) HEADER_INDEX.set(norm(h), c.key);
}

/** Maps header cells to column keys; unknown headers are ignored (listed for the report). */
export function mapHeader(cells: string[]): {
  map: Map<number, ColumnKey>;
  unknown: string[];
  missing: ColumnKey[];
} {
  const map = new Map<number, ColumnKey>();
  const unknown: string[] = [];
  cells.forEach((cell, i) => {
    const key = HEADER_INDEX.get(norm(String(cell ?? '').replace(/^\uFEFF/, '')));
    if (key && ![...map.values()].includes(key)) map.set(i, key);
    else if (String(cell ?? '').trim()) unknown.push(String(cell).slice(0, 50));
  });
  const present = new Set(map.values());
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !present.has(c.key)).map((c) => c.key);
  return { map, unknown, missing };
}

export const GENDER_LABELS: Record<string, 'male' | 'female' | 'unspecified'> = {
  男: 'male',
  male: 'male',
  m: 'male',
  女: 'female',
  female: 'female',
  f: 'female',
  未说明: 'unspecified',
  unspecified: 'unspecified',
};

export const ID_TYPE_LABELS: Record<string, IdType> = {
  居民身份证: 'resident_id',
  身份证: 'resident_id',
  resident_id: 'resident_id',
  residentid: 'resident_id',
  护照: 'passport',
  passport: 'passport',
  港澳居民来往内地通行证: 'hk_macau_permit',
  港澳通行证: 'hk_macau_permit',
  回乡证: 'hk_macau_permit',
  hk_macau_permit: 'hk_macau_permit',
  台湾居民来往大陆通行证: 'taiwan_permit',
  台胞证: 'taiwan_permit',
  taiwan_permit: 'taiwan_permit',
  其他: 'other',
  other: 'other',
};

export const EDUCATION_LABELS: Record<string, string> = {
  小学: 'primary',
  初中: 'junior_high',
  高中: 'senior_high',
  中专: 'vocational',
  中职: 'vocational',
  技校: 'vocational',
  大专: 'associate',
  专科: 'associate',
  本科: 'bachelor',
  大学本科: 'bachelor',
  硕士: 'master',
  研究生: 'master',
  博士: 'doctorate',
  其他: 'other',
};

/** Display labels for export, per language. */
export const LABELS = {
  'zh-CN': {
    gender: { male: '男', female: '女', unspecified: '未说明' },
    idType: {
      resident_id: '居民身份证',
      passport: '护照',
      hk_macau_permit: '港澳居民来往内地通行证',
      taiwan_permit: '台湾居民来往大陆通行证',
      other: '其他',
    },
    education: {
      primary: '小学',
      junior_high: '初中',
      senior_high: '高中',
      vocational: '中专',
      associate: '大专',
      bachelor: '本科',
      master: '硕士',
      doctorate: '博士',
      other: '其他',
    },
    status: {
      applicant: '申请中',
      active: '在籍',
      retained: '保留会籍',
      transferring: '转出中',
      transferred_out: '已转出',
      left: '已退会',
      expelled: '已除名',
      rejected: '未通过',
    },
    extra: { memberNo: '会员编号', status: '会籍状态', org: '所属组织' },
  },
  en: {
    gender: { male: 'male', female: 'female', unspecified: 'unspecified' },
    idType: {
      resident_id: 'resident_id',
      passport: 'passport',
      hk_macau_permit: 'hk_macau_permit',
      taiwan_permit: 'taiwan_permit',
      other: 'other',
    },
    education: {
      primary: 'primary',
      junior_high: 'junior_high',
      senior_high: 'senior_high',
      vocational: 'vocational',
      associate: 'associate',
      bachelor: 'bachelor',
      master: 'master',
      doctorate: 'doctorate',
      other: 'other',
    },
    status: {
      applicant: 'applicant',
      active: 'active',
      retained: 'retained',
      transferring: 'transferring',
      transferred_out: 'transferred_out',
      left: 'left',
      expelled: 'expelled',
      rejected: 'rejected',
    },
    extra: { memberNo: 'Member no.', status: 'Status', org: 'Org unit' },
  },
} as const;
export type Lang = keyof typeof LABELS;
