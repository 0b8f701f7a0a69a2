/**
 * Pure validation of identity documents and phone numbers. The mainland resident ID (居民身份证) follows
 * GB 11643-1999: 6-digit region, 8-digit birth date, 3-digit sequence (odd = male), and an ISO 7064
 * MOD 11-2 check character that may be X. Residence permits for Hong Kong, Macao and Taiwan residents
 * use the same 18-character format and pass the same check.
 */

export const ID_TYPES = ['resident_id', 'passport', 'hk_macau_permit', 'taiwan_permit', 'other'] as const;
export type IdType = (typeof ID_TYPES)[number];

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The GB 11643 check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** A calendar date in YYYYMMDD that exists and lies between 1900-01-01 and `today`. */
function realDate(yyyymmdd: string, today: Date): string | null {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  if (y < 1900 || dt.getTime() > today.getTime()) return null;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

export type ResidentIdInfo = { birthDate: string; gender: 'male' | 'female' };

/** Parses an 18-character resident ID; null when the format, date or check character is wrong. */
export function parseResidentId(raw: string, today = new Date()): ResidentIdInfo | null {
  const v = raw.trim().toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(v)) return null;
  if (residentIdCheckChar(v.slice(0, 17)) !== v[17]) return null;
  const birthDate = realDate(v.slice(6, 14), today);
  if (!birthDate) return null;
  return { birthDate, gender: Number(v[16]) % 2 === 1 ? 'male' : 'female' };
}

const PATTERNS: Record<Exclude<IdType, 'resident_id'>, RegExp> = {
  passport: /^[A-Z0-9]{5,20}$/,
  // 港澳居民来往内地通行证: H or M and 8 (or, older cards, 10) digits.
  hk_macau_permit: /^[HM]\d{8}(\d{2})?$/,
  // 台湾居民来往大陆通行证: 8 digits (older cards 10).
  taiwan_permit: /^\d{8}(\d{2})?$/,
  other: /^[A-Z0-9-]{4,30}$/,
};

/** Canonical form used for storage and the blind index: trimmed, no inner spaces, upper case. */
export function normaliseIdNumber(raw: string): string {
  return raw.replace(/[\s\u3000]/g, '').toUpperCase();
}

/** Whether `raw` is a valid number for the document type (normalised first). */
export function isValidIdNumber(type: IdType, raw: string, today = new Date()): boolean {
  const v = normaliseIdNumber(raw);
  if (type === 'resident_id') return parseResidentId(v, today) !== null;
  return PATTERNS[type].test(v);
}

/**
 * Canonical phone: mainland mobiles as 11 digits (a +86 / 0086 prefix, spaces and dashes dropped);
 * other countries in E.164 (+ and up to 15 digits). Null when neither.
 */
export function normalisePhone(raw: string): string | null {
  let v = raw.replace(/[\s\-()]/g, '');
  if (v.startsWith('0086')) v = `+86${v.slice(4)}`;
  if (v.startsWith('+86')) v = v.slice(3);
  if (/^1[3-9]\d{9}$/.test(v)) return v;
  if (/^\+[1-9]\d{6,14}$/.test(v) && !v.startsWith('+86')) return v;
  return null;
}

/** Likely kind of a free-text search term, to pick the exact-match blind index. */
export function classifySearchTerm(q: string): 'phone' | 'id_number' | 'text' {
  const v = q.replace(/[\s-]/g, '');
  if (normalisePhone(v) !== null && /^\+?\d+$/.test(v)) return 'phone';
  if (/^[0-9A-Za-z]{6,30}$/.test(v) && /\d{6,}/.test(v)) return 'id_number';
  return 'text';
}
