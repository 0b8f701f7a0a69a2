/**
 * Validation, encryption, blind indexes and masking of a member's personal data. The column name is
 * the associated data of each ciphertext, so a value cannot be moved to another column.
 */
import { type FieldCipher, mask } from '../../kernel/crypto/field.js';
import { AppError } from '../../kernel/http/errors.js';
import {
  type IdType,
  ID_TYPES,
  isValidIdNumber,
  normaliseIdNumber,
  normalisePhone,
  parseResidentId,
} from './identity-docs.js';
import type { MemberRow } from './members.repo.js';

export const COL = {
  idNumber: 'members.id_number',
  phone: 'members.phone',
  address: 'members.address',
} as const;

export type PersonInput = {
  name?: string;
  gender?: 'male' | 'female' | 'unspecified';
  birthDate?: string | null;
  idType?: IdType;
  idNumber?: string | null;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  employer?: string | null;
  department?: string | null;
  jobTitle?: string | null;
  education?: string | null;
};

/** Validated, normalised personal fields (only those present in the input). */
export type CleanPerson = PersonInput & { idNumberNorm?: string | null; phoneNorm?: string | null };

const trimOrNull = (v: string | null | undefined) => (v == null ? v : v.trim() === '' ? null : v.trim());

/**
 * Checks and normalises the personal fields present in `input`; for a resident ID the birth date and
 * gender come from the number itself.
 * @throws AppError member.invalid_id_number, member.invalid_phone
 */
export function cleanPerson(
  input: PersonInput,
  current?: { idType: string },
  today = new Date(),
): CleanPerson {
  const out: CleanPerson = {};
  for (const k of ['name', 'email', 'address', 'employer', 'department', 'jobTitle'] as const) {
    if (input[k] !== undefined) (out as Record<string, unknown>)[k] = trimOrNull(input[k]);
  }
  if (input.gender !== undefined) out.gender = input.gender;
  if (input.birthDate !== undefined) out.birthDate = input.birthDate;
  if (input.education !== undefined) out.education = input.education;
  if (input.idType !== undefined) out.idType = input.idType;
  if (input.idNumber !== undefined) {
    const type = (input.idType ?? current?.idType ?? 'resident_id') as IdType;
    if (!ID_TYPES.includes(type)) throw new AppError('member.invalid_id_number', { field: 'idType' });
    const raw = trimOrNull(input.idNumber);
    if (raw) {
      if (!isValidIdNumber(type, raw, today))
        throw new AppError('member.invalid_id_number', { field: 'idNumber' });
      out.idNumberNorm = normaliseIdNumber(raw);
      if (type === 'resident_id') {
        const info = parseResidentId(out.idNumberNorm, today)!;
        out.birthDate = info.birthDate;
        out.gender = info.gender;
      }
    } else out.idNumberNorm = null;
    out.idType = type;
  }
  if (input.phone !== undefined) {
    const raw = trimOrNull(input.phone);
    if (raw) {
      const p = normalisePhone(raw);
      if (!p) throw new AppError('member.invalid_phone', { field: 'phone' });
      out.phoneNorm = p;
    } else out.phoneNorm = null;
  }
  return out;
}

export function idNumberBidx(cipher: FieldCipher, type: string, normalised: string): string {
  return cipher.blindIndex(COL.idNumber, `${type}:${normalised}`);
}

/** Blind indexes an ID number could be stored under, whatever its document type (exact lookup). */
export function idNumberLookupKeys(cipher: FieldCipher, raw: string): string[] {
  const normalised = normaliseIdNumber(raw);
  return ID_TYPES.map((type) => idNumberBidx(cipher, type, normalised));
}

export function phoneBidx(cipher: FieldCipher, normalised: string): string {
  return cipher.blindIndex(COL.phone, normalised);
}

/** Column values for the sensitive fields present in `p`. */
export function sensitiveColumns(cipher: FieldCipher, p: CleanPerson, idType: string) {
  const set: Record<string, Buffer | string | null> = {};
  if (p.idNumberNorm !== undefined) {
    set.id_number_enc = p.idNumberNorm ? cipher.encrypt(COL.idNumber, p.idNumberNorm) : null;
    set.id_number_bidx = p.idNumberNorm ? idNumberBidx(cipher, idType, p.idNumberNorm) : null;
  }
  if (p.phoneNorm !== undefined) {
    set.phone_enc = p.phoneNorm ? cipher.encrypt(COL.phone, p.phoneNorm) : null;
    set.phone_bidx = p.phoneNorm ? phoneBidx(cipher, p.phoneNorm) : null;
  }
  if (p.address !== undefined) set.address_enc = p.address ? cipher.encrypt(COL.address, p.address) : null;
  return set;
}

/** Plain (non-sensitive) column values for the fields present in `p`. */
export function plainColumns(p: CleanPerson) {
  const set: Record<string, string | null> = {};
  if (p.name !== undefined && p.name !== null) set.name = p.name;
  if (p.gender !== undefined) set.gender = p.gender;
  if (p.birthDate !== undefined) set.birth_date = p.birthDate;
  if (p.idType !== undefined) set.id_type = p.idType;
  if (p.email !== undefined) set.email = p.email;
  if (p.employer !== undefined) set.employer = p.employer;
  if (p.department !== undefined) set.department = p.department;
  if (p.jobTitle !== undefined) set.job_title = p.jobTitle;
  if (p.education !== undefined) set.education = p.education;
  return set;
}

export async function decryptOrNull(cipher: FieldCipher, column: string, blob: Buffer | null) {
  return blob ? cipher.decrypt(column, blob) : null;
}

/** Masked forms of the sensitive fields, for every response that does not come from a reveal. */
export async function maskedPii(
  cipher: FieldCipher,
  row: Pick<MemberRow, 'id_number_enc' | 'phone_enc' | 'address_enc' | 'email'>,
) {
  const [idNumber, phone] = await Promise.all([
    decryptOrNull(cipher, COL.idNumber, row.id_number_enc),
    decryptOrNull(cipher, COL.phone, row.phone_enc),
  ]);
  return {
    idNumberMasked: idNumber ? mask.idNumber(idNumber) : null,
    phoneMasked: phone ? mask.phone(phone) : null,
    emailMasked: row.email ? mask.email(row.email) : null,
    addressMasked: row.address_enc ? mask.text('') : null,
  };
}
