/** Texts of the row error codes for the downloadable report (the web app translates the same codes). */
import { IMPORT_COLUMNS, type Lang } from '../columns.js';

const TEXT: Record<string, { 'zh-CN': string; en: string }> = {
  'import.required': { 'zh-CN': '必填项为空', en: 'Required value is empty' },
  'import.invalid_id_number': {
    'zh-CN': '证件号码无效（校验位、出生日期或格式错误）',
    en: 'Invalid ID number (check digit, birth date or format)',
  },
  'import.id_number_as_number': {
    'zh-CN': '证件号码被 Excel 存成了数字，末几位已丢失；请把该列设为文本后重新录入',
    en: 'Excel stored the ID number as a number and lost its last digits; format the column as text and re-enter it',
  },
  'import.invalid_id_type': { 'zh-CN': '证件类型无法识别', en: 'Unknown ID type' },
  'import.invalid_phone': { 'zh-CN': '手机号码无效', en: 'Invalid mobile phone number' },
  'import.invalid_email': { 'zh-CN': '电子邮箱格式错误', en: 'Invalid e-mail address' },
  'import.invalid_date': { 'zh-CN': '日期无效', en: 'Invalid date' },
  'import.invalid_gender': { 'zh-CN': '性别应为“男”或“女”', en: 'Gender must be male or female' },
  'import.invalid_education': { 'zh-CN': '学历无法识别', en: 'Unknown education level' },
  'import.too_long': { 'zh-CN': '内容过长', en: 'Value too long' },
  'import.invalid_encoding': {
    'zh-CN': '含有无法识别的字符（文件编码错误？请另存为 UTF-8 或 GBK）',
    en: 'Unreadable characters (wrong encoding? save as UTF-8 or GBK)',
  },
  'import.duplicate_in_file': {
    'zh-CN': '与文件中第 {ref} 行证件号码重复',
    en: 'Same ID number as row {ref} of this file',
  },
  'import.duplicate_in_registry': {
    'zh-CN': '该证件号码已在其他工会登记',
    en: 'This ID number is registered with another union',
  },
};

export function rowErrorText(code: string, lang: Lang, ref?: number | null): string {
  const t = TEXT[code]?.[lang] ?? code;
  return t.replace('{ref}', String(ref ?? ''));
}

export function columnLabel(key: string, lang: Lang): string {
  if (key === '*') return lang === 'en' ? '(row)' : '（整行）';
  const c = IMPORT_COLUMNS.find((x) => x.key === key);
  return c ? (lang === 'en' ? c.en : c.zh) : key;
}
