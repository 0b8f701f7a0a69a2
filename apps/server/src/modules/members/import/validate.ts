/**
 * Validation of one imported row: labels in Chinese or English, Excel serial dates, ID numbers that
 * Excel turned into numbers, and precise error codes per column (the row-by-row report).
 */
import { EDUCATION_LABELS, GENDER_LABELS, ID_TYPE_LABELS, type ColumnKey } from '../columns.js';
import {
  type IdType,
  isValidIdNumber,
  normaliseIdNumber,
  normalisePhone,
  parseResidentId,
} from '../identity-docs.js';
import { EDUCATION_LEVELS } from '../members.schemas.js';
import { cellText } from './rows.js';

export type RowError = { column: ColumnKey | '*'; code: string; ref?: number };

export type ImportRecord = {
  name: string;
  gender: 'male' | 'female' | 'unspecified';
  birthDate: string | null;
  idType: IdType;
  idNumber: string;
  phone: string | null;
  email: string | null;
  address: string | null;
  employer: string | null;
  department: string | null;
  jobTitle: string | null;
  education: string | null;
  joinDate: string | null;
};

const MAX: Partial<Record<ColumnKey, number>> = {
  name: 100,
  email: 254,
  address: 300,
  employer: 200,
  department: 200,
  jobTitle: 100,
};
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const iso = (y: number, m: number, d: number): string | null => {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
};

/** A date from a cell: a Date, an Excel serial number, or text such as 2024-03-05, 2024/3/5, 2024年3月5日, 20240305, 2024.03. */
export function parseDateCell(v: unknown): string | null | 'invalid' {
  if (v == null || v === '') return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString().slice(0, 10);
  const asNumber =
    typeof v === 'number' ? v : /^\d{1,5}(\.\d+)?$/.test(cellText(v)) ? Number(cellText(v)) : null;
  if (asNumber !== null) {
    if (asNumber < 1 || asNumber >= 2958466) return 'invalid';
    return new Date(EXCEL_EPOCH + Math.floor(asNumber) * 86_400_000).toISOString().slice(0, 10);
  }
  const s = cellText(v);
  let m = s.match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3])) ?? 'invalid';
  m = s.match(/^(\d{4})(\d{2})(\d{2})$/);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3])) ?? 'invalid';
  m = s.match(/^(\d{4})[-/.年](\d{1,2})月?$/);
  if (m) return iso(Number(m[1]), Number(m[2]), 1) ?? 'invalid';
  return 'invalid';
}

function label<T>(map: Record<string, T>, raw: string): T | undefined {
  return map[raw.trim().toLowerCase().replace(/\s+/g, '_')] ?? map[raw.trim()];
}

/** Validates one row (cells keyed by column); returns the clean record or the list of errors. */
export function validateRow(
  cells: Map<ColumnKey, unknown>,
  today: Date,
): { record?: ImportRecord; errors: RowError[] } {
  const errors: RowError[] = [];
  const text = (k: ColumnKey) => cellText(cells.get(k));
  for (const [k, v] of cells) {
    if (cellText(v).includes('\uFFFD')) errors.push({ column: k, code: 'import.invalid_encoding' });
    const max = MAX[k];
    if (max && cellText(v).length > max) errors.push({ column: k, code: 'import.too_long' });
  }
  const name = text('name');
  if (!name) errors.push({ column: 'name', code: 'import.required' });

  const idTypeRaw = text('idType');
  const idType = idTypeRaw ? label(ID_TYPE_LABELS, idTypeRaw) : 'resident_id';
  if (!idType) errors.push({ column: 'idType', code: 'import.invalid_id_type' });

  const idCell = cells.get('idNumber');
  const idRaw = text('idNumber');
  let idNumber = '';
  if (!idRaw) errors.push({ column: 'idNumber', code: 'import.required' });
  else if (typeof idCell === 'number' || /^\d(\.\d+)?e\+\d+$/i.test(idRaw)) {
    errors.push({ column: 'idNumber', code: 'import.id_number_as_number' });
  } else if (idType) {
    idNumber = normaliseIdNumber(idRaw.replace(/^'/, ''));
    if (!isValidIdNumber(idType, idNumber, today))
      errors.push({ column: 'idNumber', code: 'import.invalid_id_number' });
  }

  const genderRaw = text('gender');
  let gender = genderRaw ? label(GENDER_LABELS, genderRaw) : 'unspecified';
  if (!gender) errors.push({ column: 'gender', code: 'import.invalid_gender' });

  let birthDate = parseDateCell(cells.get('birthDate'));
  if (birthDate === 'invalid') errors.push({ column: 'birthDate', code: 'import.invalid_date' });
  const joinDate = parseDateCell(cells.get('joinDate'));
  if (joinDate === 'invalid') errors.push({ column: 'joinDate', code: 'import.invalid_date' });
  else if (joinDate && joinDate > today.toISOString().slice(0, 10))
    errors.push({ column: 'joinDate', code: 'import.invalid_date' });

  const phoneRaw = text('phone');
  const phone = phoneRaw ? normalisePhone(phoneRaw) : null;
  if (phoneRaw && !phone) errors.push({ column: 'phone', code: 'import.invalid_phone' });

  const email = text('email') || null;
  if (email && !EMAIL.test(email)) errors.push({ column: 'email', code: 'import.invalid_email' });

  const eduRaw = text('education');
  const education = eduRaw
    ? (label(EDUCATION_LABELS, eduRaw) ??
      ((EDUCATION_LEVELS as readonly string[]).includes(eduRaw.toLowerCase())
        ? eduRaw.toLowerCase()
        : undefined))
    : null;
  if (education === undefined) errors.push({ column: 'education', code: 'import.invalid_education' });

  if (errors.length) return { errors };
  if (idType === 'resident_id') {
    const info = parseResidentId(idNumber, today)!;
    birthDate = info.birthDate;
    gender = info.gender;
  }
  return {
    errors,
    record: {
      name,
      gender: gender!,
      birthDate: birthDate as string | null,
      idType: idType!,
      idNumber,
      phone,
      email,
      address: text('address') || null,
      employer: text('employer') || null,
      department: text('department') || null,
      jobTitle: text('jobTitle') || null,
      education: education as string | null,
      joinDate: joinDate as string | null,
    },
  };
}
